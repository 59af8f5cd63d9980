package org.jasyncio.futures;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.ConnectOptions;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.ServerOptions;
import org.jasyncio.TimerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Java shapes next to asyncio's: Duration overloads, the unchecked accessors of java.util.concurrent.Future, and
 * the bridges to and from CompletionStage.
 */
class JavaIdiomsTest {
    private EventLoop loop;
    private final List<Map<String, Object>> reported = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        Asyncio.setEventLoop(loop);
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    }

    @AfterEach
    void tearDown() {
        Asyncio.setEventLoop(null);
        loop.close();
        assertEquals(List.of(), reported, "nothing reported to the exception handler");
    }

    @Test
    void durationOverloadsMeanTheSameSecondsAsTheDoubleForms() throws Exception {
        TimerHandle h = loop.callLater(Duration.ofMillis(1500), () -> { });
        assertEquals(loop.time() + 1.5, h.when(), 0.05);
        h.cancel();
        loop.setSlowCallbackDuration(Duration.ofMillis(250));
        assertEquals(0.25, loop.getSlowCallbackDuration(), 1e-9);
        assertEquals(0.25, ConnectOptions.defaults().happyEyeballsDelay(Duration.ofMillis(250)).happyEyeballsDelay(), 1e-9);
        assertEquals(5.0, ConnectOptions.defaults().sslHandshakeTimeout(Duration.ofSeconds(5)).sslHandshakeTimeout());
        assertEquals(2.5, ServerOptions.defaults().sslShutdownTimeout(Duration.ofMillis(2500)).sslShutdownTimeout());
        assertEquals(1e-9, ConnectOptions.defaults().sslShutdownTimeout(Duration.ofNanos(1)).sslShutdownTimeout(), 1e-18);
        var e = assertThrows(IllegalArgumentException.class, () -> loop.callLater((Duration) null, () -> { }));
        assertTrue(e.getMessage().contains("delay"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerOptions.defaults().sslHandshakeTimeout(Duration.ZERO));

        long t0 = System.nanoTime();
        String r = loop.runUntilComplete(() -> {
            await(Asyncio.sleep(Duration.ofMillis(50)));
            return await(Asyncio.waitFor(Asyncio.sleep(0.01, "in time"), Duration.ofSeconds(30)));
        });
        assertEquals("in time", r);
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(50), "slept at least 50 ms");
        assertThrows(TimeoutException.class, () -> loop.runUntilComplete(
                () -> await(Asyncio.waitFor(Asyncio.sleep(30), Duration.ofMillis(20)))));
    }

    @Test
    void resultNowExceptionNowAndStateFollowTheJdksFuture() throws Exception {
        Future<String> ok = loop.createFuture();
        Future<String> failed = loop.createFuture();
        Future<String> cancelled = loop.createFuture();
        Future<String> pending = loop.createFuture();
        ok.setResult("v");
        IOException boom = new IOException("boom");
        failed.setException(boom);
        cancelled.cancel();

        assertEquals("v", ok.resultNow());
        assertEquals(java.util.concurrent.Future.State.SUCCESS, ok.state());
        assertEquals("Task completed with a result", assertThrows(IllegalStateException.class, ok::exceptionNow).getMessage());

        assertEquals(java.util.concurrent.Future.State.FAILED, failed.state());
        IllegalStateException wrapped = assertThrows(IllegalStateException.class, failed::resultNow);
        assertSame(boom, wrapped.getCause());
        assertSame(boom, failed.exceptionNow());

        assertEquals(java.util.concurrent.Future.State.CANCELLED, cancelled.state());
        assertEquals("Task was cancelled", assertThrows(IllegalStateException.class, cancelled::resultNow).getMessage());
        assertEquals("Task was cancelled", assertThrows(IllegalStateException.class, cancelled::exceptionNow).getMessage());

        assertEquals(java.util.concurrent.Future.State.RUNNING, pending.state());
        assertEquals("Task has not completed", assertThrows(IllegalStateException.class, pending::resultNow).getMessage());
        pending.cancel();
    }

    @Test
    void toCompletionStageCompletesOnTheLoopThreadWithTheFuturesOutcome() throws Exception {
        Future<String> f = loop.createFuture();
        CompletableFuture<String> stage = f.toCompletionStage().toCompletableFuture();
        List<Thread> completedOn = new ArrayList<>();
        stage.whenComplete((v, e) -> completedOn.add(Thread.currentThread()));
        loop.callSoon(() -> f.setResult("done"));
        loop.runUntilComplete(f);
        assertEquals("done", stage.getNow(null));
        assertEquals(List.of(Thread.currentThread()), completedOn, "completed on the loop thread, which ran here");

        Future<String> bad = loop.createFuture();
        CompletableFuture<String> badStage = bad.toCompletionStage().toCompletableFuture();
        IOException boom = new IOException("boom");
        bad.setException(boom);
        runOnce();
        ExecutionException ee = assertThrows(ExecutionException.class, () -> badStage.get(0, TimeUnit.SECONDS));
        assertSame(boom, ee.getCause());

        Future<String> c = loop.createFuture();
        CompletableFuture<String> cStage = c.toCompletionStage().toCompletableFuture();
        c.cancel("stop");
        runOnce();
        assertTrue(cStage.isCancelled());
        // CancelledError is a CancellationException; the JDK's getNow may wrap the stored one in its own.
        assertThrows(java.util.concurrent.CancellationException.class, () -> cStage.getNow(null));
    }

    @Test
    void cancellingTheStageFromAnotherThreadCancelsTheLoopFuture() throws Exception {
        Future<String> f = loop.createFuture();
        CompletableFuture<String> stage = f.toCompletionStage().toCompletableFuture();
        Thread other = Thread.ofPlatform().start(() -> stage.cancel(false));
        other.join();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        assertTrue(f.cancelled());
    }

    @Test
    void wrapFutureTakesAnyCompletionStage() throws Exception {
        CompletableFuture<Integer> source = new CompletableFuture<>();
        CompletionStage<Integer> minimal = source.minimalCompletionStage().thenApply(x -> x + 1);
        Future<Integer> wrapped = Asyncio.wrapFuture(minimal);
        Thread.ofPlatform().start(() -> source.complete(41));
        assertEquals(42, loop.runUntilComplete(wrapped));

        CompletableFuture<Integer> failing = new CompletableFuture<>();
        Future<Integer> wrappedFailure = Asyncio.wrapFuture(failing.minimalCompletionStage());
        IOException boom = new IOException("boom");
        Thread.ofPlatform().start(() -> failing.completeExceptionally(boom));
        Exception thrown = assertThrows(Exception.class, () -> loop.runUntilComplete(wrappedFailure));
        Throwable root = thrown instanceof IOException ? thrown : thrown.getCause();
        assertInstanceOf(IOException.class, root);
        assertEquals("boom", root.getMessage());
    }

    private void runOnce() {
        loop.stop();
        loop.runForever();
    }
}
