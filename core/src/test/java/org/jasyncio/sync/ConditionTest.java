package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Condition;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Lock;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Condition as test_locks.py's ConditionTests checks it. */
class ConditionTest extends SyncFixture {

    private Task<Boolean> waiterAppending(Condition cond, List<Integer> result, int tag, boolean release) {
        return spawn(() -> {
            await(cond.acquire());
            if (await(cond.waitAsync())) {
                result.add(tag);
                if (release) {
                    cond.release();
                }
            }
            return true;
        });
    }

    @Test
    void waitReturnsOnlyOnceNotifiedAndTheLockIsFree() throws Exception {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        run(() -> {
            Task<Boolean> t1 = waiterAppending(cond, result, 1, false);
            Task<Boolean> t2 = waiterAppending(cond, result, 2, false);
            Task<Boolean> t3 = waiterAppending(cond, result, 3, false);
            yieldOnce();
            assertEquals(List.of(), result);
            assertFalse(cond.locked());

            assertTrue(await(cond.acquire()));
            cond.signal();
            yieldOnce();
            assertEquals(List.of(), result);
            assertTrue(cond.locked());

            cond.release();
            yieldOnce();
            assertEquals(List.of(1), result);
            assertTrue(cond.locked());

            cond.signal(2);
            yieldOnce();
            assertEquals(List.of(1), result);
            assertTrue(cond.locked());

            cond.release();
            yieldOnce();
            assertEquals(List.of(1, 2), result);
            assertTrue(cond.locked());

            cond.release();
            yieldOnce();
            assertEquals(List.of(1, 2, 3), result);
            assertTrue(cond.locked());
            assertTrue(t1.done() && t1.result() && t2.done() && t2.result() && t3.done() && t3.result());
            return null;
        });
    }

    @Test
    void cancelledWaitStillReacquiresTheLock() throws Exception {
        Condition cond = new Condition();
        run(() -> {
            await(cond.acquire());
            Task<Boolean> wait = spawn(() -> await(cond.waitAsync()));
            loop.callSoon(wait::cancel);
            assertThrows(CancelledError.class, () -> await(wait));
            assertFalse(cond.toString().contains("waiters"), cond.toString());
            assertTrue(cond.locked());
            return null;
        });
    }

    @Test
    void cancelWhileTheLockIsContestedEndsWithTheLockHeld() throws Exception {
        // test_wait_cancel_contested
        Condition cond = new Condition();
        run(() -> {
            await(cond.acquire());
            assertTrue(cond.locked());
            Task<Boolean> waitTask = spawn(() -> await(cond.waitAsync()));
            yieldOnce();
            assertFalse(cond.locked());
            await(cond.acquire());
            assertTrue(cond.locked());
            cond.signal();
            loop.callSoon(waitTask::cancel);
            loop.callSoon(cond::release);
            try {
                await(waitTask);
            } catch (CancelledError expected) {
                // the cancellation is re-raised once the lock is held again
            }
            assertTrue(cond.locked());
            return null;
        });
    }

    @Test
    void cancelAfterNotifyWhileReacquiringCancelsTheWaiter() throws Exception {
        // test_wait_cancel_after_notify (bpo-32841)
        Condition cond = new Condition();
        boolean[] waited = {false};
        run(() -> {
            Task<Void> waiter = spawn(() -> cond.withLock(() -> {
                waited[0] = true;
                await(cond.waitAsync());
                return null;
            }));
            yieldOnce();
            await(cond.acquire());
            cond.signal();
            yieldOnce();
            waiter.cancel();
            yieldOnce();
            cond.release();
            yieldOnce();
            assertTrue(waiter.cancelled());
            assertTrue(waited[0]);
            assertFalse(cond.locked(), "withLock released it on the way out");
            return null;
        });
    }

    @Test
    void waitWithoutTheLockFails() throws Exception {
        Condition cond = new Condition();
        run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, cond::waitAsync);
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
            return null;
        });
    }

    @Test
    void waitForReturnsOnceThePredicateHolds() throws Exception {
        Condition cond = new Condition();
        boolean[] presult = {false};
        List<Integer> result = new ArrayList<>();
        run(() -> {
            Task<Boolean> t = spawn(() -> {
                await(cond.acquire());
                if (await(cond.waitFor(() -> presult[0]))) {
                    result.add(1);
                    cond.release();
                }
                return true;
            });
            yieldOnce();
            assertEquals(List.of(), result);
            await(cond.acquire());
            cond.signal();
            cond.release();
            yieldTimes(3);
            assertEquals(List.of(), result, "a false predicate waits again");
            presult[0] = true;
            await(cond.acquire());
            cond.signal();
            cond.release();
            yieldUntil(t::done);
            assertEquals(List.of(1), result);
            assertTrue(t.result());
            assertFalse(cond.locked());
            return null;
        });
    }

    @Test
    void waitForReturnsAnImmediatelyTruthyValueWithoutTheLock() throws Exception {
        Condition cond = new Condition();
        run(() -> {
            Future<List<Integer>> f = cond.waitFor(() -> List.of(1, 2, 3));
            assertTrue(f.done());
            assertEquals(List.of(1, 2, 3), await(f));
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> cond.waitFor(() -> false));
            assertEquals("cannot wait on un-acquired lock", e.getMessage());
            assertThrows(IllegalStateException.class, () -> cond.waitFor(() -> null), "null is falsy");
            return null;
        });
    }

    @Test
    void waitForPassesAPredicateExceptionOnWithTheLockHeld() throws Exception {
        Condition cond = new Condition();
        int[] calls = {0};
        run(() -> {
            Task<Object> t = spawn(() -> {
                await(cond.acquire());
                try {
                    return await(cond.waitFor(() -> {
                        if (++calls[0] == 2) {
                            throw new IllegalArgumentException("bad state");
                        }
                        return false;
                    }));
                } finally {
                    assertTrue(cond.locked());
                    cond.release();
                }
            });
            yieldOnce();
            await(cond.acquire());
            cond.signal();
            cond.release();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> await(t));
            assertEquals("bad state", e.getMessage());
            assertFalse(cond.locked());
            return null;
        });
    }

    @Test
    void cancellingWaitForReacquiresAndCancels() throws Exception {
        Condition cond = new Condition();
        run(() -> {
            boolean[] heldAfterCancel = {false};
            Task<Boolean> t = spawn(() -> {
                await(cond.acquire());
                try {
                    return await(cond.waitFor(() -> false));
                } catch (CancelledError e) {
                    heldAfterCancel[0] = cond.locked();
                    cond.release();
                    throw e;
                }
            });
            yieldOnce();
            t.cancel();
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(heldAfterCancel[0]);
            assertFalse(cond.locked());
            return null;
        });
    }

    @Test
    void signalWakesAtMostNWaitersInOrder() throws Exception {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        run(() -> {
            Task<Boolean> t1 = waiterAppending(cond, result, 1, true);
            Task<Boolean> t2 = waiterAppending(cond, result, 2, true);
            Task<Boolean> t3 = waiterAppending(cond, result, 3, true);
            yieldOnce();
            assertEquals(List.of(), result);
            await(cond.acquire());
            cond.signal(1);
            cond.release();
            yieldOnce();
            assertEquals(List.of(1), result);
            await(cond.acquire());
            cond.signal(1);
            cond.signal(2048);
            cond.release();
            yieldOnce();
            assertEquals(List.of(1, 2, 3), result);
            assertTrue(t1.result() && t2.result() && t3.result());
            return null;
        });
    }

    @Test
    void signalAllWakesEveryWaiter() throws Exception {
        Condition cond = new Condition();
        List<Integer> result = new ArrayList<>();
        run(() -> {
            Task<Boolean> t1 = waiterAppending(cond, result, 1, true);
            Task<Boolean> t2 = waiterAppending(cond, result, 2, true);
            yieldOnce();
            assertEquals(List.of(), result);
            await(cond.acquire());
            cond.signalAll();
            cond.release();
            yieldOnce();
            assertEquals(List.of(1, 2), result);
            assertTrue(t1.result() && t2.result());
            return null;
        });
    }

    @Test
    void signalWithoutTheLockFails() {
        Condition cond = new Condition();
        IllegalStateException e = assertThrows(IllegalStateException.class, cond::signal);
        assertEquals("cannot notify on un-acquired lock", e.getMessage());
        assertThrows(IllegalStateException.class, cond::signalAll);
        assertThrows(IllegalStateException.class, () -> cond.signal(3));
    }

    @Test
    void reprShowsTheLockStateAndWaiters() throws Exception {
        Condition cond = new Condition();
        assertTrue(cond.toString().matches("<Condition object at 0x[0-9a-f]+ \\[unlocked]>"), cond.toString());
        run(() -> {
            await(cond.acquire());
            assertTrue(cond.toString().endsWith("[locked]>"), cond.toString());
            cond.release();
            Task<Boolean> t = waiterAppending(cond, new ArrayList<>(), 1, true);
            yieldTimes(2);
            assertTrue(cond.toString().endsWith("[unlocked, waiters:1]>"), cond.toString());
            await(cond.acquire());
            assertTrue(cond.toString().endsWith("[locked, waiters:1]>"), cond.toString());
            cond.signal();
            cond.release();
            await(t);
            return null;
        });
    }

    @Test
    void withLockHoldsTheConditionsLock() throws Exception {
        Condition cond = new Condition();
        run(() -> {
            assertFalse(cond.locked());
            cond.withLock(() -> {
                assertTrue(cond.locked());
                return null;
            });
            assertFalse(cond.locked());
            return null;
        });
    }

    @Test
    void anExplicitLockIsSharedWithTheCondition() throws Exception {
        Lock lock = new Lock();
        Condition cond = new Condition(lock);
        run(() -> {
            assertFalse(lock.locked());
            cond.withLock(() -> {
                assertTrue(lock.locked());
                assertTrue(cond.locked());
                return null;
            });
            assertFalse(lock.locked());
            lock.withLock(() -> {
                assertTrue(cond.locked());
                return null;
            });
            assertFalse(cond.locked());
            Condition other = new Condition(lock);
            Task<Boolean> t = spawn(() -> {
                await(other.acquire());
                return await(other.waitAsync());
            });
            yieldTimes(2); // t took the lock and gave it up to wait
            await(lock.acquire());
            other.signal();
            lock.release();
            assertTrue(await(t));
            assertTrue(lock.locked(), "the waiter holds the shared lock");
            lock.release();
            return null;
        });
        assertThrows(IllegalArgumentException.class, () -> new Condition(null));
    }

    @Test
    void waitForWithATimeoutTimesOutAndKeepsTheLock() throws Exception {
        // test_timeout_in_block
        Condition cond = new Condition();
        run(() -> cond.withLock(() -> {
            assertThrows(TimeoutException.class, () -> await(Asyncio.waitFor(cond.waitAsync(), 0.05)));
            assertTrue(cond.locked());
            return null;
        }));
        assertFalse(cond.locked());
    }

    @Test
    void aCancelledNotifiedWaiterPassesTheNotificationOn() throws Exception {
        Condition cond = new Condition();
        List<String> log = new ArrayList<>();
        run(() -> {
            Task<Void> a = spawn(() -> cond.withLock(() -> {
                await(cond.waitAsync());
                log.add("a");
                return null;
            }));
            Task<Void> b = spawn(() -> cond.withLock(() -> {
                await(cond.waitAsync());
                log.add("b");
                return null;
            }));
            yieldOnce();
            await(cond.acquire());
            cond.signal(); // wakes a ...
            a.cancel(); // ... which will not use it: b is notified in its place
            cond.release();
            assertThrows(CancelledError.class, () -> await(a));
            await(Asyncio.waitFor(b, 5));
            assertEquals(List.of("b"), log);
            return null;
        });
    }

    @Test
    void conditionWaitedOnFromTwoLoopsFailsOnTheSecond() throws Exception {
        Condition cond = new Condition();
        run(() -> {
            Task<Boolean> t = spawn(() -> {
                await(cond.acquire());
                boolean r = await(cond.waitAsync()); // binds the condition to this loop
                cond.release();
                return r;
            });
            yieldTimes(2);
            await(cond.acquire());
            cond.signalAll();
            cond.release();
            return await(t);
        });
        EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.runUntilComplete(() -> {
                await(cond.acquire());
                try {
                    return await(cond.waitAsync());
                } finally {
                    cond.release();
                }
            }));
            assertTrue(e.getMessage().matches("<Condition object at 0x[0-9a-f]+ \\[locked]> is bound to a different "
                    + "event loop"), e.getMessage());
            assertFalse(cond.locked());
        } finally {
            other.close();
        }
    }

    @Test
    void aConditionWaitedOnFromTwoLoopsFailsOnTheSecondWithItsRepr() throws Exception {
        Condition cond = new Condition();
        Task<Boolean> first = spawn(() -> cond.withLock(() -> await(cond.waitAsync())));
        run(() -> {
            yieldOnce();
            return null;
        });
        EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> other.runUntilComplete(() -> cond.withLock(() -> await(cond.waitAsync()))));
            assertTrue(e.getMessage().matches(
                    "<Condition object at 0x[0-9a-f]+ \\[locked, waiters:1]> is bound to a different event loop"),
                    e.getMessage());
            assertFalse(cond.locked(), "withLock released the lock though the wait failed");
        } finally {
            other.close();
        }
        run(() -> cond.withLock(() -> {
            cond.signal();
            return null;
        }));
        assertTrue(run(() -> await(first)));
    }

    @Test
    void waitForResumesAfterOneIterationPerNotifyAsAsyncio() throws Exception {
        // test_wait_for, step for step: each notify + release is seen after one sleep(0)
        Condition cond = new Condition();
        boolean[] presult = {false};
        List<Integer> result = new ArrayList<>();
        run(() -> {
            Task<Boolean> t = spawn(() -> {
                await(cond.acquire());
                if (await(cond.waitFor(() -> presult[0]))) {
                    result.add(1);
                    cond.release();
                }
                return true;
            });
            yieldOnce();
            assertEquals(List.of(), result);
            await(cond.acquire());
            cond.signal();
            cond.release();
            yieldOnce();
            assertEquals(List.of(), result);
            presult[0] = true;
            await(cond.acquire());
            cond.signal();
            cond.release();
            yieldOnce();
            assertEquals(List.of(1), result);
            assertTrue(t.done());
            assertTrue(t.result());
            return null;
        });
    }

    @Test
    void waitForCancelledWhileWaitingRaisesTheTasksOwnCancelledError() throws Exception {
        // test_cancelled_error_wakeup
        Condition cond = new Condition();
        CancelledError[] raised = {null};
        run(() -> {
            Task<Void> task = spawn(() -> cond.withLock(() -> {
                CancelledError e = assertThrows(CancelledError.class, () -> await(cond.waitFor(() -> false)));
                raised[0] = e;
                throw e;
            }));
            yieldOnce();
            task.cancel("foo");
            CancelledError err = assertThrows(CancelledError.class, () -> await(task));
            assertEquals("foo", err.getMessage());
            assertSame(raised[0], err, "the very exception the body raised");
            return null;
        });
    }

    @Test
    void waitForCancelledWhileReacquiringRaisesTheTasksOwnCancelledError() throws Exception {
        // test_cancelled_error_re_aquire
        Condition cond = new Condition();
        boolean[] wake = {false};
        CancelledError[] raised = {null};
        run(() -> {
            Task<Void> task = spawn(() -> cond.withLock(() -> {
                CancelledError e = assertThrows(CancelledError.class, () -> await(cond.waitFor(() -> wake[0])));
                raised[0] = e;
                throw e;
            }));
            yieldOnce();
            await(cond.acquire());
            wake[0] = true;
            cond.signal();
            yieldOnce(); // the task is now trying to re-acquire the lock: cancel it there
            task.cancel("foo");
            cond.release();
            CancelledError err = assertThrows(CancelledError.class, () -> await(task));
            assertEquals("foo", err.getMessage());
            assertSame(raised[0], err, "the very exception the body raised");
            return null;
        });
    }

    private Task<Void> consumer(Condition cond, int[] state) {
        return spawn(() -> cond.withLock(() -> {
            while (true) {
                await(cond.waitFor(() -> state[0] != 0));
                if (state[0] < 0) {
                    return null;
                }
                state[0]--;
            }
        }));
    }

    @Test
    void aConsumerCancelledAsItIsNotifiedDoesNotLoseTheWakeUp() throws Exception {
        // test_cancelled_wakeup
        Condition cond = new Condition();
        int[] state = {0};
        run(() -> {
            Task<Void> c0 = consumer(cond, state);
            Task<Void> c1 = consumer(cond, state);
            yieldOnce();
            cond.withLock(() -> {
                state[0]++;
                cond.signal(1);
                c0.cancel(); // while it waits to run
                try {
                    Asyncio.timeout(0.01, t -> await(cond.waitFor(() -> state[0] == 0)));
                } catch (TimeoutException e) {
                    // the assertion below says what went wrong
                }
                assertEquals(0, state[0], "the notification reached the other consumer");
                state[0] = -1;
                cond.signalAll();
                return null;
            });
            await(c1);
            assertTrue(c0.cancelled());
            return null;
        });
    }

    @Test
    void aConsumerCancelledWhileReacquiringDoesNotLoseTheWakeUp() throws Exception {
        // test_cancelled_wakeup_relock
        Condition cond = new Condition();
        int[] state = {0};
        run(() -> {
            Task<Void> c0 = consumer(cond, state);
            Task<Void> c1 = consumer(cond, state);
            yieldOnce();
            cond.withLock(() -> {
                state[0]++;
                cond.signal(1);
                yieldOnce(); // c0 wakes and waits for the lock again
                c0.cancel();
                try {
                    Asyncio.timeout(0.01, t -> await(cond.waitFor(() -> state[0] == 0)));
                } catch (TimeoutException e) {
                    // the assertion below says what went wrong
                }
                assertEquals(0, state[0], "the notification reached the other consumer");
                state[0] = -1;
                cond.signalAll();
                return null;
            });
            await(c1);
            assertTrue(c0.cancelled());
            return null;
        });
    }

    @Test
    void waitForNotAwaitedByATaskAloneStillWaitsForATruthyValue() throws Exception {
        Condition cond = new Condition();
        int[] state = {0};
        run(() -> {
            Task<Integer> t = spawn(() -> cond.withLock(() -> {
                Future<Integer> f = cond.waitFor(() -> state[0] >= 2 ? state[0] : null);
                f.addDoneCallback(x -> { }); // a callback as well as the task: callback mode
                int r = await(f);
                assertTrue(cond.locked(), "done with the lock held");
                return r;
            }));
            yieldOnce();
            for (int i = 0; i < 2; i++) {
                await(cond.acquire());
                state[0]++;
                cond.signal();
                cond.release();
                yieldTimes(3);
            }
            assertEquals(2, await(t));
            assertFalse(cond.locked());
            Task<Boolean> u = spawn(() -> cond.withLock(() -> {
                Future<Boolean> f = cond.waitFor(() -> false);
                f.addDoneCallback(x -> { });
                loop.callLater(0.02, () -> f.cancel("enough"));
                CancelledError e = assertThrows(CancelledError.class, () -> await(f));
                assertEquals("enough", e.getMessage());
                return cond.locked();
            }));
            assertTrue(await(u), "a cancelled wait_for ends with the lock held");
            assertFalse(cond.locked());
            return null;
        });
    }

    @Test
    void reprCountsANotifiedWaiterUntilItsTaskRuns() throws Exception {
        // asyncio's wait() leaves _waiters in the `finally` after `await fut`, in the waiter's own step
        Condition cond = new Condition();
        run(() -> {
            Task<Boolean> t = spawn(() -> cond.withLock(() -> await(cond.waitAsync())));
            yieldOnce();
            await(cond.acquire());
            cond.signal();
            assertTrue(cond.toString().endsWith("[locked, waiters:1]>"), cond.toString());
            cond.release();
            yieldOnce();
            assertTrue(t.done());
            assertTrue(cond.toString().endsWith("[unlocked]>"), cond.toString());
            return null;
        });
    }
}
