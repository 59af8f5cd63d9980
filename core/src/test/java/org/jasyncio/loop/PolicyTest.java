package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.DefaultEventLoopPolicy;
import org.jasyncio.EventLoop;
import org.jasyncio.EventLoopPolicy;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** getEventLoop, setEventLoop, newEventLoop and the policy functions (test_events.py PolicyTests). */
class PolicyTest {
    private final List<EventLoop> loops = new ArrayList<>();

    @AfterEach
    void tearDown() {
        Asyncio.setEventLoop(null);
        Asyncio.setEventLoopPolicy(null);
        loops.forEach(EventLoop::close);
    }

    private EventLoop newLoop() {
        EventLoop loop = Asyncio.newEventLoop();
        loops.add(loop);
        return loop;
    }

    /** Runs {@code body} in a new platform thread named {@code name} and returns what it returned or threw. */
    private static Object inThread(String name, java.util.concurrent.Callable<Object> body) throws Exception {
        CompletableFuture<Object> result = new CompletableFuture<>();
        Thread.ofPlatform().name(name).start(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable t) {
                result.complete(t);
            }
        });
        return result.get(10, TimeUnit.SECONDS);
    }

    @Test
    void getEventLoopWithNoneSetFailsNamingTheThread() throws Exception {
        Object outcome = inThread("main", Asyncio::getEventLoop);
        assertTrue(outcome instanceof IllegalStateException, String.valueOf(outcome));
        assertEquals("There is no current event loop in thread 'main'.", ((Throwable) outcome).getMessage());
        Object other = inThread("worker-7", Asyncio::getEventLoop);
        assertEquals("There is no current event loop in thread 'worker-7'.", ((Throwable) other).getMessage());
    }

    @Test
    void getEventLoopNeverCreatesALoop() throws Exception {
        Object outcome = inThread("t", () -> {
            assertThrows(IllegalStateException.class, Asyncio::getEventLoop);
            assertThrows(IllegalStateException.class, () -> Asyncio.getEventLoopPolicy().getEventLoop());
            return assertThrows(IllegalStateException.class, Asyncio::getEventLoop);
        });
        assertTrue(outcome instanceof IllegalStateException);
    }

    @Test
    void setEventLoopMakesItCurrentForThisThreadOnly() throws Exception {
        EventLoop loop = newLoop();
        Asyncio.setEventLoop(loop);
        assertSame(loop, Asyncio.getEventLoop());
        assertSame(loop, Asyncio.getEventLoopPolicy().getEventLoop());
        Object elsewhere = inThread("other", Asyncio::getEventLoop);
        assertTrue(elsewhere instanceof IllegalStateException);
        Asyncio.setEventLoop(null);
        assertThrows(IllegalStateException.class, Asyncio::getEventLoop);
    }

    @Test
    void replacingTheCurrentLoopLeavesTheOldOneAlone() {
        EventLoop first = newLoop();
        EventLoop second = newLoop();
        Asyncio.setEventLoop(first);
        Asyncio.setEventLoop(second);
        assertSame(second, Asyncio.getEventLoop());
        assertTrue(!first.isClosed() && !first.isRunning());
    }

    @Test
    void getEventLoopReturnsTheRunningLoopFirst() throws Exception {
        EventLoop running = newLoop();
        EventLoop current = newLoop();
        Asyncio.setEventLoop(current);
        Future<EventLoop> seen = running.createFuture();
        running.callSoon(() -> seen.setResult(Asyncio.getEventLoop()));
        assertSame(running, running.runUntilComplete(seen));
        assertSame(current, Asyncio.getEventLoop());
    }

    @Test
    void getEventLoopInsideARunningLoopWorksWithNoCurrentLoop() throws Exception {
        EventLoop running = newLoop();
        Future<EventLoop> seen = running.createFuture();
        running.callSoon(() -> seen.setResult(Asyncio.getEventLoop()));
        assertSame(running, running.runUntilComplete(seen));
        assertThrows(IllegalStateException.class, Asyncio::getEventLoop);
    }

    @Test
    void getRunningLoopOnlyInsideTheLoop() throws Exception {
        assertEquals("no running event loop",
                assertThrows(IllegalStateException.class, Asyncio::getRunningLoop).getMessage());
        EventLoop loop = newLoop();
        Asyncio.setEventLoop(loop);
        assertThrows(IllegalStateException.class, Asyncio::getRunningLoop, "a current loop is not a running loop");
        Future<EventLoop> seen = loop.createFuture();
        loop.callSoon(() -> seen.setResult(Asyncio.getRunningLoop()));
        assertSame(loop, loop.runUntilComplete(seen));
    }

    @Test
    void newEventLoopMakesAFreshLoopThatIsNotCurrent() throws Exception {
        EventLoop a = newLoop();
        EventLoop b = newLoop();
        assertNotSame(a, b);
        assertTrue(!a.isRunning() && !a.isClosed());
        Object current = inThread("fresh", () -> {
            EventLoop made = Asyncio.newEventLoop();
            try {
                return Asyncio.getEventLoop();
            } finally {
                made.close();
            }
        });
        assertTrue(current instanceof IllegalStateException);
    }

    @Test
    void thePolicyIsMadeOnceAndNullRestoresTheDefault() {
        EventLoopPolicy p = Asyncio.getEventLoopPolicy();
        assertTrue(p instanceof DefaultEventLoopPolicy);
        assertSame(p, Asyncio.getEventLoopPolicy());
        EventLoopPolicy custom = new DefaultEventLoopPolicy();
        Asyncio.setEventLoopPolicy(custom);
        assertSame(custom, Asyncio.getEventLoopPolicy());
        Asyncio.setEventLoopPolicy(null);
        EventLoopPolicy restored = Asyncio.getEventLoopPolicy();
        assertTrue(restored instanceof DefaultEventLoopPolicy);
        assertNotSame(custom, restored);
    }

    @Test
    void aCustomPolicyDecidesWhatTheFunctionsReturn() throws Exception {
        EventLoop fixed = newLoop();
        List<String> calls = new ArrayList<>();
        EventLoopPolicy custom = new EventLoopPolicy() {
            private EventLoop current = fixed;

            @Override
            public EventLoop getEventLoop() {
                calls.add("get");
                return current;
            }

            @Override
            public void setEventLoop(EventLoop loop) {
                calls.add("set " + (loop == null ? "null" : "loop"));
                current = loop;
            }

            @Override
            public EventLoop newEventLoop() {
                calls.add("new");
                EventLoop made = new DefaultEventLoopPolicy().newEventLoop();
                loops.add(made);
                return made;
            }
        };
        Asyncio.setEventLoopPolicy(custom);
        assertSame(fixed, Asyncio.getEventLoop());
        EventLoop made = Asyncio.newEventLoop();
        Asyncio.setEventLoop(made);
        assertSame(made, Asyncio.getEventLoop());
        Future<EventLoop> inside = made.createFuture();
        made.callSoon(() -> inside.setResult(Asyncio.getEventLoop()));
        assertSame(made, made.runUntilComplete(inside));
        assertEquals(List.of("get", "new", "set loop", "get"), calls, "the running loop needs no policy");
    }

    @Test
    void runUsesTheCurrentPolicysNewEventLoopAndClearsTheCurrentLoop() throws Exception {
        List<String> calls = new ArrayList<>();
        DefaultEventLoopPolicy recording = new DefaultEventLoopPolicy() {
            @Override
            public EventLoop newEventLoop() {
                calls.add("new");
                return super.newEventLoop();
            }

            @Override
            public void setEventLoop(EventLoop loop) {
                calls.add(loop == null ? "set null" : "set loop");
                super.setEventLoop(loop);
            }
        };
        Asyncio.setEventLoopPolicy(recording);
        EventLoop[] inside = new EventLoop[2];
        Asyncio.run(() -> {
            inside[0] = Asyncio.getRunningLoop();
            inside[1] = recording.getEventLoop();
            return null;
        });
        assertSame(inside[0], inside[1]);
        assertTrue(inside[0].isClosed());
        assertEquals(List.of("new", "set loop", "set null"), calls);
    }
}
