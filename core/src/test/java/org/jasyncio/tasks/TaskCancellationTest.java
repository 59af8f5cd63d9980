package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Task cancellation as test_tasks.py checks it. */
@Tag("coroutines")
class TaskCancellationTest extends LoopFixture {

    @Test
    void cancelThrowsCancelledErrorAtTheAwaitPoint() throws Exception {
        List<String> log = new ArrayList<>();
        Future<Void> never = loop.createFuture();
        Task<Void> t = loop.createTask(() -> {
            try {
                await(never);
            } catch (CancelledError e) {
                log.add("cancelled at await");
                throw e;
            }
            return null;
        });
        loop.callSoon(() -> assertTrue(t.cancel()));
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
        assertTrue(never.cancelled(), "the awaited future is cancelled with the task");
        assertEquals(List.of("cancelled at await"), log);
    }

    @Test
    void cancelMessageReachesTheBodyAndTheResult() throws Exception {
        String[] seen = new String[1];
        Task<Void> t = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                seen[0] = e.getMessage();
                throw e;
            }
            return null;
        });
        loop.callSoon(() -> t.cancel("my message"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("my message", seen[0]);
        assertEquals("my message", e.getMessage());
    }

    @Test
    void cancelBeforeTheFirstStepMeansTheBodyNeverRuns() throws Exception {
        boolean[] ran = {false};
        Task<Void> t = loop.createTask(() -> {
            ran[0] = true;
            return null;
        });
        assertTrue(t.cancel("early"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("early", e.getMessage());
        assertFalse(ran[0]);
        assertTrue(t.cancelled());
    }

    @Test
    void cancellingAndUncancelCountRequests() throws Exception {
        Future<Void> f = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            try {
                await(f);
            } catch (CancelledError e) {
                Task<?> me = Asyncio.currentTask();
                int before = me.cancelling();
                int after = me.uncancel();
                return before * 10 + after;
            }
            return -1;
        });
        assertEquals(0, t.cancelling());
        spin(1);
        t.cancel();
        t.cancel();
        assertEquals(2, t.cancelling());
        assertEquals(21, loop.runUntilComplete(t));
        assertFalse(t.cancelled());
        assertEquals(1, t.cancelling());
    }

    @Test
    void uncancelToZeroWithdrawsAPendingCancellation() throws Exception {
        Task<String> t = loop.createTask(() -> {
            Task<?> me = Asyncio.currentTask();
            me.cancel(); // not awaiting anything: takes effect at the next await
            assertEquals(0, me.uncancel());
            await(Asyncio.sleep(0));
            return "not cancelled";
        });
        assertEquals("not cancelled", loop.runUntilComplete(t));
        assertEquals(0, t.uncancel(), "uncancel never goes below zero");
    }

    @Test
    void aTaskThatSwallowsCancellationFinishesNormally() throws Exception {
        Task<String> t = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                await(Asyncio.sleep(0));
                return "swallowed";
            }
            return "slept";
        });
        loop.callSoon(t::cancel);
        assertEquals("swallowed", loop.runUntilComplete(t));
        assertFalse(t.cancelled());
        assertEquals(1, t.cancelling());
    }

    @Test
    void cancellingATaskThatAwaitsAnotherCancelsTheInnerToo() throws Exception {
        Future<Void> never = loop.createFuture();
        Task<Void> inner = loop.createTask(() -> {
            await(never);
            return null;
        });
        Task<Void> outer = loop.createTask(() -> {
            await(inner);
            return null;
        });
        loop.callLater(0.01, () -> outer.cancel("stop"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertEquals("stop", e.getMessage());
        assertTrue(inner.cancelled());
        assertTrue(never.cancelled());
        assertTrue(outer.cancelled());
    }

    @Test
    void anInnerTaskThatSwallowsKeepsTheOuterRunning() throws Exception {
        Task<String> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
                return "slept";
            } catch (CancelledError e) {
                return "inner swallowed";
            }
        });
        Task<String> outer = loop.createTask(() -> await(inner));
        loop.callLater(0.01, outer::cancel);
        assertEquals("inner swallowed", loop.runUntilComplete(outer));
        assertFalse(outer.cancelled());
    }

    @Test
    void cancelDuringAStepTakesEffectAtTheNextAwait() throws Exception {
        List<String> log = new ArrayList<>();
        Future<Integer> done = loop.createFuture();
        done.setResult(1);
        Task<Void> t = loop.createTask(() -> {
            Asyncio.currentTask().cancel();
            log.add("still running");
            await(done); // a done future does not suspend: no cancellation here
            log.add("after done await");
            try {
                await(Asyncio.sleep(0));
            } catch (CancelledError e) {
                log.add("cancelled at the suspending await");
                throw e;
            }
            return null;
        });
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals(List.of("still running", "after done await", "cancelled at the suspending await"), log);
    }

    @Test
    void cancelRequestedDuringTheLastStepCancelsTheReturningTask() throws Exception {
        Task<String> t = loop.createTask(() -> {
            Asyncio.currentTask().cancel("late");
            return "returned";
        });
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("late", e.getMessage());
        assertTrue(t.cancelled());
    }

    @Test
    void cancelOfADoneTaskReturnsFalse() throws Exception {
        Task<Integer> t = loop.createTask(() -> 1);
        loop.runUntilComplete(t);
        assertFalse(t.cancel());
        assertFalse(t.cancelled());
        assertEquals(1, t.result());
        Task<Integer> c = loop.createTask(() -> 1);
        assertTrue(c.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(c));
        assertFalse(c.cancel());
    }

    @Test
    void cancelWhileWakingUpFromADoneFutureStillCancels() throws Exception {
        Future<Integer> f = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> await(f));
        spin(1);
        f.setResult(3); // the task's wake-up is scheduled now
        assertTrue(t.cancel("after set"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("after set", e.getMessage());
    }

    @Test
    void cancelledErrorRaisedByTheBodyIsKeptAsIs() throws Exception {
        CancelledError mine = new CancelledError("raised by the body");
        Task<Void> t = loop.createTask(() -> {
            throw mine;
        });
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertSame(mine, e);
        assertTrue(t.cancelled());
    }

    @Test
    void cancellingTheAwaitedFutureDirectlyThrowsInTheTaskWhichMayCatchIt() throws Exception {
        Future<Void> f = loop.createFuture();
        Task<String> t = loop.createTask(() -> {
            try {
                await(f);
                return "no";
            } catch (CancelledError e) {
                return "caught " + e.getMessage();
            }
        });
        loop.callSoon(() -> f.cancel("future"));
        assertEquals("caught future", loop.runUntilComplete(t));
        assertEquals(0, t.cancelling());
    }

    @Test
    void cancellingASleepingTaskCancelsItsTimerAtOnce() throws Exception {
        Future<Void>[] sleep = new Future[1];
        Task<Void> t = loop.createTask(() -> {
            sleep[0] = Asyncio.sleep(3600);
            await(sleep[0]);
            return null;
        });
        spin(1);
        assertFalse(sleep[0].done());
        assertTrue(t.cancel());
        assertTrue(sleep[0].cancelled(), "the sleep (and its timer) is cancelled by the task's cancel");
        assertFalse(sleep[0].cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    }

    @Test
    void aTaskCancelledWhileRunningCancelsTheNextTaskItAwaits() throws Exception {
        Future<Void> fut = loop.createFuture();
        Task<?>[] nested = new Task[1];
        Task<Void> t = loop.createTask(() -> {
            nested[0] = loop.createTask(() -> {
                await(fut);
                return null;
            });
            await(Asyncio.sleep(0));
            Asyncio.currentTask().cancel(); // not blocked now: applies to what it awaits next
            await(nested[0]);
            return null;
        });
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
        assertTrue(nested[0].cancelled());
        assertTrue(fut.cancelled());
    }

    @Test
    void cancelCancelsTheAwaitedFutureAndTheTaskForgetsIt() throws Exception {
        Future<Void> fut = loop.createFuture();
        Task<Void> t = loop.createTask(() -> {
            await(fut);
            return null;
        });
        spin(1);
        assertTrue(t.toString().contains("wait_for="), t.toString());
        t.cancel();
        assertTrue(fut.cancelled());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertFalse(t.toString().contains("wait_for="), t.toString());
    }

    @Test
    void cancellingBothTheTaskAndItsFutureCancelsTheTask() throws Exception {
        Future<Void> fut = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            await(fut);
            return 12;
        });
        spin(1);
        fut.cancel();
        t.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
        assertTrue(fut.cancelled());
    }

    @Test
    void exceptionOfACancelledTaskIsCancelledError() throws Exception {
        Task<Void> t = loop.createTask(() -> null);
        t.cancel("why");
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertThrows(CancelledError.class, t::exception);
        assertThrows(CancelledError.class, t::result);
    }
}
