package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.harness.LoopReportGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code callSoonThreadsafe} and {@code runCoroutineThreadsafe} from 16 threads while the loop runs, stops and
 * closes. Every call either fails its caller with "Event loop is closed" or has its callback run exactly once (by
 * the loop, or by close for what arrived after the loop's last look); every returned CompletableFuture completes.
 * Each round ends its loop a little differently; enough rounds hit the moment close and a producer meet.
 */
@Timeout(300)
class ThreadsafeHammerTest {
    private static final int PRODUCERS = 16;
    private static final int ROUNDS = 60;
    /** Calls one producer makes at most per round: enough that producers are still calling when the loop closes. */
    private static final int MAX_CALLS = 1 << 16;
    /** runCoroutineThreadsafe calls one producer makes at most per round (each makes a task). */
    private static final int MAX_COROUTINES = 1024;
    /** How long the loop runs before it is told to stop, in seconds. */
    private static final double RUN_SECONDS = 0.003;

    /** How a round's loop is stopped and closed. */
    enum Ending {
        /** A callback of the loop stops it; the loop thread closes it as soon as runForever returns. */
        STOP_IN_CALLBACK_CLOSE_ON_LOOP_THREAD,
        /** Another thread stops it through callSoonThreadsafe; the loop thread closes it right after runForever. */
        STOP_FROM_OUTSIDE_CLOSE_ON_LOOP_THREAD,
        /** A callback stops it; a third thread closes it once the loop thread has returned from runForever. */
        STOP_IN_CALLBACK_CLOSE_ON_ANOTHER_THREAD
    }

    /** What one round counted. */
    private record Tally(long attempts, long refusals, long runs) {
    }

    @ParameterizedTest
    @EnumSource(Ending.class)
    void everyCallbackRunsExactlyOnceOrIsRefusedToItsCaller(Ending ending) throws Exception {
        AtomicIntegerArray[] runs = new AtomicIntegerArray[PRODUCERS];
        for (int p = 0; p < PRODUCERS; p++) {
            runs[p] = new AtomicIntegerArray(MAX_CALLS);
        }
        long attempts = 0;
        long refusals = 0;
        long closeRaces = 0;
        for (int round = 0; round < ROUNDS; round++) {
            Tally t = callbackRound(ending, runs);
            assertEquals(t.attempts(), t.runs() + t.refusals(), "round " + round + ": runs + refusals");
            attempts += t.attempts();
            refusals += t.refusals();
            closeRaces += t.refusals() > 0 ? 1 : 0;
        }
        System.out.println("threads[" + ending + ": " + ROUNDS + " rounds, " + attempts + " calls, " + refusals
                + " refused, " + closeRaces + " rounds with a producer calling at close]");
        assertTrue(attempts > refusals, "some calls ran");
        assertTrue(closeRaces > 0, "some producers met the closed loop");
    }

    private Tally callbackRound(Ending ending, AtomicIntegerArray[] runs) throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        int[] made = new int[PRODUCERS];
        boolean[] refused = new boolean[PRODUCERS];
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            AtomicIntegerArray ran = runs[p];
            producers.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                awaitLatch(go);
                int i = 0;
                while (i < MAX_CALLS) {
                    int call = i;
                    ran.set(call, 0);
                    i++;
                    try {
                        loop.callSoonThreadsafe(() -> ran.incrementAndGet(call));
                    } catch (IllegalStateException e) {
                        if (!"Event loop is closed".equals(e.getMessage())) {
                            wrong.add("refused with " + e);
                        }
                        refused[producer] = true;
                        break;
                    }
                }
                made[producer] = i;
            }));
        }
        Thread closer = Thread.ofPlatform().name("loop").start(() -> {
            go.countDown();
            if (ending == Ending.STOP_FROM_OUTSIDE_CLOSE_ON_LOOP_THREAD) {
                Thread.ofPlatform().start(() -> {
                    sleepQuietly(RUN_SECONDS);
                    loop.callSoonThreadsafe(loop::stop);
                });
            } else {
                loop.callLater(RUN_SECONDS, loop::stop);
            }
            loop.runForever();
            if (ending != Ending.STOP_IN_CALLBACK_CLOSE_ON_ANOTHER_THREAD) {
                loop.close();
            }
        });
        closer.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!closer.isAlive(), "the loop thread ended");
        if (ending == Ending.STOP_IN_CALLBACK_CLOSE_ON_ANOTHER_THREAD) {
            loop.close();
        }
        for (Thread producer : producers) {
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!producer.isAlive(), "a producer ended");
        }
        assertEquals(List.of(), List.copyOf(wrong));
        long attempts = 0;
        long refusals = 0;
        long ranOnce = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            attempts += made[p];
            int accepted = refused[p] ? made[p] - 1 : made[p];
            refusals += refused[p] ? 1 : 0;
            for (int i = 0; i < made[p]; i++) {
                int n = runs[p].get(i);
                int expected = i < accepted ? 1 : 0;
                if (n != expected) {
                    fail("producer " + p + ", call " + i + " of " + made[p] + (i < accepted ? " (accepted)" : " (refused)")
                            + " ran " + n + " times (" + ending + ")");
                }
                ranOnce += n;
            }
        }
        return new Tally(attempts, refusals, ranOnce);
    }

    @Test
    void everyRunCoroutineThreadsafeFutureCompletes() throws Exception {
        // Tasks still sleeping when their loop closes are destroyed pending, as asyncio reports them.
        LoopReportGuard.expect("destroyed but it is pending");
        long completed = 0;
        long closedFailures = 0;
        for (int round = 0; round < ROUNDS / 3; round++) {
            long[] counts = coroutineRound();
            completed += counts[0];
            closedFailures += counts[1];
        }
        System.out.println("threads[runCoroutineThreadsafe: " + ROUNDS / 3 + " rounds, " + completed + " results, "
                + closedFailures + " failed by the close]");
        assertTrue(completed > 0, "some coroutines finished");
        assertTrue(closedFailures > 0, "some coroutines met the closed loop");
    }

    /** One round; returns how many futures got their coroutine's result and how many failed with the closed loop. */
    private long[] coroutineRound() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        List<List<CompletableFuture<Integer>>> futures = new ArrayList<>();
        int[] refusedAt = new int[PRODUCERS];
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) {
            int producer = p;
            List<CompletableFuture<Integer>> mine = new ArrayList<>();
            futures.add(mine);
            refusedAt[p] = -1;
            producers.add(Thread.ofPlatform().name("producer-" + p).start(() -> {
                awaitLatch(go);
                for (int i = 0; i < MAX_COROUTINES; i++) {
                    int call = i;
                    try {
                        mine.add(Asyncio.runCoroutineThreadsafe(() -> {
                            switch (call % 3) {
                                case 0 -> await(Asyncio.sleep(0));
                                case 1 -> await(Asyncio.sleep(3600)); // still pending when the loop closes
                                default -> { }
                            }
                            return call;
                        }, loop));
                    } catch (IllegalStateException e) {
                        if (!"Event loop is closed".equals(e.getMessage())) {
                            wrong.add("refused with " + e);
                        }
                        refusedAt[producer] = call;
                        break;
                    }
                }
            }));
        }
        Thread loopThread = Thread.ofPlatform().name("loop").start(() -> {
            go.countDown();
            loop.callLater(RUN_SECONDS, loop::stop);
            loop.runForever();
            loop.close();
        });
        loopThread.join(TimeUnit.SECONDS.toMillis(60));
        assertTrue(!loopThread.isAlive(), "the loop thread ended");
        for (Thread producer : producers) {
            producer.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!producer.isAlive(), "a producer ended");
        }
        assertEquals(List.of(), List.copyOf(wrong));
        long completed = 0;
        long closedFailures = 0;
        for (int p = 0; p < PRODUCERS; p++) {
            List<CompletableFuture<Integer>> mine = futures.get(p);
            for (int i = 0; i < mine.size(); i++) {
                try {
                    assertEquals(i, mine.get(i).get(10, TimeUnit.SECONDS));
                    completed++;
                } catch (TimeoutException e) {
                    fail("producer " + p + ", call " + i + ": its future never completed");
                } catch (ExecutionException e) {
                    IllegalStateException closed = assertInstanceOf(IllegalStateException.class, e.getCause());
                    assertEquals("Event loop is closed", closed.getMessage());
                    closedFailures++;
                }
            }
        }
        return new long[] {completed, closedFailures};
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleepQuietly(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
