package org.jasyncio.loop;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Queue;
import org.jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CPU-bound calls in the default executor ({@code runInExecutor(null, ...)}, {@code Asyncio.toThread}) never stall
 * task bodies. Under the portable engine each task body runs on a virtual thread; executor jobs that were virtual
 * threads too would take every carrier, and no task could run until they ended. The default executor's threads are
 * platform threads (asyncio's is a thread pool), so the operating system shares the cores between them and the loop.
 */
@Timeout(120)
class BusyExecutorTest {
    private static final int CPUS = Runtime.getRuntime().availableProcessors();
    /** More spinning jobs than carriers, twice over. */
    private static final int JOBS = 2 * CPUS + 2;
    /** How long a job spins unless told to stop: far longer than the tasks may take. */
    private static final long JOB_NANOS = TimeUnit.SECONDS.toNanos(10);
    /**
     * Generous, half of a job's time: the tasks took 0.4-0.7 s on the shared 2-core machine under load 10 with the jobs
     * spinning; with virtual-thread jobs they could not run before the jobs ended.
     */
    private static final long BOUND_NANOS = JOB_NANOS / 2;

    private EventLoop loop;
    private final List<Map<String, Object>> reports = new ArrayList<>();
    private volatile boolean stopSpinning;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
    }

    @AfterEach
    void tearDown() throws Exception {
        stopSpinning = true;
        if (!loop.isClosed()) {
            loop.runUntilComplete(loop.shutdownDefaultExecutor());
            loop.close();
        }
        assertEquals(List.of(), reports);
    }

    /** A CPU-bound call: spins without blocking until told to stop or its time is up. */
    private Void spin(CountDownLatch started) {
        started.countDown();
        long end = System.nanoTime() + JOB_NANOS;
        while (!stopSpinning && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        return null;
    }

    /** Two tasks handing 50 items back and forth through queues, and one sleeping 20 times for 10 ms. */
    private static Void pingPongAndSleeps(int[] roundTrips, long[] sleeperDone) throws Exception {
        Task<Void> sleeper = Asyncio.createTask(() -> {
            for (int i = 0; i < 20; i++) {
                await(Asyncio.sleep(0.01));
            }
            sleeperDone[0] = System.nanoTime();
            return null;
        });
        Queue<Integer> ping = new Queue<>();
        Queue<Integer> pong = new Queue<>();
        Task<Void> echo = Asyncio.createTask(() -> {
            for (int i = 0; i < 50; i++) {
                await(pong.put(await(ping.get())));
            }
            return null;
        });
        for (int i = 0; i < 50; i++) {
            await(ping.put(i));
            assertEquals(i, (int) await(pong.get()));
            roundTrips[0]++;
        }
        await(sleeper);
        await(echo);
        return null;
    }

    @Test
    void tasksKeepRunningWhileEveryDefaultExecutorThreadSpins() throws Exception {
        // Warm up first (classes loaded, the virtual-thread scheduler made): what is measured is tasks that run on
        // while the jobs spin, not how slowly a cold JVM starts under that load.
        loop.runUntilComplete(loop.createTask(() -> pingPongAndSleeps(new int[1], new long[1])));

        CountDownLatch started = new CountDownLatch(CPUS); // enough to take every carrier, had the jobs been virtual
        List<Future<Void>> jobs = new ArrayList<>();
        loop.runUntilComplete(loop.createTask(() -> {
            for (int i = 0; i < JOBS; i++) { // both ways to the default executor
                jobs.add(i % 2 == 0 ? loop.runInExecutor(null, () -> spin(started)) : Asyncio.toThread(() -> spin(started)));
            }
            return null;
        }));
        assertTrue(started.await(30, TimeUnit.SECONDS), "the jobs started");

        long begin = System.nanoTime();
        long[] sleeperDone = new long[1];
        int[] roundTrips = new int[1];
        loop.runUntilComplete(loop.createTask(() -> pingPongAndSleeps(roundTrips, sleeperDone)));
        long tookNanos = System.nanoTime() - begin;
        boolean jobsStillSpinning = jobs.stream().noneMatch(Future::done);
        stopSpinning = true;
        System.out.printf("busy-executor[%s]: 50 ping-pongs and 20 sleeps of 10 ms took %d ms while %d executor jobs"
                + " spun%n", System.getProperty("jasyncio.engine"), TimeUnit.NANOSECONDS.toMillis(tookNanos), JOBS);

        assertTrue(sleeperDone[0] - begin < BOUND_NANOS, "20 sleeps of 10 ms took "
                + TimeUnit.NANOSECONDS.toMillis(sleeperDone[0] - begin) + " ms while " + JOBS + " executor jobs spun");
        assertTrue(tookNanos < BOUND_NANOS, "50 ping-pongs and 20 sleeps took " + TimeUnit.NANOSECONDS.toMillis(tookNanos)
                + " ms while " + JOBS + " executor jobs spun");
        assertEquals(50, roundTrips[0]);
        assertTrue(jobsStillSpinning, "the jobs spun for the whole measurement");
        for (Future<Void> job : jobs) {
            loop.runUntilComplete(job); // each ends once told to stop
        }
    }
}
