package org.jasyncio.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.ExceptionGroup;
import org.junit.jupiter.api.Test;

/** ExceptionGroup's shape (Python's ExceptionGroup as test_exception_group.py checks it). */
class ExceptionGroupTest {
    private final IOException io = new IOException("io");
    private final IllegalStateException state = new IllegalStateException("state");
    private final IllegalArgumentException arg = new IllegalArgumentException("arg");
    private final ExceptionGroup nested = new ExceptionGroup("inner", List.of(state, arg));
    private final ExceptionGroup eg = new ExceptionGroup("outer", List.of(io, nested));

    @Test
    void messageExceptionsAndSuppressed() {
        assertEquals("outer", eg.message());
        assertEquals("outer (2 sub-exceptions)", eg.getMessage());
        assertEquals("inner (2 sub-exceptions)", nested.getMessage());
        assertEquals("x (1 sub-exception)", new ExceptionGroup("x", List.of(io)).getMessage());
        assertEquals(List.of(io, nested), eg.exceptions());
        assertEquals(List.of(io, nested), List.of(eg.getSuppressed()));
        assertThrows(UnsupportedOperationException.class, () -> eg.exceptions().add(arg));
    }

    @Test
    void theListIsCopiedAndBadArgumentsAreRefused() {
        List<Throwable> list = new ArrayList<>(List.of(io));
        ExceptionGroup g = new ExceptionGroup("m", list);
        list.add(arg);
        assertEquals(1, g.exceptions().size());
        assertEquals("second argument (exceptions) must be a non-empty sequence",
                assertThrows(IllegalArgumentException.class, () -> new ExceptionGroup("m", List.of())).getMessage());
        List<Throwable> withNull = new ArrayList<>();
        withNull.add(io);
        withNull.add(null);
        assertEquals("Item 1 of second argument (exceptions) is not an exception",
                assertThrows(IllegalArgumentException.class, () -> new ExceptionGroup("m", withNull)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExceptionGroup(null, List.of(io)));
    }

    @Test
    void subgroupKeepsTheNestingAndTheMessages() {
        ExceptionGroup runtime = eg.subgroup(t -> t instanceof RuntimeException && !(t instanceof ExceptionGroup));
        assertEquals("outer", runtime.message());
        assertEquals(1, runtime.exceptions().size());
        ExceptionGroup inner = (ExceptionGroup) runtime.exceptions().get(0);
        assertEquals("inner", inner.message());
        assertEquals(List.of(state, arg), inner.exceptions());
        ExceptionGroup onlyArg = eg.subgroup(t -> t instanceof IllegalArgumentException);
        assertEquals(List.of(arg), ((ExceptionGroup) onlyArg.exceptions().get(0)).exceptions());
        assertNull(eg.subgroup(t -> t instanceof ArithmeticException));
        assertSame(eg, eg.subgroup(t -> true), "a condition matching the group itself returns it");
        assertSame(nested, eg.subgroup(t -> t == nested).exceptions().get(0), "a matching nested group goes whole");
    }

    @Test
    void splitGivesMatchAndRest() {
        ExceptionGroup.Split s = eg.split(t -> t instanceof IllegalStateException);
        assertEquals(List.of(state), ((ExceptionGroup) s.match().exceptions().get(0)).exceptions());
        assertEquals(io, s.rest().exceptions().get(0));
        assertEquals(List.of(arg), ((ExceptionGroup) s.rest().exceptions().get(1)).exceptions());
        ExceptionGroup.Split none = eg.split(t -> false);
        assertNull(none.match());
        assertEquals(2, none.rest().exceptions().size());
        ExceptionGroup.Split all = eg.split(t -> true);
        assertSame(eg, all.match());
        assertNull(all.rest());
    }

    @Test
    void derivedGroupsKeepTheStackTraceAndCause() {
        ExceptionGroup withCause = new ExceptionGroup("c", List.of(io, arg));
        withCause.initCause(state);
        ExceptionGroup sub = withCause.subgroup(t -> t == io);
        assertSame(state, sub.getCause());
        assertEquals(List.of(withCause.getStackTrace()), List.of(sub.getStackTrace()));
    }
}
