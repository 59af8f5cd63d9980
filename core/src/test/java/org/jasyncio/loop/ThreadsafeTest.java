package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Handle;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** callSoonThreadsafe and the wake-up of a loop blocked in its poll. */
class ThreadsafeTest {
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void aCallFromAnotherThreadWakesABlockedLoop() {
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Thread.ofPlatform().start(() -> {
                sleep(50); // the loop has nothing to do: it blocks in its poll with no timeout
                loop.callSoonThreadsafe(loop::stop);
            });
            loop.runForever();
        });
    }

    @Test
    void thousandsOfCallsFromFourThreadsAllRunInPerThreadOrder() {
        int threads = 4;
        int perThread = 2500;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>());
        }
        AtomicInteger total = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread.ofPlatform().start(() -> {
                    await(start);
                    for (int i = 0; i < perThread; i++) {
                        int n = i;
                        loop.callSoonThreadsafe(() -> {
                            seen.get(thread).add(n); // loop thread only
                            if (total.incrementAndGet() == threads * perThread) {
                                loop.stop();
                            }
                        });
                        if (i % 97 == 0) {
                            sleep(1); // let the loop drain and block again, many times
                        }
                    }
                });
            }
            loop.callSoon(start::countDown);
            loop.runForever();
        });
        for (List<Integer> s : seen) {
            assertEquals(perThread, s.size());
            for (int i = 0; i < perThread; i++) {
                assertEquals(i, s.get(i));
            }
        }
    }

    @Test
    void pingPongNeverLosesAWakeUp() {
        int rounds = 3000;
        Semaphore ran = new Semaphore(0);
        AtomicInteger count = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            Thread producer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < rounds; i++) {
                    // each call arrives while the loop blocks (or is about to): every one must wake it
                    loop.callSoonThreadsafe(() -> {
                        count.incrementAndGet();
                        ran.release();
                    });
                    ran.acquireUninterruptibly();
                }
                loop.callSoonThreadsafe(loop::stop);
            });
            loop.runForever();
            producer.join();
        });
        assertEquals(rounds, count.get());
    }

    @Test
    void producersWakeTheLoopAtMostOncePerBlockingPoll() {
        int threads = 4;
        int perThread = 2000;
        AtomicInteger total = new AtomicInteger();
        SelectorEventLoop l = (SelectorEventLoop) loop;
        long[] counts = new long[2];
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int t = 0; t < threads; t++) {
                Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        loop.callSoonThreadsafe(() -> {
                            if (total.incrementAndGet() == threads * perThread) {
                                counts[0] = l.wakeupCount();
                                counts[1] = l.blockAnnouncementCount();
                                loop.stop();
                            }
                        });
                        if (i % 50 == 0) {
                            sleep(1);
                        }
                    }
                });
            }
            loop.runForever();
        });
        long wakeups = counts[0];
        long announcements = counts[1];
        assertTrue(wakeups >= 1, "the loop blocked at first, so somebody woke it");
        // each time the loop says it may block, one producer at most wakes it
        assertTrue(wakeups <= announcements, wakeups + " wake-ups for " + announcements + " announcements");
        assertTrue(wakeups < threads * perThread / 4, wakeups + " wake-ups for " + threads * perThread + " calls");
    }

    @Test
    void producersNeverWakeALoopThatIsBusy() {
        SelectorEventLoop l = (SelectorEventLoop) loop;
        AtomicInteger ran = new AtomicInteger();
        loop.callSoon(() -> {
            long before = l.wakeupCount();
            Thread producer = Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 1000; i++) {
                    loop.callSoonThreadsafe(ran::incrementAndGet);
                }
            });
            try {
                producer.join(); // the loop is running this callback: it cannot be blocked in its poll
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
            assertEquals(before, l.wakeupCount());
            loop.callSoon(loop::stop);
        });
        loop.runForever();
        assertEquals(1000, ran.get());
    }

    @Test
    void callsFromAnotherThreadWakeALoopWaitingForATimer() {
        AtomicInteger count = new AtomicInteger();
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            loop.callLater(3600, () -> { });
            Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 200; i++) {
                    loop.callSoonThreadsafe(count::incrementAndGet);
                    sleep(1);
                }
                loop.callSoonThreadsafe(loop::stop);
            });
            loop.runForever();
        });
        assertEquals(200, count.get());
    }

    @Test
    void callSoonThreadsafeOnTheLoopThreadKeepsOrderWithCallSoon() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            loop.callSoon(() -> log.add("1"));
            loop.callSoonThreadsafe(() -> log.add("2"));
            loop.callSoon(() -> log.add("3"));
            loop.callSoonThreadsafe(loop::stop);
        });
        loop.runForever();
        assertEquals(List.of("1", "2", "3"), log);
    }

    @Test
    void beforeTheLoopRunsBothKindsOfCallKeepOneOrder() {
        List<String> log = new ArrayList<>();
        loop.callSoonThreadsafe(() -> log.add("1"));
        loop.callSoon(() -> log.add("2"));
        loop.callSoonThreadsafe(() -> log.add("3"));
        loop.callSoon(() -> log.add("4"));
        loop.stop();
        loop.runForever();
        assertEquals(List.of("1", "2", "3", "4"), log);
    }

    @Test
    void callsMadeWhileStoppedRunAfterTheLeftoversOfTheLastRun() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            loop.stop();
            loop.callSoon(() -> log.add("leftover"));
        });
        loop.runForever();
        loop.callSoonThreadsafe(() -> log.add("threadsafe while stopped"));
        loop.callSoon(() -> log.add("soon while stopped"));
        loop.stop();
        loop.runForever();
        assertEquals(List.of("leftover", "threadsafe while stopped", "soon while stopped"), log);
    }

    @Test
    void aHandleCancelledFromAnotherThreadBeforeItRunsNeverRuns() throws Exception {
        List<String> log = new ArrayList<>();
        Handle[] h = new Handle[1];
        Thread t = Thread.ofPlatform().start(() -> {
            h[0] = loop.callSoonThreadsafe(() -> log.add("ran"));
            h[0].cancel();
        });
        t.join();
        loop.stop();
        loop.runForever();
        assertTrue(h[0].cancelled());
        assertEquals(List.of(), log);
    }

    @Test
    void callSoonThreadsafeOnAClosedLoopFailsInAnyThread() throws Exception {
        loop.close();
        Throwable[] error = new Throwable[1];
        Thread t = Thread.ofPlatform().start(() -> {
            try {
                loop.callSoonThreadsafe(() -> { });
            } catch (Throwable e) {
                error[0] = e;
            }
        });
        t.join();
        assertTrue(error[0] instanceof IllegalStateException);
        assertEquals("Event loop is closed", error[0].getMessage());
    }

    @Test
    void aThreadsafeCallTheStoppedLoopNeverReachedRunsWhenItCloses() throws Exception {
        loop.callSoon(loop::stop);
        loop.runForever();
        List<String> log = new CopyOnWriteArrayList<>();
        Thread closer = Thread.currentThread();
        Thread caller = Thread.ofPlatform().start(() -> loop.callSoonThreadsafe(() -> {
            log.add("ran on the closing thread: " + (Thread.currentThread() == closer) + ", loop closed: "
                    + loop.isClosed());
            loop.callSoon(() -> log.add("scheduled while closing")); // pending at close: dropped, as asyncio does
        }));
        caller.join();
        loop.callSoon(() -> log.add("plain callSoon")); // dropped, as asyncio does
        loop.close();
        assertEquals(List.of("ran on the closing thread: true, loop closed: false"), log);
        assertTrue(loop.isClosed());
    }

    @Test
    void aThreadsafeCallCancelledBeforeTheLoopClosesDoesNotRun() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Thread caller = Thread.ofPlatform().start(() -> loop.callSoonThreadsafe(() -> log.add("ran")).cancel());
        caller.join();
        loop.close();
        assertEquals(List.of(), log);
    }

    @Test
    void callSoonThreadsafeFromAnotherThreadIsAllowedInDebugMode() {
        loop.setDebug(true);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            Thread.ofPlatform().start(() -> {
                sleep(20);
                loop.callSoonThreadsafe(loop::stop);
            });
            loop.runForever();
        });
        assertTrue(loop.getDebug());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(20, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            throw new RuntimeException(e);
        }
    }
}
