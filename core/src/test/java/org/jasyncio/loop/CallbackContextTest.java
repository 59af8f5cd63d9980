package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.EventLoop;
import org.jasyncio.Token;
import org.jasyncio.harness.ExpectLoopReports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Callbacks run in a copy of the context current when they were scheduled, or in the one given. */
class CallbackContextTest {
    private static final ContextVar<String> VAR = new ContextVar<>("var", "default");
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private void runOnce() {
        loop.stop();
        loop.runForever();
    }

    @Test
    void aCallbackSeesTheContextOfTheMomentItWasScheduled() {
        List<String> log = new ArrayList<>();
        new Context().run(() -> {
            VAR.set("a");
            loop.callSoon(() -> log.add(VAR.get()));
            loop.callLater(0, () -> log.add("timer " + VAR.get()));
            VAR.set("b");
            loop.callSoon(() -> log.add(VAR.get()));
        });
        loop.callSoon(() -> log.add(VAR.get()));
        runOnce();
        assertEquals(List.of("a", "b", "default", "timer a"), log);
    }

    @Test
    void aVariableSetInsideACallbackDoesNotLeak() {
        List<String> log = new ArrayList<>();
        Context outer = new Context();
        outer.run(() -> {
            VAR.set("outer");
            loop.callSoon(() -> {
                VAR.set("changed by the first callback");
                log.add(VAR.get());
            });
            loop.callSoon(() -> log.add(VAR.get()));
        });
        loop.callSoon(() -> {
            VAR.set("set in an empty context");
        });
        loop.callSoon(() -> log.add(VAR.get()));
        runOnce();
        assertEquals(List.of("changed by the first callback", "outer", "default"), log);
        assertEquals("outer", outer.get(VAR));
        assertEquals("default", VAR.get());
    }

    @Test
    void anExplicitContextIsEnteredAndKeepsWhatTheCallbackSets() {
        Context ctx = new Context();
        ctx.run(() -> VAR.set("explicit"));
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add(VAR.get());
            VAR.set("set by callback 1");
        }, ctx);
        loop.callSoon(() -> log.add(VAR.get()), ctx);
        loop.callLater(0, () -> log.add("timer " + VAR.get()), ctx);
        loop.callAt(loop.time(), () -> log.add("at " + VAR.get()), ctx);
        runOnce();
        assertEquals(List.of("explicit", "set by callback 1", "timer set by callback 1", "at set by callback 1"), log);
        assertEquals("set by callback 1", ctx.get(VAR));
    }

    @Test
    void callSoonThreadsafeCapturesTheCallingThreadsContext() throws Exception {
        List<String> log = new ArrayList<>();
        Thread t = Thread.ofPlatform().start(() -> {
            VAR.set("from the other thread");
            loop.callSoonThreadsafe(() -> log.add(VAR.get()));
            Context ctx = new Context();
            ctx.run(() -> VAR.set("explicit"));
            loop.callSoonThreadsafe(() -> log.add(VAR.get()), ctx);
        });
        t.join();
        runOnce();
        assertEquals(List.of("from the other thread", "explicit"), log);
    }

    @Test
    void aNullContextMeansTheCurrentOne() {
        List<String> log = new ArrayList<>();
        new Context().run(() -> {
            VAR.set("current");
            loop.callSoon(() -> log.add(VAR.get()), null);
            loop.callLater(0, () -> log.add(VAR.get()), null);
        });
        runOnce();
        assertEquals(List.of("current", "current"), log);
    }

    @Test
    void callbacksRunningInTheSameExplicitContextCannotBeNestedButFollowEachOther() {
        Context ctx = new Context();
        AtomicReference<Throwable> nested = new AtomicReference<>();
        loop.callSoon(() -> {
            try {
                ctx.run(() -> { });
            } catch (Throwable t) {
                nested.set(t);
            }
        }, ctx);
        runOnce();
        assertEquals(IllegalStateException.class, nested.get().getClass());
        assertEquals("cannot enter context: " + ctx + " is already entered", nested.get().getMessage());
    }

    @Test
    void aCallbackDoesNotChangeTheSchedulersContextEvenWhenItResetsItsToken() {
        List<Object> log = new ArrayList<>();
        Context outer = new Context();
        outer.run(() -> {
            Token<String> token = VAR.set("outer");
            loop.callSoon(() -> {
                try {
                    VAR.reset(token);
                } catch (IllegalArgumentException e) {
                    log.add(e.getMessage().endsWith("was created in a different Context"));
                }
            });
        });
        runOnce();
        assertEquals(List.of(true), log);
        assertEquals("outer", outer.get(VAR));
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void theExceptionHandlerRunsInTheContextOfTheFailedCallback() {
        List<String> log = new ArrayList<>();
        loop.setExceptionHandler((l, context) -> log.add(VAR.get() + " " + ((Throwable) context.get("exception")).getMessage()));
        Context ctx = new Context();
        ctx.run(() -> VAR.set("callback's"));
        loop.callSoon(() -> {
            throw new IllegalStateException("boom");
        }, ctx);
        runOnce();
        loop.callExceptionHandler(Map.of("message", "no subject", "exception", new RuntimeException("plain")));
        assertEquals(List.of("callback's boom", "default plain"), log);
        assertFalse(ctx.containsKey(new ContextVar<>("other")));
    }
}
