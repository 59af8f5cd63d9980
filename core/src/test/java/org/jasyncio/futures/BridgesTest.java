package org.jasyncio.futures;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** wrapFuture and runCoroutineThreadsafe (test_futures.py wrap_future tests, test_tasks.py threadsafe basics). */
@Tag("coroutines")
class BridgesTest {
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        Asyncio.setEventLoop(loop);
    }

    @AfterEach
    void tearDown() {
        Asyncio.setEventLoop(null);
        loop.close();
    }

    private void runOnce() {
        loop.stop();
        loop.runForever();
    }

    @Test
    void wrapFutureFollowsACompletableFutureOfAnotherThread() throws Exception {
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            CompletableFuture<String> cf = CompletableFuture.supplyAsync(() -> "oi", ex);
            Future<String> f = Asyncio.wrapFuture(cf);
            assertSame(loop, f.getLoop());
            assertEquals("oi", loop.runUntilComplete(f));
            assertTrue(cf.isDone());
        } finally {
            ex.shutdown();
        }
    }

    @Test
    void wrapFuturePassesTheCauseNotTheCompletionException() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Asyncio.wrapFuture(cf);
        IOException boom = new IOException("boom");
        Thread.ofPlatform().start(() -> cf.completeExceptionally(boom));
        assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(f)));
        CompletableFuture<String> chained = new CompletableFuture<String>().thenApply(s -> s);
        Future<String> g = Asyncio.wrapFuture(chained);
        IllegalStateException cause = new IllegalStateException("in a stage");
        CompletableFuture<String> source = new CompletableFuture<>();
        CompletableFuture<String> stage = source.thenApply(s -> {
            throw cause;
        });
        Future<String> h = Asyncio.wrapFuture(stage);
        source.complete("x");
        assertSame(cause, assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(h)));
        g.cancel();
    }

    @Test
    void cancellingTheWrapperCancelsTheCompletableFuture() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Asyncio.wrapFuture(cf);
        f.cancel();
        runOnce();
        assertTrue(cf.isCancelled());
        assertTrue(f.cancelled());
    }

    @Test
    void aCancelledCompletableFutureCancelsTheWrapper() {
        CompletableFuture<String> cf = new CompletableFuture<>();
        Future<String> f = Asyncio.wrapFuture(cf);
        cf.cancel(true);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
    }

    @Test
    void aWrapperCancelledAfterTheSourceCompletedLeavesTheSourceAlone() throws Exception {
        CompletableFuture<Integer> cf = new CompletableFuture<>();
        Future<Integer> f = Asyncio.wrapFuture(cf);
        cf.complete(42);
        f.cancel();
        runOnce();
        assertFalse(cf.isCancelled());
        assertEquals(42, cf.get());
        assertTrue(f.cancelled());
    }

    @Test
    void wrapFutureNeedsAFutureAndALoop() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> Asyncio.wrapFuture(null));
        Asyncio.setEventLoop(null);
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread.ofPlatform().name("no-loop").start(() -> {
            try {
                outcome.complete(Asyncio.wrapFuture(new CompletableFuture<>()));
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        Object o = outcome.get(10, TimeUnit.SECONDS);
        assertEquals("There is no current event loop in thread 'no-loop'.", ((Throwable) o).getMessage());
    }

    @Test
    void runCoroutineThreadsafeRunsATaskFromAnotherThread() throws Exception {
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            CompletableFuture<String> cf = Asyncio.runCoroutineThreadsafe(() -> {
                await(Asyncio.sleep(0.01));
                return "ran on " + (Asyncio.getRunningLoop() == loop);
            }, loop);
            try {
                outcome.complete(cf.get(10, TimeUnit.SECONDS));
            } catch (Exception e) {
                outcome.complete(e);
            }
            loop.callSoonThreadsafe(loop::stop);
        });
        loop.runForever();
        assertEquals("ran on true", outcome.get(10, TimeUnit.SECONDS));
    }

    @Test
    void runCoroutineThreadsafePassesTheException() throws Exception {
        IOException boom = new IOException("boom");
        CompletableFuture<String> cf = Asyncio.runCoroutineThreadsafe(() -> {
            throw boom;
        }, loop);
        cf.whenComplete((v, e) -> loop.callSoonThreadsafe(loop::stop));
        loop.runForever();
        ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(1, TimeUnit.SECONDS));
        assertSame(boom, e.getCause());
    }

    @Test
    void cancellingTheCompletableFutureCancelsTheTask() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        boolean[] cancelledInside = new boolean[1];
        CompletableFuture<String> cf = Asyncio.runCoroutineThreadsafe(() -> {
            started.countDown();
            try {
                await(Asyncio.sleep(3600));
            } catch (CancelledError e) {
                cancelledInside[0] = true;
                loop.stop();
                throw e;
            }
            return "never";
        }, loop);
        Thread.ofPlatform().start(() -> {
            try {
                started.await();
            } catch (InterruptedException e) {
                return;
            }
            cf.cancel(true);
        });
        loop.runForever();
        assertTrue(cancelledInside[0]);
        assertTrue(cf.isCancelled());
    }

    /** The future of a run_coroutine_threadsafe whose loop closed under it: "Event loop is closed", at once. */
    private static void assertFailedByTheClose(CompletableFuture<?> cf) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> cf.get(0, TimeUnit.SECONDS));
        assertInstanceOf(IllegalStateException.class, e.getCause());
        assertEquals("Event loop is closed", e.getCause().getMessage());
    }

    @Test
    void aCoroutineTheLoopNeverStartedFailsItsFutureWhenTheLoopCloses() {
        boolean[] ran = new boolean[1];
        CompletableFuture<String> cf = Asyncio.runCoroutineThreadsafe(() -> {
            ran[0] = true;
            return "never";
        }, loop);
        loop.close();
        assertFailedByTheClose(cf);
        assertFalse(ran[0]);
    }

    @Test
    void aCoroutineStillRunningWhenItsLoopClosesFailsItsFuture() {
        CompletableFuture<String> cf = Asyncio.runCoroutineThreadsafe(() -> {
            await(Asyncio.sleep(3600));
            return "never";
        }, loop);
        loop.callLater(0.01, loop::stop);
        loop.runForever();
        assertFalse(cf.isDone());
        loop.close();
        assertFailedByTheClose(cf);
    }

    @Test
    void aCoroutineThatFinishedInTheLoopsLastIterationStillGivesItsResult() {
        CompletableFuture<String> cf = Asyncio.runCoroutineThreadsafe(() -> {
            loop.stop(); // the task's done callbacks are then left waiting when the loop stops
            return "done";
        }, loop);
        loop.runForever();
        loop.close();
        assertEquals("done", cf.getNow("not done"));
    }

    @Test
    void runCoroutineThreadsafeOnAClosedLoopFails() {
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Asyncio.runCoroutineThreadsafe(() -> 1, loop));
        assertEquals("Event loop is closed", e.getMessage());
    }

    @Test
    void runCoroutineThreadsafeNeedsACoroutineAndALoop() {
        assertThrows(IllegalArgumentException.class, () -> Asyncio.runCoroutineThreadsafe(null, loop));
        assertThrows(IllegalArgumentException.class, () -> Asyncio.runCoroutineThreadsafe(() -> 1, null));
    }
}
