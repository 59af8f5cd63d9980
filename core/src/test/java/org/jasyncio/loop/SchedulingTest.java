package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Handle;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** callSoon, callLater, callAt, handles and the timer heap (test_base_events.py, test_events.py HandleTests). */
class SchedulingTest {
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setDebug(false);
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    /** Runs exactly one iteration of the loop. */
    private void runOnce() {
        loop.stop();
        loop.runForever();
    }

    private int timerCount() {
        return ((SelectorEventLoop) loop).scheduledTimerCount();
    }

    @Test
    void callSoonRunsCallbacksInFifoOrder() {
        List<Integer> log = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int n = i;
            loop.callSoon(() -> log.add(n));
        }
        runOnce();
        assertEquals(IntStream.range(0, 5000).boxed().toList(), log);
    }

    @Test
    void callSoonWhileRunningKeepsFifoOrder() {
        List<Integer> log = new ArrayList<>();
        loop.callSoon(() -> {
            for (int i = 0; i < 3000; i++) {
                int n = i;
                loop.callSoon(() -> log.add(n));
            }
            loop.callSoon(loop::stop);
        });
        loop.runForever();
        assertEquals(IntStream.range(0, 3000).boxed().toList(), log);
    }

    @Test
    void callbacksScheduledByACallbackRunInTheNextIteration() {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> {
            log.add("a");
            loop.callSoon(() -> log.add("c"));
        });
        loop.callSoon(() -> log.add("b"));
        runOnce();
        assertEquals(List.of("a", "b"), log);
        runOnce();
        assertEquals(List.of("a", "b", "c"), log);
    }

    @Test
    void aCancelledHandleNeverRuns() {
        List<String> log = new ArrayList<>();
        Handle h = loop.callSoon(() -> log.add("cancelled"));
        loop.callSoon(() -> log.add("kept"));
        assertFalse(h.cancelled());
        h.cancel();
        assertTrue(h.cancelled());
        h.cancel();
        assertTrue(h.cancelled());
        runOnce();
        assertEquals(List.of("kept"), log);
    }

    @Test
    void aCallbackCanCancelALaterOneOfTheSameIteration() {
        List<String> log = new ArrayList<>();
        Handle[] second = new Handle[1];
        loop.callSoon(() -> second[0].cancel());
        second[0] = loop.callSoon(() -> log.add("second"));
        runOnce();
        assertEquals(List.of(), log);
    }

    @Test
    void callLaterRunsTimersByTime() throws Exception {
        List<String> log = new ArrayList<>();
        loop.callLater(0.06, () -> log.add("60ms"));
        loop.callLater(0.02, () -> log.add("20ms"));
        loop.callLater(0.04, () -> log.add("40ms"));
        Future<Void> done = loop.createFuture();
        loop.callLater(0.08, () -> done.setResult(null));
        loop.runUntilComplete(done);
        assertEquals(List.of("20ms", "40ms", "60ms"), log);
    }

    @Test
    void callLaterWaitsAtLeastTheDelay() throws Exception {
        Future<Double> f = loop.createFuture();
        double t0 = loop.time();
        loop.callLater(0.05, () -> f.setResult(loop.time()));
        double ranAt = loop.runUntilComplete(f);
        assertTrue(ranAt - t0 >= 0.05 - 1e-3, "ran after " + (ranAt - t0));
    }

    @Test
    void timersDueAtTheSameTimeRunInSchedulingOrder() {
        List<Integer> log = new ArrayList<>();
        double when = loop.time();
        for (int i = 0; i < 200; i++) {
            int n = i;
            loop.callAt(when, () -> log.add(n));
        }
        runOnce();
        assertEquals(IntStream.range(0, 200).boxed().toList(), log);
    }

    @Test
    void callLaterZeroRunsAfterCallbacksAlreadyReady() {
        List<String> log = new ArrayList<>();
        loop.callLater(0, () -> log.add("later 0"));
        loop.callLater(-5, () -> log.add("later -5"));
        loop.callSoon(() -> log.add("soon"));
        runOnce();
        assertEquals(List.of("soon", "later -5", "later 0"), log); // timers by time, after the ready ones
    }

    @Test
    void aNegativeDelayIsDueAtOnce() {
        List<String> log = new ArrayList<>();
        TimerHandle h = loop.callLater(-1, () -> log.add("ran"));
        assertTrue(h.when() < loop.time());
        runOnce();
        assertEquals(List.of("ran"), log);
    }

    @Test
    void callAtInThePastRunsInTheNextIteration() {
        List<String> log = new ArrayList<>();
        loop.callAt(loop.time() - 10, () -> log.add("past"));
        runOnce();
        assertEquals(List.of("past"), log);
    }

    @Test
    void timerHandleWhenIsTheLoopTimePlusTheDelay() {
        double before = loop.time();
        TimerHandle h = loop.callLater(10, () -> { });
        double after = loop.time();
        assertTrue(h.when() >= before + 10 && h.when() <= after + 10, "when=" + h.when());
        TimerHandle at = loop.callAt(1234.5, () -> { });
        assertEquals(1234.5, at.when());
    }

    @Test
    void timeIsMonotonic() throws Exception {
        double last = loop.time();
        for (int i = 0; i < 10_000; i++) {
            double now = loop.time();
            assertTrue(now >= last);
            last = now;
        }
        Thread.sleep(10);
        assertTrue(loop.time() - last >= 0.009);
    }

    @Test
    void allLoopsShareOneClock() {
        EventLoop other = Asyncio.newEventLoop();
        try {
            double mine = loop.time();
            double theirs = other.time();
            double mineAgain = loop.time();
            assertTrue(mine <= theirs && theirs <= mineAgain, mine + " " + theirs + " " + mineAgain);
        } finally {
            other.close();
        }
    }

    @Test
    void aCancelledTimerNeverRuns() throws Exception {
        List<String> log = new ArrayList<>();
        TimerHandle h = loop.callLater(0.01, () -> log.add("cancelled"));
        h.cancel();
        assertTrue(h.cancelled());
        Future<Void> done = loop.createFuture();
        loop.callLater(0.03, () -> done.setResult(null));
        loop.runUntilComplete(done);
        assertEquals(List.of(), log);
    }

    @Test
    void cancelledTimersArePurgedWhenTheyAreTheMajority() {
        double far = loop.time() + 3600;
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            handles.add(loop.callAt(far + i, () -> { }));
        }
        // cancel 150 that are not at the head of the heap
        for (int i = 50; i < 200; i++) {
            handles.get(i).cancel();
        }
        assertEquals(200, timerCount());
        runOnce();
        assertEquals(50, timerCount());
        assertTrue(handles.get(199).cancelled());
    }

    @Test
    void halfCancelledIsNotEnoughToPurge() {
        double far = loop.time() + 3600;
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            handles.add(loop.callAt(far + i, () -> { }));
        }
        for (int i = 100; i < 200; i++) {
            handles.get(i).cancel();
        }
        runOnce();
        assertEquals(200, timerCount());
        handles.get(99).cancel(); // now 101 of 200
        runOnce();
        assertEquals(99, timerCount());
    }

    @Test
    void fewTimersAreNeverPurgedButCancelledOnesAtTheHeadAre() {
        double far = loop.time() + 3600;
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            handles.add(loop.callAt(far + i, () -> { }));
        }
        for (int i = 0; i < 10; i++) {
            handles.get(i).cancel(); // the ten earliest
        }
        for (int i = 20; i < 100; i++) {
            handles.get(i).cancel(); // 90 of 100 cancelled, but 100 timers is not more than the minimum
        }
        runOnce();
        assertEquals(90, timerCount(), "only the cancelled head is dropped");
    }

    @Test
    void cancelledTimersLeaveTheHeadEachIterationAndAllGoWhenTheyAreTheMajority() {
        // test_base_events.py test__run_once_cancelled_event_cleanup, step by step
        SelectorEventLoop l = (SelectorEventLoop) loop;
        Runnable cb = () -> { };
        int notCancelled = 1;
        loop.callLater(3000, cb); // never cancelled: keeps later cancelled timers off the head
        int cancelled = 2;
        for (int i = 0; i < 2; i++) {
            loop.callLater(3600, cb).cancel();
        }
        cancelled += 2;
        for (int i = 0; i < 2; i++) {
            loop.callLater(100, cb).cancel(); // these reach the head and go
        }
        assertEquals(cancelled, l.cancelledTimerCount());
        runOnce();
        cancelled -= 2;
        assertEquals(cancelled, l.cancelledTimerCount());
        assertEquals(cancelled + notCancelled, timerCount());

        int addCancelled = (int) Math.ceil(100 * 0.5) + 1;
        int addKept = Math.max(100 - addCancelled, 0);
        notCancelled += addKept;
        for (int i = 0; i < addKept; i++) {
            loop.callLater(3600, cb);
        }
        cancelled += addCancelled;
        for (int i = 0; i < addCancelled; i++) {
            loop.callLater(3600, cb).cancel();
        }
        assertEquals(cancelled + notCancelled, timerCount());
        runOnce();
        assertEquals(notCancelled, timerCount());
        assertEquals(0, l.cancelledTimerCount());
    }

    @Test
    void cancellingATimerTwiceCountsOnce() {
        double far = loop.time() + 3600;
        List<TimerHandle> handles = new ArrayList<>();
        for (int i = 0; i < 102; i++) {
            handles.add(loop.callAt(far + i, () -> { }));
        }
        for (int i = 51; i < 102; i++) {
            handles.get(i).cancel(); // 51 of 102: exactly half, not more
            handles.get(i).cancel();
        }
        runOnce();
        assertEquals(102, timerCount());
    }

    @Test
    void cancellingATimerThatAlreadyRanChangesNothing() {
        List<String> log = new ArrayList<>();
        TimerHandle h = loop.callLater(0, () -> log.add("ran"));
        runOnce();
        h.cancel();
        assertTrue(h.cancelled());
        assertEquals(0, timerCount());
        assertEquals(List.of("ran"), log);
    }

    @Test
    void aTimerAFarFutureAwayDoesNotBreakTheLoop() {
        loop.callLater(Double.POSITIVE_INFINITY, () -> { });
        loop.callLater(1e12, () -> { });
        List<String> log = new ArrayList<>();
        loop.callLater(0.01, () -> {
            log.add("ran");
            loop.stop();
        });
        loop.runForever();
        assertEquals(List.of("ran"), log);
    }

    @Test
    void nullCallbacksAreRefused() {
        assertEquals("a callable object was expected by call_soon(), got null",
                assertThrows(IllegalArgumentException.class, () -> loop.callSoon(null)).getMessage());
        assertEquals("a callable object was expected by call_soon_threadsafe(), got null",
                assertThrows(IllegalArgumentException.class, () -> loop.callSoonThreadsafe(null)).getMessage());
        assertEquals("a callable object was expected by call_at(), got null",
                assertThrows(IllegalArgumentException.class, () -> loop.callLater(1, null)).getMessage());
        assertEquals("a callable object was expected by call_at(), got null",
                assertThrows(IllegalArgumentException.class, () -> loop.callAt(1, null)).getMessage());
    }

    @Test
    void nanTimesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> loop.callLater(Double.NaN, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> loop.callAt(Double.NaN, () -> { }));
        assertEquals(0, timerCount());
    }

    @Test
    void handleToStringForms() {
        Runnable cb = new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return "noop()";
            }
        };
        Handle h = loop.callSoon(cb);
        assertEquals("<Handle noop()>", h.toString());
        h.cancel();
        assertEquals("<Handle cancelled>", h.toString());
        TimerHandle t = loop.callAt(123, cb);
        assertEquals("<TimerHandle when=123.0 noop()>", t.toString());
        t.cancel();
        assertEquals("<TimerHandle cancelled when=123.0>", t.toString());
    }

    @Test
    void callbacksOfOneIterationRunBeforeTimersDueLater() throws Exception {
        List<String> log = new ArrayList<>();
        Future<Void> done = loop.createFuture();
        loop.callLater(0.02, () -> {
            log.add("timer");
            done.setResult(null);
        });
        loop.callSoon(() -> log.add("soon"));
        loop.runUntilComplete(done);
        assertEquals(List.of("soon", "timer"), log);
    }


    @Test
    void negativeDelaysRunInTheOrderOfTheirTimes() {
        // test_call_later_negative_delays: -2 is due before -1, whatever the scheduling order.
        List<String> log = new ArrayList<>();
        loop.callLater(-1, () -> log.add("a"));
        loop.callLater(-2, () -> log.add("b"));
        runOnce();
        assertEquals(List.of("b", "a"), log);
    }

    @Test
    void tinySleepsCostFewIterations() throws Exception {
        // test_timeout_rounding: sleeps far below the clock's resolution must not spin the loop.
        long before = loop.stats().iterations();
        loop.runUntilComplete(() -> {
            for (double d : new double[] {1e-2, 1e-4, 1e-6, 1e-8, 1e-10}) {
                org.jasyncio.Asyncio.await(org.jasyncio.Asyncio.sleep(d));
            }
            return null;
        });
        long iterations = loop.stats().iterations() - before;
        assertTrue(iterations <= 20, "iterations: " + iterations);
    }
}
