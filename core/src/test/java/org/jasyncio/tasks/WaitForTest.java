package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Asyncio.waitFor (test_waitfor.py). */
@Tag("coroutines")
class WaitForTest extends LoopFixture {

    @Test
    void timeoutCancelsTheInnerAndFailsAfterItFinishedCancelling() throws Exception {
        List<String> log = new ArrayList<>();
        Task<String> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
                return "slept";
            } catch (CancelledError e) {
                log.add("inner cancelled");
                await(Asyncio.sleep(0.02)); // cleanup that takes a while
                log.add("inner cleaned up");
                throw e;
            }
        });
        TimeoutException e = assertThrows(TimeoutException.class, () -> loop.runUntilComplete(() -> {
            try {
                return await(Asyncio.waitFor(inner, 0.02));
            } catch (TimeoutException t) {
                log.add("timeout seen");
                throw t;
            }
        }));
        assertEquals(List.of("inner cancelled", "inner cleaned up", "timeout seen"), log);
        assertTrue(inner.cancelled());
        assertInstanceOf(CancelledError.class, e.getCause());
    }

    @Test
    void aResultBeforeTheTimeoutIsReturned() throws Exception {
        Task<Integer> inner = loop.createTask(() -> {
            await(Asyncio.sleep(0.01));
            return 5;
        });
        assertEquals(5, loop.runUntilComplete(Asyncio.waitFor(inner, 10)));
        assertFalse(inner.cancelled());
    }

    @Test
    void anExceptionBeforeTheTimeoutIsRethrown() throws Exception {
        IOException boom = new IOException("boom");
        Task<Integer> inner = loop.createTask(() -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(Asyncio.waitFor(inner, 10))));
    }

    @Test
    void timeoutZeroOnAPendingFutureTimesOutAndOnADoneOneReturnsItsResult() throws Exception {
        Future<Integer> pending = loop.createFuture();
        Future<Integer> w = Asyncio.waitFor(pending, 0);
        assertTrue(pending.cancelled(), "timeout 0 cancels at once");
        assertThrows(TimeoutException.class, () -> loop.runUntilComplete(w));
        Future<Integer> done = loop.createFuture();
        done.setResult(3);
        assertEquals(3, loop.runUntilComplete(Asyncio.waitFor(done, 0)));
    }

    @Test
    void anInnerThatSwallowsTheTimeoutCancellationWins() throws Exception {
        Task<String> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
                return "slept";
            } catch (CancelledError e) {
                return "swallowed";
            }
        });
        assertEquals("swallowed", loop.runUntilComplete(Asyncio.waitFor(inner, 0.01)));
    }

    @Test
    void cancellingTheOuterCancelsTheInnerAndWaitsForIt() throws Exception {
        List<String> log = new ArrayList<>();
        Task<Void> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                await(Asyncio.sleep(0.01));
                log.add("inner done cancelling");
                throw e;
            }
            return null;
        });
        Task<Void> outer = loop.createTask(() -> {
            try {
                await(Asyncio.waitFor(inner, 10));
            } catch (CancelledError e) {
                log.add("outer cancelled: " + e.getMessage());
                throw e;
            }
            return null;
        });
        loop.callLater(0.01, () -> outer.cancel("stop"));
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertEquals(List.of("inner done cancelling", "outer cancelled: stop"), log);
        assertTrue(inner.cancelled());
    }

    @Test
    void aWaitCancelledAfterItsTimeoutReturnsWhatTheInnerReturnedInstead() throws Exception {
        Task<Integer> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(0.3));
            } catch (CancelledError first) {
                try {
                    await(Asyncio.sleep(0.3));
                } catch (CancelledError second) {
                    await(Asyncio.sleep(0.05));
                }
            }
            return 42;
        });
        Task<Integer> waiting = loop.createTask(() -> await(Asyncio.waitFor(inner, 0.05)));
        loop.callLater(0.1, waiting::cancel);
        // asyncio 3.12+ (async with timeout(t): return await fut): the task's cancel reached the inner, which
        // returned instead; so the wait returns it, and the task's cancel request stays counted
        assertEquals(42, loop.runUntilComplete(waiting));
        assertTrue(inner.done(), "the wait ended only once the inner had finished");
        assertEquals(42, inner.result());
        assertEquals(1, waiting.cancelling());
    }

    /** asyncio 3.12+, as CPython 3.13 runs it: a cancel from outside with no timeout gives what the inner returned. */
    @Test
    void aCancelFromOutsideThatTheInnerSwallowsGivesItsResult() throws Exception {
        Task<Integer> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                await(Asyncio.sleep(0.01));
            }
            return 42;
        });
        Task<Integer> waiting = loop.createTask(() -> await(Asyncio.waitFor(inner, 10)));
        loop.callLater(0.02, () -> waiting.cancel("stop"));
        assertEquals(42, loop.runUntilComplete(waiting));
        assertEquals(1, waiting.cancelling());
    }

    @Test
    void cancellingTheOuterAfterTheTimeoutExpiredGivesCancelledErrorNotTimeout() throws Exception {
        Task<Void> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                await(Asyncio.sleep(0.03));
                throw e;
            }
            return null;
        });
        Future<Void> w = Asyncio.waitFor(inner, 0.01);
        loop.callLater(0.02, () -> w.cancel("user"));
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(w));
    }

    @Test
    void infiniteTimeoutNeverTimesOutAndNaNIsRefused() throws Exception {
        Task<Integer> inner = loop.createTask(() -> {
            await(Asyncio.sleep(0.01));
            return 1;
        });
        assertEquals(1, loop.runUntilComplete(Asyncio.waitFor(inner, Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> Asyncio.waitFor(inner, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Asyncio.waitFor(null, 1));
    }

    @Test
    void aPlainFutureTimesOutToo() throws Exception {
        Future<String> never = loop.createFuture();
        assertThrows(TimeoutException.class, () -> loop.runUntilComplete(Asyncio.waitFor(never, 0.01)));
        assertTrue(never.cancelled());
    }

    @Test
    void anInnerCancelledByItselfIsCancelledErrorNotTimeout() throws Exception {
        Future<String> f = loop.createFuture();
        Future<String> w = Asyncio.waitFor(f, 10);
        loop.callSoon(() -> f.cancel("own"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(w));
        assertEquals("own", e.getMessage());
    }

    @Test
    void aTimeoutOfZeroOrLessCancelsATaskBeforeItsFirstStep() throws Exception {
        // test_wait_for_timeout_less_then_0_or_0_coroutine_do_not_started
        for (double timeout : new double[] {0, -1}) {
            boolean[] started = new boolean[1];
            double[] elapsed = new double[1];
            assertThrows(TimeoutException.class, () -> loop.runUntilComplete(() -> {
                Task<Void> foo = loop.createTask(() -> {
                    started[0] = true;
                    return null;
                });
                double t0 = loop.time();
                try {
                    return await(Asyncio.waitFor(foo, timeout));
                } finally {
                    elapsed[0] = loop.time() - t0;
                }
            }));
            assertFalse(started[0], "timeout " + timeout);
            assertTrue(elapsed[0] < 5, "timeout " + timeout);
        }
    }

    @Test
    void aTimeoutOfZeroOrLessCancelsARunningTaskAndWaitsForItsCleanup() throws Exception {
        // test_wait_for_timeout_less_then_0_or_0
        for (double timeout : new double[] {0, -1}) {
            boolean[] running = new boolean[1];
            Task<String> foo = loop.createTask(() -> {
                running[0] = true;
                try {
                    await(Asyncio.sleep(10));
                } finally {
                    running[0] = false;
                }
                return "done";
            });
            loop.runUntilComplete(() -> await(Asyncio.sleep(0))); // foo has started
            assertTrue(running[0]);
            assertThrows(TimeoutException.class, () -> loop.runUntilComplete(() -> await(Asyncio.waitFor(foo, timeout))));
            assertTrue(foo.cancelled(), "timeout " + timeout);
            assertFalse(running[0], "timeout " + timeout);
        }
    }

    @Test
    void aTimeoutOfZeroWaitsForTheInnerToFinishCancellingAndIsCausedByItsCancellation() throws Exception {
        // test_wait_for_waits_for_task_cancellation_w_timeout_0
        boolean[] taskDone = new boolean[1];
        TimeoutException e = assertThrows(TimeoutException.class, () -> loop.runUntilComplete(() -> {
            Task<Void> inner = loop.createTask(() -> {
                try {
                    await(Asyncio.sleep(10));
                } catch (CancelledError ce) {
                    await(Asyncio.sleep(0.0001));
                    throw ce;
                } finally {
                    taskDone[0] = true;
                }
                return null;
            });
            await(Asyncio.sleep(0.0001));
            return await(Asyncio.waitFor(inner, 0));
        }));
        assertTrue(taskDone[0]);
        assertInstanceOf(CancelledError.class, e.getCause());
    }

    @Test
    void anExceptionRaisedWhileTheInnerCancelsReplacesTheTimeout() throws Exception {
        // test_wait_for_reraises_exception_during_cancellation
        final class FooException extends Exception {
        }
        assertThrows(FooException.class, () -> loop.runUntilComplete(() -> {
            Task<Void> inner = loop.createTask(() -> {
                try {
                    await(Asyncio.sleep(0.2));
                } finally {
                    throw new FooException();
                }
            });
            return await(Asyncio.waitFor(inner, 0.0001));
        }));
    }

    @Test
    void cancellingAWaitWithoutTimeoutCancelsTheTask() throws Exception {
        // test_cancel_blocking_wait_for and test_cancel_wait_for
        for (double timeout : new double[] {Double.POSITIVE_INFINITY, 60.0}) {
            Task<Void> task = loop.createTask(() -> {
                await(loop.createFuture()); // blocks: its result is never set
                return null;
            });
            Task<Void> wait = loop.createTask(() -> await(Asyncio.waitFor(task, timeout)));
            loop.callSoon(() -> wait.cancel());
            assertThrows(CancelledError.class, () -> loop.runUntilComplete(wait));
            assertTrue(task.cancelled(), "timeout " + timeout);
        }
    }

    @Test
    void aTaskCancelledAfterAQuickWaitForStopsAtItsNextAwait() throws Exception {
        // test_wait_for_issue86296
        boolean[] reachedEnd = new boolean[1];
        loop.runUntilComplete(() -> {
            Task<Void> task = loop.createTask(() -> {
                Task<Void> inner = loop.createTask(() -> null);
                await(Asyncio.waitFor(inner, 100));
                await(Asyncio.sleep(1));
                reachedEnd[0] = true;
                return null;
            });
            await(Asyncio.sleep(0));
            assertFalse(task.done());
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            return null;
        });
        assertFalse(reachedEnd[0]);
    }

    @Test
    void cancellingTheWaitWaitsForAnInnerThatIgnoresCancellation() throws Exception {
        // test_asyncio_wait_for_cancelled: the inner ignores cancel requests and runs its full 0.2 s
        boolean[] exited = new boolean[1];
        loop.runUntilComplete(() -> {
            Task<Void> slow = loop.createTask(() -> {
                double exitAt = loop.time() + 0.2;
                while (loop.time() < exitAt) {
                    try {
                        await(Asyncio.sleep(exitAt - loop.time()));
                    } catch (CancelledError ignored) {
                        // the slow task ignores cancel requests
                    }
                }
                exited[0] = true;
                return null;
            });
            Task<Void> waitForTask = loop.createTask(() -> await(Asyncio.waitFor(slow, 0.4)));
            await(Asyncio.sleep(0));
            waitForTask.cancel();
            await(Asyncio.wait(List.of(waitForTask)));
            return null;
        });
        assertTrue(exited[0]);
    }

    @Test
    void aWaitingTaskCancelledBeforeItStartsLeavesTheInnerAlone() throws Exception {
        // test_wait_for_self_cancellation in its exact shape: the cancel comes before the wait begins
        Task<Integer> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(0.3));
            } catch (CancelledError first) {
                try {
                    await(Asyncio.sleep(0.3));
                } catch (CancelledError second) {
                    await(Asyncio.sleep(0.3));
                }
            }
            return 42;
        });
        Task<Integer> task = loop.createTask(() -> await(Asyncio.waitFor(inner, 0.1)));
        task.cancel();
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(task));
        assertEquals(42, loop.runUntilComplete(inner));
    }
    /** WaitForShieldTests.test_zero_timeout: the shield is cancelled at once, the shielded task runs on. */
    @Test
    void aZeroTimeoutCancelsTheShieldAndLeavesTheShieldedTaskRunning() throws Exception {
        loop.runUntilComplete(() -> {
            Task<String> task = loop.createTask(() -> await(Asyncio.sleep(0.01, "done")));
            Future<String> shielded = Asyncio.shield(task);
            assertThrows(TimeoutException.class, () -> await(Asyncio.waitFor(shielded, 0)));
            assertFalse(task.done());
            assertFalse(task.cancelled());
            assertTrue(shielded.cancelled());
            await(Asyncio.sleep(0.1));
            assertTrue(task.done());
            return null;
        });
    }

    /** WaitForShieldTests.test_none_timeout: no timeout, the shielded task runs to its end. */
    @Test
    void noTimeoutWaitsForTheShieldedTask() throws Exception {
        loop.runUntilComplete(() -> {
            Task<String> task = loop.createTask(() -> await(Asyncio.sleep(0.1, "done")));
            await(Asyncio.waitFor(Asyncio.shield(task), Double.POSITIVE_INFINITY));
            assertTrue(task.done());
            assertEquals("done", await(task));
            return null;
        });
    }

    /** WaitForShieldTests.test_shielded_timeout: the timeout cancels the shield, not the task behind it. */
    @Test
    void aTimeoutThroughAShieldLeavesTheTaskToFinish() throws Exception {
        loop.runUntilComplete(() -> {
            Task<String> task = loop.createTask(() -> await(Asyncio.sleep(0.1, "done")));
            assertThrows(TimeoutException.class, () -> await(Asyncio.waitFor(Asyncio.shield(task), 0.01)));
            assertFalse(task.done());
            assertFalse(task.cancelled());
            assertEquals("done", await(task));
            return null;
        });
    }
}

