package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.Coroutine;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.TimerHandle;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Behaviours of test_tasks.py (CPython 3.14) that the other classes of this package did not already pin down:
 * cancel/uncancel bookkeeping as a task's repr shows it, where cancel messages come out, tasks that ignore a
 * cancellation, and the smaller contracts (sleep's result, a coroutine returning a future, the task's context).
 */
@Tag("coroutines")
class TaskConformanceTest extends LoopFixture {

    /** test_cancelling: every request counts and returns true (3.14 no longer refuses a second one). */
    @Test
    void everyCancelRequestOfAPendingTaskCountsAndTheReprSaysCancelling() {
        Task<Void> t = loop.createTask(() -> {
            await(Asyncio.sleep(10));
            return null;
        });
        assertEquals(0, t.cancelling());
        assertFalse(t.toString().contains(" cancelling "), t.toString());
        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertTrue(t.toString().contains(" cancelling "), t.toString());
        assertTrue(t.cancel(), "a second request is accepted too");
        assertEquals(2, t.cancelling());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
    }

    /** test_uncancel_basic. */
    @Test
    void uncancelLetsATaskGoOnAndIsNoLongerEffectiveOnceItIsDone() throws Exception {
        Task<Void> t = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                Asyncio.currentTask().uncancel();
                await(Asyncio.sleep(10));
            }
            return null;
        });
        loop.runUntilComplete(() -> await(Asyncio.sleep(0.01)));

        assertTrue(t.cancel());
        assertTrue(t.toString().contains(" cancelling "), t.toString());
        assertEquals(1, t.cancelling());
        assertFalse(t.cancelled());
        loop.runUntilComplete(() -> await(Asyncio.sleep(0.01)));

        assertFalse(t.toString().contains(" cancelling "), "after uncancel(): " + t);
        assertEquals(0, t.cancelling());
        assertFalse(t.cancelled());

        assertTrue(t.cancel());
        assertEquals(1, t.cancelling());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
        t.uncancel();
        assertTrue(t.cancelled(), "uncancel() does not undo a finished cancellation");
        assertTrue(t.done());
    }

    /** test_uncancel_structured_blocks: a hand-made timeout built on cancel() and uncancel(). */
    @Test
    void aTimeoutBuiltOnCancelAndUncancelLeavesTheOuterCodeUnaffected() throws Exception {
        for (boolean expire : new boolean[] {true, false}) {
            double sleep = expire ? 10.0 : 0;
            double timeout = expire ? 0.1 : 10.0;
            boolean[] flags = new boolean[3]; // timed out, block finished, outer code reached
            Task<Void> t = loop.createTask(() -> {
                Task<?> task = Asyncio.currentTask();
                TimerHandle h = task.getLoop().callLater(timeout, () -> {
                    flags[0] = true;
                    task.cancel();
                });
                try {
                    try {
                        await(Asyncio.sleep(sleep));
                        flags[1] = true;
                    } catch (CancelledError e) {
                        if (flags[0] && task.uncancel() == 0) {
                            throw new TimeoutException();
                        }
                        throw e;
                    } finally {
                        h.cancel();
                    }
                } catch (TimeoutException e) {
                    assertTrue(flags[0]);
                }
                flags[2] = true;
                await(Asyncio.sleep(0));
                return null;
            });
            loop.runUntilComplete(t);
            assertEquals(expire, flags[0]);
            assertEquals(!expire, flags[1]);
            assertTrue(flags[2], "the task went on after the block");
            assertEquals(0, t.cancelling());
        }
    }

    /**
     * test_cancel_with_message_then_future_result, ..._then_future_exception and
     * test_cancel_with_message_before_starting_task: result() and exception() of the cancelled task throw a
     * CancelledError carrying the message (or none), with no cause behind it.
     */
    @Test
    void resultAndExceptionOfACancelledTaskCarryTheCancelMessage() throws Exception {
        for (String msg : Arrays.asList(null, "my message")) {
            for (boolean started : new boolean[] {true, false}) {
                for (boolean viaResult : new boolean[] {true, false}) {
                    Task<Void> outer = loop.createTask(() -> {
                        Task<Void> inner = Asyncio.createTask(() -> {
                            await(Asyncio.sleep(10));
                            return null;
                        });
                        if (started) {
                            await(Asyncio.sleep(0));
                        }
                        inner.cancel(msg);
                        await(Asyncio.wait(List.of(inner)));
                        if (viaResult) {
                            inner.result();
                        } else {
                            inner.exception();
                        }
                        return null;
                    });
                    CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
                    String where = "msg=" + msg + " started=" + started + " result=" + viaResult;
                    assertEquals(msg, e.getMessage(), where);
                    assertNull(e.getCause(), where);
                }
            }
        }
    }

    /** test_cancellation_exception_context: the awaiting task catches the CancelledError with the message. */
    @Test
    void aTaskAwaitingACancelledTaskCatchesItsCancelledErrorWithTheMessage() {
        Future<Void> started = loop.createFuture();
        Task<Void> outer = loop.createTask(() -> {
            Task<Void> inner = Asyncio.createTask(() -> {
                started.setResult(null);
                await(Asyncio.sleep(10));
                return null;
            });
            await(started);
            Asyncio.getRunningLoop().callSoon(() -> inner.cancel("msg"));
            try {
                await(inner);
            } catch (CancelledError e) {
                throw new IllegalArgumentException("cancelled", e);
            }
            return null;
        });
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(outer));
        assertEquals("cancelled", e.getMessage());
        CancelledError cause = assertInstanceOf(CancelledError.class, e.getCause());
        assertEquals("msg", cause.getMessage());
        assertNull(cause.getCause());
    }

    /** test_cancel_yield: a task between two bare yields is cancelled at the next one. */
    @Test
    void aTaskCancelledBetweenBareYieldsEndsCancelled() throws Exception {
        Task<Integer> t = loop.createTask(() -> {
            await(Asyncio.sleep(0));
            await(Asyncio.sleep(0));
            return 12;
        });
        runOneIteration(); // the task is at its first yield
        assertFalse(t.done());
        assertTrue(t.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.cancelled());
        assertFalse(t.cancel());
    }

    /** test_cancel_task_ignoring: after swallowing the cancellation the task awaits its next future normally. */
    @Test
    void aTaskThatIgnoresACancellationAwaitsItsNextFutureUncancelled() throws Exception {
        Future<Void> fut1 = loop.createFuture();
        Future<Void> fut2 = loop.createFuture();
        Future<Integer> fut3 = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            await(fut1);
            try {
                await(fut2);
            } catch (CancelledError ignored) {
                // going on on purpose
            }
            return await(fut3);
        });
        spin(1);
        fut1.setResult(null);
        spin(1);
        assertTrue(t.cancel());
        assertTrue(fut2.cancelled());
        spin(1);
        assertFalse(t.done());
        fut3.setResult(42);
        assertEquals(42, loop.runUntilComplete(t));
        assertFalse(fut3.cancelled());
        assertFalse(t.cancelled());
    }

    /** test_task_cancel_sleeping_task: a timer cancels the sleeper; the task awaiting it catches the error. */
    @Test
    void aTaskAwaitingASleeperThatATimerCancelsCatchesTheCancellation() throws Exception {
        double start = loop.time();
        String outcome = loop.runUntilComplete(() -> {
            Task<Void> sleeper = Asyncio.createTask(() -> {
                await(Asyncio.sleep(5000));
                return null;
            });
            Asyncio.getRunningLoop().callLater(0.1, sleeper::cancel);
            try {
                await(sleeper);
            } catch (CancelledError e) {
                return "cancelled";
            }
            return "slept in";
        });
        assertEquals("cancelled", outcome);
        double elapsed = loop.time() - start;
        assertTrue(elapsed >= 0.09 && elapsed < 10, "elapsed " + elapsed);
    }

    /** test_yield_future_passes_cancel: the cancellation goes through a coroutine called inline. */
    @Test
    void cancellingATaskReachesTheFutureAwaitedByACoroutineItCallsInline() throws Exception {
        int[] proof = {0};
        Future<Void> waiter = loop.createFuture();
        Coroutine<Void> inner = () -> {
            try {
                await(waiter);
            } catch (CancelledError e) {
                proof[0] += 1;
                throw e;
            }
            throw new AssertionError("got past the await in inner");
        };
        Task<Void> f = loop.createTask(() -> {
            try {
                inner.call();
                proof[0] += 10;
            } catch (CancelledError e) {
                proof[0] += 100;
            }
            return null;
        });
        spin(1);
        assertTrue(f.cancel());
        loop.runUntilComplete(f);
        assertEquals(101, proof[0]);
        assertTrue(waiter.cancelled());
        assertFalse(f.cancelled(), "the outer coroutine swallowed it");
    }

    /** test_coroutine_non_gen_function_return_future: a future returned is the result, not awaited. */
    @Test
    void aFutureReturnedByACoroutineIsItsResultNotAwaited() throws Exception {
        Future<String> fut = loop.createFuture();
        Task<Future<String>> t1 = loop.createTask(() -> fut);
        Task<Void> t2 = loop.createTask(() -> {
            fut.setResult("test");
            return null;
        });
        assertSame(fut, loop.runUntilComplete(t1));
        assertNull(t2.result());
        assertSame(loop, t1.getLoop());
    }

    /** test_sleep and SleepTests.test_sleep_zero: sleep gives back its result, after the callbacks due first. */
    @Test
    void sleepReturnsItsResultAfterTheCallbacksAlreadyDue() throws Exception {
        assertEquals("yeah", loop.runUntilComplete(() -> {
            await(Asyncio.sleep(0.05));
            return await(Asyncio.sleep(0.05, "yeah"));
        }));
        int[] result = {0};
        loop.runUntilComplete(() -> {
            Asyncio.getRunningLoop().callSoon(() -> result[0] += 1);
            assertEquals(0, result[0]);
            int num = await(Asyncio.sleep(0, 10));
            assertEquals(1, result[0], "the callback ran during the yield");
            result[0] += num;
            return null;
        });
        assertEquals(11, result[0]);
    }

    /** test_bare_create_task and test_bare_create_named_task. */
    @Test
    void asyncioCreateTaskMakesATaskOfTheRunningLoopWithItsName() throws Exception {
        loop.runUntilComplete(() -> {
            Task<Integer> t = Asyncio.createTask(() -> 1);
            assertSame(Asyncio.getRunningLoop(), t.getLoop());
            assertEquals(1, await(t));
            Task<Void> named = Asyncio.createTask(() -> null, "No-op");
            assertEquals("No-op", named.getName());
            await(named);
            return null;
        });
    }

    /** test_context_4/5/6: a task run in a given context leaves its changes there. */
    @Test
    void tasksRunInAGivenContextLeaveTheirChangesInIt() throws Exception {
        ContextVar<Integer> cvar = new ContextVar<>("cvar");
        List<Integer> ret = loop.runUntilComplete(() -> {
            List<Integer> seen = new ArrayList<>();
            Context ctx = Context.copyCurrent();
            seen.add(ctx.get(cvar));
            await(Asyncio.createTask(() -> {
                await(Asyncio.sleep(0));
                cvar.set(1);
                return null;
            }, null, ctx));
            seen.add(ctx.get(cvar));
            await(Asyncio.getRunningLoop().createTask(() -> {
                await(Asyncio.sleep(0));
                cvar.set(2);
                return null;
            }, null, ctx));
            seen.add(ctx.get(cvar));
            return seen;
        });
        assertEquals(Arrays.asList(null, 1, 2), ret);
    }

    /** test_context_2: a done callback's changes do not reach the task that added it. */
    @Test
    void aDoneCallbacksChangesDoNotPolluteTheTask() throws Exception {
        ContextVar<String> cvar = new ContextVar<>("cvar", "nope");
        loop.runUntilComplete(() -> {
            for (int j = 0; j < 2; j++) {
                Future<Void> fut = Asyncio.getRunningLoop().createFuture();
                fut.addDoneCallback(f -> cvar.set("something else"));
                cvar.set("yes" + j);
                Asyncio.getRunningLoop().callSoon(() -> fut.setResult(null));
                await(fut);
                assertEquals("yes" + j, cvar.get());
                for (int i = 0; i < 3; i++) {
                    cvar.set("yes" + i + "-" + j);
                    await(Asyncio.sleep(0.001));
                    assertEquals("yes" + i + "-" + j, cvar.get());
                }
            }
            return null;
        });
        assertEquals("nope", cvar.get());
    }

    /** test_current_task_no_running_loop: asking a loop that is not running gives no task. */
    @Test
    void aLoopThatIsNotRunningHasNoCurrentTask() throws Exception {
        assertNull(Asyncio.currentTask(loop));
        Task<Void> task = loop.createTask(() -> {
            assertSame(Asyncio.currentTask(), Asyncio.currentTask(Asyncio.getRunningLoop()));
            assertSame(Asyncio.currentTask(), Asyncio.currentTask(null));
            return null;
        });
        loop.runUntilComplete(task);
        assertNull(Asyncio.currentTask(loop));
    }

    /** test_get_context: the task keeps the context it was given. */
    @Test
    void getContextIsTheContextTheTaskRunsIn() throws Exception {
        Context ctx = Context.copyCurrent();
        Task<Void> t = loop.createTask(() -> null, null, ctx);
        loop.runUntilComplete(t);
        assertSame(ctx, t.getContext());
    }

    /** FutureReprTests.test_recursive_repr_for_pending_tasks (test_futures2.py). */
    @Test
    void theReprOfATaskWhoseResultContainsItselfEndsInsteadOfRecursing() throws Exception {
        Task<Set<Task<?>>> t = loop.createTask(Asyncio::allTasks);
        Set<Task<?>> all = loop.runUntilComplete(t);
        assertTrue(all.contains(t));
        String repr = t.toString();
        assertTrue(repr.contains("..."), repr);
    }

    /** RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_task_cancelled. */
    @Test
    void aThreadsafeCoroutineThatCancelsItselfCancelsItsCompletableFuture() throws Exception {
        var cf = Asyncio.runCoroutineThreadsafe(() -> {
            await(Asyncio.sleep(0.01));
            Asyncio.currentTask().cancel();
            await(Asyncio.sleep(0));
            return 3;
        }, loop);
        loop.runUntilComplete(() -> {
            while (!cf.isDone()) {
                await(Asyncio.sleep(0.005));
            }
            return null;
        });
        assertTrue(cf.isCancelled());
    }

    /** RunCoroutineThreadsafeTests.test_run_coroutine_threadsafe_task_factory_exception. */
    @Test
    @org.jasyncio.harness.ExpectLoopReports("the failing factory is reported once")
    void aTaskFactoryThatFailsFailsTheCompletableFutureAndIsReportedOnce() throws Exception {
        IllegalStateException boom = new IllegalStateException("factory broke");
        loop.setTaskFactory(new org.jasyncio.TaskFactory() {
            @Override
            public <T> Task<T> createTask(org.jasyncio.EventLoop l, Coroutine<T> coro, Context ctx) {
                throw boom;
            }
        });
        var cf = Asyncio.runCoroutineThreadsafe(() -> 3, loop);
        loop.callLater(0.05, loop::stop);
        loop.runForever();
        loop.setTaskFactory(null);
        var e = assertThrows(java.util.concurrent.ExecutionException.class, cf::get);
        assertSame(boom, e.getCause());
        assertEquals(1, reported.size(), "reported: " + reportedMessages());
        assertSame(boom, reported.get(0).get("exception"));
    }

    /** test_uncancel_resets_must_cancel: a cancel withdrawn before the woken task ran never reaches it. */
    @Test
    void uncancelBeforeAWokenTaskRunsWithdrawsTheCancellation() throws Exception {
        Future<Void> fut = loop.createFuture();
        Task<Integer> task = loop.createTask(() -> {
            await(fut);
            return 42;
        });
        spin(1); // the task waits for fut
        fut.setResult(null); // its wake-up is scheduled
        assertTrue(task.cancel());
        assertEquals(1, task.cancelling());
        assertEquals(0, task.uncancel());
        assertEquals(42, loop.runUntilComplete(task));
        assertFalse(task.cancelled());
    }

    /** test_baseexception_during_cancel: an Error raised on cancellation is the task's outcome, not a cancel. */
    @Test
    void anErrorRaisedInsteadOfTheCancellationIsTheTasksException() throws Exception {
        Error exit = new Error("exit");
        Task<Void> task = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                throw exit;
            }
            return null;
        });
        runOneIteration();
        task.cancel();
        assertFalse(task.done());
        spin(1);
        assertTrue(task.done());
        assertFalse(task.cancelled());
        assertSame(exit, task.exception());
    }

    /** test_task_source_traceback: in debug mode a task says where it was created. */
    @Test
    void aDebugTaskSaysWhereItWasCreated() throws Exception {
        loop.setDebug(true);
        Task<Void> t = loop.createTask(() -> null); int line = new Throwable().getStackTrace()[0].getLineNumber();
        assertTrue(t.toString().endsWith(" created at TaskConformanceTest.java:" + line + ">"), t.toString());
        loop.runUntilComplete(t);
    }

    private void runOneIteration() {
        loop.callSoon(loop::stop);
        loop.runForever();
    }
}
