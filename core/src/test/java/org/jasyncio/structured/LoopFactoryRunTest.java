package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Runner;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code asyncio.run(main, loop_factory=f)} and {@code Runner(loop_factory=f)} with {@code debug=None}: the loop comes
 * from the factory and keeps the debug mode and task factory the factory gave it (test_runners.py's loop_factory
 * cases).
 */
@Tag("coroutines")
class LoopFactoryRunTest {
    private final List<EventLoop> made = new ArrayList<>();

    private EventLoop debugEagerLoop() {
        EventLoop l = Asyncio.newEventLoop();
        l.setDebug(true);
        l.setTaskFactory(Asyncio.eagerTaskFactory());
        made.add(l);
        return l;
    }

    @Test
    void runWithALoopFactoryKeepsTheFactorysDebugModeAndTaskFactory() throws Exception {
        boolean[] seen = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            assertSame(made.get(0), loop);
            Task<String> t = Asyncio.createTask(() -> "eager");
            return new boolean[] {loop.getDebug(), t.done(), await(t).equals("eager")};
        }, this::debugEagerLoop);
        assertTrue(seen[0], "debug=None leaves the factory's debug mode");
        assertTrue(seen[1], "the factory's eager task factory is in use");
        assertTrue(seen[2]);
        assertTrue(made.get(0).isClosed(), "asyncio.run closes the loop");
    }

    @Test
    void anExplicitDebugFlagStillOverridesIt() throws Exception {
        boolean debug = Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), false, this::debugEagerLoop);
        assertFalse(debug);
    }

    @Test
    void aRunnerWithOnlyALoopFactoryLeavesItsDebugModeToo() throws Exception {
        try (Runner runner = new Runner(this::debugEagerLoop)) {
            EventLoop loop = runner.getLoop();
            assertSame(made.get(0), loop);
            assertTrue(runner.run(() -> Asyncio.getRunningLoop().getDebug()));
            assertEquals(1, made.size(), "one loop for every run");
            assertTrue(runner.run(() -> Asyncio.getRunningLoop().getDebug()));
        }
        assertTrue(made.get(0).isClosed());
    }
}
