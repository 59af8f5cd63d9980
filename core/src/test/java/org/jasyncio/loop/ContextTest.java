package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.Token;
import org.junit.jupiter.api.Test;

/** Context, ContextVar and Token (test_context.py). Each test works inside a fresh Context of its own. */
class ContextTest {
    @Test
    void aNewContextIsEmpty() {
        Context ctx = new Context();
        assertEquals(0, ctx.size());
        assertEquals(Map.of(), ctx.asMap());
        ContextVar<Integer> v = new ContextVar<>("v");
        assertFalse(ctx.containsKey(v));
        assertNull(ctx.get(v));
        assertEquals(5, ctx.get(v, 5));
    }

    @Test
    void getWithoutValueOrDefaultFails() {
        new Context().run(() -> {
            ContextVar<String> v = new ContextVar<>("nothing");
            NoSuchElementException e = assertThrows(NoSuchElementException.class, v::get);
            assertTrue(e.getMessage().contains("nothing"), e.getMessage());
            assertEquals("fallback", v.get("fallback"));
        });
    }

    @Test
    void theDefaultIsUsedUntilAValueIsSet() {
        new Context().run(() -> {
            ContextVar<String> v = new ContextVar<>("v", "dflt");
            assertEquals("dflt", v.get());
            assertEquals("fallback wins over the default", v.get("fallback wins over the default"));
            v.set("x");
            assertEquals("x", v.get());
            assertEquals("x", v.get("fallback"));
        });
    }

    @Test
    void setReturnsATokenThatResetUndoes() {
        Context ctx = new Context();
        ctx.run(() -> {
            ContextVar<Integer> v = new ContextVar<>("v");
            Token<Integer> t1 = v.set(1);
            assertSame(v, t1.var());
            assertSame(Token.MISSING, t1.oldValue());
            Token<Integer> t2 = v.set(2);
            assertEquals(1, t2.oldValue());
            assertEquals(2, v.get());
            v.reset(t2);
            assertEquals(1, v.get());
            v.reset(t1);
            assertThrows(NoSuchElementException.class, v::get);
            assertEquals(0, Context.copyCurrent().size());
        });
    }

    @Test
    void aTokenCanBeUsedOnlyOnce() {
        new Context().run(() -> {
            ContextVar<Integer> v = new ContextVar<>("v");
            Token<Integer> t = v.set(1);
            v.reset(t);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> v.reset(t));
            assertEquals(t + " has already been used once", e.getMessage());
            assertTrue(t.toString().startsWith("<Token used var="), t.toString());
        });
    }

    @Test
    void aTokenOfAnotherVariableIsRefused() {
        new Context().run(() -> {
            ContextVar<Integer> a = new ContextVar<>("a");
            ContextVar<Integer> b = new ContextVar<>("b");
            Token<Integer> t = a.set(1);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.reset(t));
            assertEquals(t + " was created by a different ContextVar", e.getMessage());
        });
    }

    @Test
    void aTokenOfAnotherContextIsRefused() {
        ContextVar<Integer> v = new ContextVar<>("v");
        AtomicReference<Token<Integer>> token = new AtomicReference<>();
        new Context().run(() -> token.set(v.set(1)));
        new Context().run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> v.reset(token.get()));
            assertEquals(token.get() + " was created in a different Context", e.getMessage());
        });
    }

    @Test
    void aTokenIsAContextManager() {
        new Context().run(() -> {
            ContextVar<String> v = new ContextVar<>("v", "before");
            try (Token<String> t = v.set("inside")) {
                assertEquals("inside", v.get());
                assertSame(Token.MISSING, t.oldValue()); // a default is not a value
            }
            assertEquals("before", v.get());
            assertEquals(0, Context.copyCurrent().size());
        });
    }

    @Test
    void runMakesTheContextCurrentAndKeepsItsChanges() {
        ContextVar<String> v = new ContextVar<>("v");
        Context ctx = new Context();
        ctx.run(() -> v.set("in ctx"));
        assertEquals("in ctx", ctx.get(v));
        new Context().run(() -> {
            assertThrows(NoSuchElementException.class, v::get);
            ctx.run(() -> assertEquals("in ctx", v.get()));
            assertThrows(NoSuchElementException.class, v::get);
        });
    }

    @Test
    void runRestoresTheContextWhenTheCallableThrows() {
        ContextVar<String> v = new ContextVar<>("v", "outside");
        Context ctx = new Context();
        new Context().run(() -> {
            RuntimeException boom = new RuntimeException("boom");
            assertSame(boom, assertThrows(RuntimeException.class, () -> ctx.run(() -> {
                v.set("set before throwing");
                throw boom;
            })));
            assertEquals("outside", v.get());
        });
        assertEquals("set before throwing", ctx.get(v));
    }

    @Test
    void anEnteredContextCannotBeEnteredAgain() {
        Context ctx = new Context();
        ctx.run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> ctx.run(() -> { }));
            assertEquals("cannot enter context: " + ctx + " is already entered", e.getMessage());
        });
        ctx.run(() -> { }); // free again
    }

    @Test
    void copiesAreIndependent() {
        ContextVar<Integer> v = new ContextVar<>("v");
        Context ctx = new Context();
        ctx.run(() -> {
            v.set(1);
            Context copy = Context.copyCurrent();
            v.set(2);
            assertEquals(1, copy.get(v));
            copy.run(() -> v.set(3));
            assertEquals(2, v.get());
            assertEquals(3, copy.get(v));
        });
        Context second = ctx.copy();
        second.run(() -> v.set(4));
        assertEquals(2, ctx.get(v));
        assertEquals(4, second.get(v));
    }

    @Test
    void contextsHoldingTheSameValuesAreEqual() {
        ContextVar<String> v = new ContextVar<>("v");
        Context ctx = new Context();
        Context[] inside = new Context[1];
        ctx.run(() -> {
            v.set("spam");
            inside[0] = Context.copyCurrent();
        });
        assertEquals(ctx, inside[0]);
        assertEquals(ctx.hashCode(), inside[0].hashCode());
        assertEquals(new Context(), new Context());
        assertFalse(ctx.equals(new Context()));
        inside[0].run(() -> v.set("eggs"));
        assertFalse(ctx.equals(inside[0]));
    }

    @Test
    void asMapIsAnUnmodifiableSnapshot() {
        ContextVar<Integer> a = new ContextVar<>("a");
        ContextVar<Integer> b = new ContextVar<>("b");
        Context ctx = new Context();
        ctx.run(() -> {
            a.set(1);
            b.set(2);
        });
        Map<ContextVar<?>, Object> map = ctx.asMap();
        assertEquals(Map.of(a, 1, b, 2), map);
        assertEquals(2, ctx.size());
        assertThrows(UnsupportedOperationException.class, () -> map.clear());
        ctx.run(() -> a.set(10));
        assertEquals(1, map.get(a));
    }

    @Test
    void aNewThreadStartsInAnEmptyContext() throws Exception {
        ContextVar<String> v = new ContextVar<>("v", "default");
        AtomicReference<String> seen = new AtomicReference<>();
        new Context().run(() -> {
            v.set("main");
            Thread t = Thread.ofPlatform().start(() -> seen.set(v.get() + "/" + Context.copyCurrent().size()));
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals("default/0", seen.get());
    }

    @Test
    void variablesNeedAName() {
        assertEquals("context variable name must be a str",
                assertThrows(IllegalArgumentException.class, () -> new ContextVar<String>(null)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ContextVar<>(null, 1));
        assertEquals("n", new ContextVar<>("n").name());
    }

    @Test
    void reprs() {
        assertEquals("<ContextVar name='a'>", new ContextVar<>("a").toString());
        assertEquals("<ContextVar name='b' default=1>", new ContextVar<>("b", 1).toString());
        assertEquals("<Token.MISSING>", Token.MISSING.toString());
        new Context().run(() -> {
            ContextVar<Integer> v = new ContextVar<>("c");
            assertEquals("<Token var=<ContextVar name='c'>>", v.set(1).toString());
        });
    }

    @Test
    void manyVariablesAndNesting() {
        List<ContextVar<Integer>> vars = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> new ContextVar<Integer>("v" + i)).toList();
        Context ctx = new Context();
        ctx.run(() -> vars.forEach(v -> v.set(vars.indexOf(v))));
        assertEquals(50, ctx.size());
        Context inner = ctx.copy();
        inner.run(() -> {
            vars.get(7).set(-7);
            new Context().run(() -> assertEquals(-1, vars.get(7).get(-1)));
            assertEquals(-7, vars.get(7).get());
        });
        assertEquals(7, ctx.get(vars.get(7)));
    }
}
