package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.internal.task.BaseFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Running, stopping and closing a loop (test_base_events.py and test_events.py, loop lifecycle). */
class LifecycleTest {
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private static void assertMessage(String expected, Class<? extends Throwable> type, Executable call) {
        Throwable t = assertThrows(type, call);
        assertEquals(expected, t.getMessage());
    }

    @Test
    void runUntilCompleteReturnsTheResult() throws Exception {
        Future<String> f = loop.createFuture();
        loop.callSoon(() -> f.setResult("done"));
        assertEquals("done", loop.runUntilComplete(f));
        assertFalse(loop.isRunning());
    }

    @Test
    void runUntilCompleteRethrowsTheVeryException() {
        Future<String> f = loop.createFuture();
        IOException boom = new IOException("boom");
        loop.callSoon(() -> f.setException(boom));
        assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(f)));
    }

    @Test
    void runUntilCompleteOfACancelledFutureThrowsCancelledError() {
        Future<String> f = loop.createFuture();
        loop.callSoon(() -> f.cancel("stop it"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        assertEquals("stop it", e.getMessage());
    }

    @Test
    void runUntilCompleteOfADoneFutureRunsOneIteration() throws Exception {
        Future<Integer> f = loop.createFuture();
        f.setResult(7);
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("first");
            loop.callSoon(() -> log.add("second iteration"));
        });
        assertEquals(7, loop.runUntilComplete(f));
        assertEquals(List.of("first"), log);
    }

    @Test
    void runUntilCompleteRemovesItsDoneCallback() throws Exception {
        Future<Integer> f = loop.createFuture();
        loop.callSoon(() -> f.setResult(1));
        loop.runUntilComplete(f);
        Future<Integer> g = loop.createFuture();
        loop.stop();
        assertMessage("Event loop stopped before Future completed.", IllegalStateException.class,
                () -> loop.runUntilComplete(g));
        assertEquals(0, ((BaseFuture<Integer>) g).pendingCallbackCount());
    }

    @Test
    void runUntilCompleteOnARunningLoopFails() throws Exception {
        Future<Throwable> f = loop.createFuture();
        loop.callSoon(() -> f.setResult(assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(loop.<Void>createFuture()))));
        assertEquals("This event loop is already running", loop.runUntilComplete(f).getMessage());
    }

    @Test
    void runForeverOnARunningLoopFails() throws Exception {
        Future<Throwable> f = loop.createFuture();
        loop.callSoon(() -> f.setResult(assertThrows(IllegalStateException.class, loop::runForever)));
        assertEquals("This event loop is already running", loop.runUntilComplete(f).getMessage());
    }

    @Test
    void runningAnotherLoopInsideARunningLoopFails() throws Exception {
        EventLoop other = Asyncio.newEventLoop();
        try {
            Future<Throwable> f = loop.createFuture();
            loop.callSoon(() -> f.setResult(assertThrows(IllegalStateException.class, other::runForever)));
            assertEquals("Cannot run the event loop while another loop is running", loop.runUntilComplete(f).getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    void runUntilCompleteOnAClosedLoopFails() {
        Future<Void> f = loop.createFuture();
        loop.close();
        assertMessage("Event loop is closed", IllegalStateException.class, () -> loop.runUntilComplete(f));
        assertMessage("Event loop is closed", IllegalStateException.class, loop::runForever);
        assertMessage("Event loop is closed", IllegalStateException.class, () -> loop.runUntilComplete(() -> 1));
    }

    @Test
    void runUntilCompleteOfAFutureOfAnotherLoopFails() {
        EventLoop other = Asyncio.newEventLoop();
        try {
            Future<Void> foreign = other.createFuture();
            assertMessage("The future belongs to a different loop than the one specified as the loop argument",
                    IllegalArgumentException.class, () -> loop.runUntilComplete(foreign));
        } finally {
            other.close();
        }
    }

    @Test
    void stopBeforeTheFutureCompletesFails() {
        Future<Void> f = loop.createFuture();
        loop.callSoon(loop::stop);
        assertMessage("Event loop stopped before Future completed.", IllegalStateException.class,
                () -> loop.runUntilComplete(f));
        assertFalse(f.done());
    }

    @Test
    void stopFinishesTheCurrentIterationOnly() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("a");
            loop.stop();
            loop.callSoon(() -> log.add("c (scheduled by a)"));
        });
        loop.callSoon(() -> log.add("b (already ready)"));
        loop.runForever();
        assertEquals(List.of("a", "b (already ready)"), log);
        loop.callSoon(loop::stop);
        loop.runForever();
        assertEquals(List.of("a", "b (already ready)", "c (scheduled by a)"), log);
    }

    @Test
    void stopBeforeRunForeverRunsOneIteration() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("one");
            loop.callSoon(() -> log.add("two"));
        });
        loop.stop();
        loop.runForever();
        assertEquals(List.of("one"), log);
        assertFalse(loop.isRunning());
        loop.stop();
        loop.runForever();
        assertEquals(List.of("one", "two"), log);
    }

    @Test
    void stopDoesNotWaitForTimers() {
        List<String> log = new ArrayList<>();
        loop.callLater(60, () -> log.add("late"));
        loop.callSoon(loop::stop);
        long t0 = System.nanoTime();
        loop.runForever();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(30));
        assertEquals(List.of(), log);
    }

    @Test
    void isRunningOnlyWhileRunning() throws Exception {
        assertFalse(loop.isRunning());
        Future<Boolean> f = loop.createFuture();
        loop.callSoon(() -> f.setResult(loop.isRunning()));
        assertTrue(loop.runUntilComplete(f));
        assertFalse(loop.isRunning());
    }

    @Test
    void closingARunningLoopFails() throws Exception {
        Future<Throwable> f = loop.createFuture();
        loop.callSoon(() -> f.setResult(assertThrows(IllegalStateException.class, loop::close)));
        assertEquals("Cannot close a running event loop", loop.runUntilComplete(f).getMessage());
        assertFalse(loop.isClosed());
    }

    @Test
    void closeIsIdempotent() {
        assertFalse(loop.isClosed());
        loop.close();
        assertTrue(loop.isClosed());
        loop.close();
        assertTrue(loop.isClosed());
    }

    @Test
    void closeDropsPendingCallbacksAndTimers() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> log.add("soon"));
        loop.callLater(0, () -> log.add("later"));
        loop.close();
        assertThrows(IllegalStateException.class, loop::runForever);
        assertEquals(List.of(), log);
    }

    @Test
    void everySchedulingCallOnAClosedLoopFails() {
        loop.close();
        Runnable noop = () -> { };
        String closed = "Event loop is closed";
        assertMessage(closed, IllegalStateException.class, () -> loop.callSoon(noop));
        assertMessage(closed, IllegalStateException.class, () -> loop.callSoon(noop, null));
        assertMessage(closed, IllegalStateException.class, () -> loop.callSoonThreadsafe(noop));
        assertMessage(closed, IllegalStateException.class, () -> loop.callLater(1, noop));
        assertMessage(closed, IllegalStateException.class, () -> loop.callAt(loop.time(), noop));
        assertMessage(closed, IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
        assertMessage(closed, IllegalStateException.class, () -> loop.createTask(() -> 1));
        Future<Integer> done = loop.createFuture(); // asyncio allows futures of a closed loop
        assertFalse(done.done());
    }

    @Test
    void settingAFutureWithCallbacksOnAClosedLoopFails() {
        Future<Integer> f = loop.createFuture();
        f.addDoneCallback(x -> { });
        loop.close();
        assertMessage("Event loop is closed", IllegalStateException.class, () -> f.setResult(1));
    }

    @Test
    void aLoopRunsInAnotherThreadThanTheOneThatMadeIt() throws Exception {
        AtomicReference<Object> seen = new AtomicReference<>();
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread runner = Thread.ofPlatform().name("runner").start(() -> {
            try {
                Future<String> f = loop.createFuture();
                loop.callSoon(() -> {
                    seen.set(Asyncio.getRunningLoop());
                    f.setResult(Thread.currentThread().getName());
                });
                result.complete(loop.runUntilComplete(f));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        assertEquals("runner", result.get(10, TimeUnit.SECONDS));
        runner.join();
        assertSame(loop, seen.get());
        // and back in this thread
        Future<String> f = loop.createFuture();
        loop.callSoon(() -> f.setResult(Thread.currentThread().getName()));
        assertEquals(Thread.currentThread().getName(), loop.runUntilComplete(f));
    }

    @Test
    void runForeverFromASecondThreadWhileRunningFails() throws Exception {
        Future<Throwable> f = loop.createFuture();
        loop.callSoon(() -> {
            CompletableFuture<Throwable> other = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    loop.runForever();
                    other.complete(null);
                } catch (Throwable t) {
                    other.complete(t);
                }
            });
            f.setResult(other.join());
        });
        Throwable t = loop.runUntilComplete(f);
        assertTrue(t instanceof IllegalStateException, String.valueOf(t));
        assertEquals("This event loop is already running", t.getMessage());
    }

    @Test
    void theRunningLoopIsOnlyVisibleInItsThread() throws Exception {
        Future<String> f = loop.createFuture();
        loop.callSoon(() -> {
            CompletableFuture<String> other = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                try {
                    Asyncio.getRunningLoop();
                    other.complete("visible");
                } catch (IllegalStateException e) {
                    other.complete(e.getMessage());
                }
            });
            f.setResult(other.join());
        });
        assertEquals("no running event loop", loop.runUntilComplete(f));
        assertMessage("no running event loop", IllegalStateException.class, Asyncio::getRunningLoop);
    }

    @Test
    void runUntilCompleteOfACoroutineReturnsItsValue() throws Exception {
        assertEquals(42, loop.runUntilComplete(() -> 42));
    }

    @Test
    void toStringShowsTheState() {
        assertEquals("<SelectorEventLoop running=false closed=false debug=" + loop.getDebug() + ">", loop.toString());
        loop.close();
        assertTrue(loop.toString().contains("closed=true"), loop.toString());
    }


    @Test
    void aRunUntilCompleteThatFailedLeavesNoStopBehind() throws Exception {
        // test_run_until_complete_baseexception: the failure must not leave a pending stop for the next run.
        assertThrows(StackOverflowError.class, () -> loop.runUntilComplete(() -> {
            throw new StackOverflowError("deliberate");
        }));
        boolean[] called = {false};
        loop.callSoon(() -> loop.callSoon(() -> {
            called[0] = true;
            loop.stop();
        }));
        loop.runForever();
        assertTrue(called[0]);
    }

    @Test
    void aClosedLoopRefusesWatchersAndSignalHandlersAndRemovesNothing() throws Exception {
        // test_events' test_add_fds_after_closing, test_remove_fds_after_closing and test_close (signal handlers).
        java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
        try (java.nio.channels.Pipe.SourceChannel source = pipe.source();
                java.nio.channels.Pipe.SinkChannel sink = pipe.sink()) {
            source.configureBlocking(false);
            sink.configureBlocking(false);
            loop.addReader(source, () -> { });
            loop.addWriter(sink, () -> { });
            loop.close();
            assertFalse(loop.removeReader(source));
            assertFalse(loop.removeWriter(sink));
            String closed = "Event loop is closed";
            assertMessage(closed, IllegalStateException.class, () -> loop.addReader(source, () -> { }));
            assertMessage(closed, IllegalStateException.class, () -> loop.addWriter(sink, () -> { }));
            assertMessage(closed, IllegalStateException.class, () -> loop.addSignalHandler("SIGTERM", () -> { }));
        }
    }
}
