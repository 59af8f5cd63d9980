package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** runInExecutor, setDefaultExecutor and shutdownDefaultExecutor. */
class ExecutorTest {
    private EventLoop loop;
    private final List<Map<String, Object>> reports = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
    }

    @AfterEach
    void tearDown() {
        loop.close();
        assertEquals(List.of(), reports);
    }

    @Test
    void theDefaultExecutorRunsOnDaemonPlatformThreads() throws Exception {
        Future<String> f = loop.runInExecutor(null, () -> Thread.currentThread().isVirtual() + " "
                + Thread.currentThread().isDaemon() + " " + Thread.currentThread().getName().startsWith("jasyncio-executor-"));
        assertEquals("false true true", loop.runUntilComplete(f));
    }

    @Test
    void theDefaultExecutorRunsAtMostAsManyCallsAtOnceAsAsynciosPool() throws Exception {
        int maxWorkers = Math.min(32, Runtime.getRuntime().availableProcessors() + 4); // ThreadPoolExecutor's default
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Future<Object>> calls = new ArrayList<>();
        for (int i = 0; i < maxWorkers + 3; i++) {
            calls.add(loop.runInExecutor(null, () -> {
                peak.accumulateAndGet(running.incrementAndGet(), Math::max);
                release.await();
                running.decrementAndGet();
                return null;
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (running.get() < maxWorkers && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200); // time for a call beyond the limit to start, were there no limit
        assertEquals(maxWorkers, running.get(), "calls running at once");
        release.countDown();
        for (Future<Object> call : calls) {
            loop.runUntilComplete(call);
        }
        assertEquals(maxWorkers, peak.get(), "the most calls ever running at once");
    }

    @Test
    void theResultComesBackOnTheLoop() throws Exception {
        Thread loopThread = Thread.currentThread();
        Future<Integer> f = loop.runInExecutor(null, () -> {
            assertFalse(Thread.currentThread() == loopThread);
            return 6 * 7;
        });
        assertFalse(f.done());
        List<Thread> doneOn = new ArrayList<>();
        f.addDoneCallback(x -> doneOn.add(Thread.currentThread()));
        assertEquals(42, loop.runUntilComplete(f));
        assertEquals(List.of(loopThread), doneOn);
    }

    @Test
    void anExceptionPropagatesAsItIs() {
        IOException boom = new IOException("boom");
        Future<Integer> f = loop.runInExecutor(null, () -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(f)));
    }

    @Test
    void aCustomExecutorIsUsed() throws Exception {
        ExecutorService custom = Executors.newSingleThreadExecutor(r -> new Thread(r, "custom-worker"));
        try {
            Future<String> f = loop.runInExecutor(custom, () -> Thread.currentThread().getName());
            assertEquals("custom-worker", loop.runUntilComplete(f));
        } finally {
            custom.shutdown();
        }
    }

    @Test
    void setDefaultExecutorReplacesTheDefault() throws Exception {
        ExecutorService custom = Executors.newSingleThreadExecutor(r -> new Thread(r, "my-default"));
        loop.setDefaultExecutor(custom);
        assertEquals("my-default", loop.runUntilComplete(loop.runInExecutor(null, () -> Thread.currentThread().getName())));
        loop.close();
        assertTrue(custom.isShutdown(), "close shuts the default executor down");
    }

    @Test
    void setDefaultExecutorNeedsAnExecutor() {
        assertThrows(IllegalArgumentException.class, () -> loop.setDefaultExecutor(null));
        assertThrows(IllegalArgumentException.class, () -> loop.runInExecutor(null, null));
    }

    @Test
    void afterShutdownDefaultExecutorTheDefaultIsRefused() throws Exception {
        loop.runUntilComplete(loop.runInExecutor(null, () -> 1));
        loop.runUntilComplete(loop.shutdownDefaultExecutor());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
        assertEquals("Executor shutdown has been called", e.getMessage());
        ExecutorService custom = Executors.newSingleThreadExecutor();
        try {
            assertEquals(2, loop.runUntilComplete(loop.runInExecutor(custom, () -> 2)), "a given executor still works");
        } finally {
            custom.shutdown();
        }
    }

    @Test
    void shutdownDefaultExecutorWithoutOneCompletesAndStillRefusesLaterUse() throws Exception {
        Future<Void> f = loop.shutdownDefaultExecutor();
        assertEquals(null, loop.runUntilComplete(f));
        assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1));
    }

    @Test
    void shutdownDefaultExecutorWithATimeoutWarnsAndCompletesWhenTheThreadsOutliveIt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loop.runInExecutor(null, () -> {
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException interruptedOnTimeout) {
                return false;
            }
        });
        double start = loop.time();
        try (LogCapture log = new LogCapture()) {
            assertNull(loop.runUntilComplete(loop.shutdownDefaultExecutor(0.2)), "a timeout is not a failure");
            assertEquals(1, log.matching(
                    m -> m.equals("The executor did not finishing joining its threads within 0.2 seconds.")).size());
        } finally {
            release.countDown();
        }
        assertTrue(loop.time() - start < 20, "it did not wait for the call");
        assertEquals("Executor shutdown has been called",
                assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, () -> 1)).getMessage());
    }

    @Test
    void shutdownDefaultExecutorWithoutABoundWaitsForRunningCalls() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        loop.runInExecutor(null, () -> {
            Thread.sleep(100);
            finished.set(true);
            return null;
        });
        loop.runUntilComplete(loop.shutdownDefaultExecutor(Double.POSITIVE_INFINITY));
        assertTrue(finished.get());
        assertThrows(IllegalArgumentException.class, () -> loop.shutdownDefaultExecutor(-1));
        assertThrows(IllegalArgumentException.class, () -> loop.shutdownDefaultExecutor(Double.NaN));
    }

    @Test
    void shutdownDefaultExecutorWaitsForRunningCalls() throws Exception {
        AtomicBoolean finished = new AtomicBoolean();
        loop.runInExecutor(null, () -> {
            Thread.sleep(100);
            finished.set(true);
            return null;
        });
        loop.runUntilComplete(loop.shutdownDefaultExecutor());
        assertTrue(finished.get());
    }

    @Test
    void cancellingBeforeTheCallStartsMeansItNeverRuns() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean ran = new AtomicBoolean();
        try {
            single.execute(() -> {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            Future<Object> f = loop.runInExecutor(single, () -> {
                ran.set(true);
                return null;
            });
            assertTrue(f.cancel());
            loop.stop();
            loop.runForever(); // the done callback that abandons the call runs
            release.countDown();
            single.shutdown();
            assertTrue(single.awaitTermination(10, TimeUnit.SECONDS));
            assertFalse(ran.get());
            assertThrows(CancelledError.class, f::result);
        } finally {
            single.shutdownNow();
        }
    }

    @Test
    void cancellingARunningCallLeavesTheFutureCancelled() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Future<String> f = loop.runInExecutor(null, () -> {
            started.countDown();
            release.await();
            return "too late";
        });
        assertTrue(started.await(10, TimeUnit.SECONDS));
        f.cancel();
        release.countDown();
        loop.runUntilComplete(loop.shutdownDefaultExecutor()); // the late result arrives and is dropped
        assertTrue(f.cancelled());
    }
}
