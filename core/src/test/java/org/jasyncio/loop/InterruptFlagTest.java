package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An interrupt flag on the loop's thread, or on a task body's thread, must not turn idle waiting into busy waiting:
 * CPU time while idle stays far below the wall time (a set flag makes every select and every park return at once).
 * Bounds are generous: idle costs a few milliseconds, a busy wait about the whole window.
 */
class InterruptFlagTest {
    private static final long WINDOW_MILLIS = 1500;
    /** At most this share of the window may be spent on CPU while idle. */
    private static final double MAX_SHARE = 0.25;

    private EventLoop loop;
    private Thread loopThread;

    @AfterEach
    void stop() throws Exception {
        if (loopThread != null) {
            loopThread.join(10_000);
        }
        if (loop != null && !loop.isClosed() && !loop.isRunning()) {
            loop.close();
        }
    }

    /**
     * CPU nanoseconds this whole process has used (user + system, from /proc/self/stat at 100 ticks a second): an
     * idle loop adds next to nothing, a busy one about the whole window.
     */
    private static long processCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static void assertIdle(long cpuNanos, String what) {
        double share = cpuNanos / (WINDOW_MILLIS * 1e6);
        assertTrue(share < MAX_SHARE, what + " used " + TimeUnit.NANOSECONDS.toMillis(cpuNanos) + " ms of CPU in "
                + WINDOW_MILLIS + " ms of idle time");
    }

    /** Runs {@code loop} until {@code until} is done on a platform thread of its own; returns whether it kept its flag. */
    private CompletableFuture<Boolean> runOnOwnThread(Future<?> until) {
        CompletableFuture<Boolean> flagAfterwards = new CompletableFuture<>();
        loopThread = Thread.ofPlatform().name("interrupt-test-loop").start(() -> {
            try {
                loop.runUntilComplete(until);
            } catch (Throwable t) {
                flagAfterwards.completeExceptionally(t);
                return;
            }
            flagAfterwards.complete(Thread.interrupted());
        });
        return flagAfterwards;
    }

    @Test
    void aTaskThatInterruptsItsOwnThreadLeavesTheLoopIdleAtLowCpu() throws Exception {
        assumeTrue(processCpu() >= 0, "needs /proc/self/stat");
        loop = Asyncio.newEventLoop();
        AtomicBoolean bodyInterrupted = new AtomicBoolean();
        Future<Void> release = loop.createFuture();
        Future<Object> task = loop.createTask(() -> {
            Thread.currentThread().interrupt();
            Asyncio.await(release); // idles here until released
            bodyInterrupted.set(Thread.currentThread().isInterrupted());
            return null;
        });
        CompletableFuture<Boolean> flag = runOnOwnThread(task);
        Thread.sleep(300); // let the task start and the loop settle into waiting
        long before = processCpu();
        Thread.sleep(WINDOW_MILLIS);
        long used = processCpu() - before;
        loop.callSoonThreadsafe(() -> release.setResult(null));
        boolean loopThreadFlag = flag.get(10, TimeUnit.SECONDS);
        assertIdle(used, "the loop and its task bodies");
        if ("thread".equals(System.getProperty("jasyncio.engine"))) {
            assertTrue(bodyInterrupted.get(), "the body's own flag is given back when it resumes");
        } else {
            assertTrue(loopThreadFlag, "the loop thread's flag is given back when the loop stops");
        }
    }

    @Test
    void anInterruptFromOutsideLeavesTheIdleLoopAtLowCpuAndIsGivenBack() throws Exception {
        assumeTrue(processCpu() >= 0, "needs /proc/self/stat");
        loop = Asyncio.newEventLoop();
        Future<Void> release = loop.createFuture();
        CompletableFuture<Boolean> flag = runOnOwnThread(release);
        Thread.sleep(200);
        loopThread.interrupt();
        Thread.sleep(100);
        long before = processCpu();
        Thread.sleep(WINDOW_MILLIS);
        long used = processCpu() - before;
        loop.callSoonThreadsafe(() -> release.setResult(null));
        assertEquals(true, flag.get(10, TimeUnit.SECONDS), "the interrupt is the caller's: given back on return");
        assertIdle(used, "the loop thread");
    }
}
