package org.jasyncio.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every TaskGroup test again with the eager task factory installed, as test_taskgroups.py's TestEagerTaskTaskGroup
 * runs its whole suite twice.
 */
@Tag("coroutines")
class EagerTaskGroupTest extends TaskGroupTest {

    @BeforeEach
    void installEagerFactory() {
        loop.setTaskFactory(Asyncio.eagerTaskFactory());
    }

    /** An eager child runs to its end inside createTask, before the body's error: it is not cancelled. */
    @Override
    @Test
    void anErrorInTheBodyBeforeAnyAwaitCancelsTheChildrenBeforeTheyStart() throws Exception {
        List<Task<Integer>> ts = new ArrayList<>();
        boolean[] started = new boolean[1];
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            ts.add(g.createTask(() -> {
                started[0] = true;
                return 42;
            }));
            throw new MyExc();
        })));
        assertEquals(Set.of(MyExc.class), errorTypes(eg));
        assertTrue(started[0]);
        assertEquals(42, ts.get(0).result());
    }
}
