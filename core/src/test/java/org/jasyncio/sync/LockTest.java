package org.jasyncio.sync;

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
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Lock;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Lock as test_locks.py's LockTests checks it. */
class LockTest extends SyncFixture {

    @Test
    void reprSaysLockedOrUnlockedAndCountsWaiters() throws Exception {
        Lock lock = new Lock();
        assertTrue(lock.toString().matches("<Lock object at 0x[0-9a-f]+ \\[unlocked]>"), lock.toString());
        run(() -> {
            await(lock.acquire());
            assertTrue(lock.toString().endsWith("[locked]>"), lock.toString());
            Task<Boolean> t = spawn(() -> await(lock.acquire()));
            yieldOnce();
            assertTrue(lock.toString().endsWith("[locked, waiters:1]>"), lock.toString());
            lock.release();
            await(t);
            return null;
        });
    }

    @Test
    void newLockIsUnlockedAndNeedsNoLoop() {
        Lock lock = new Lock();
        assertFalse(lock.locked());
        assertThrows(IllegalStateException.class, lock::release);
    }

    @Test
    void waitersAcquireInFifoOrderOnePerRelease() throws Exception {
        Lock lock = new Lock();
        List<Integer> result = new ArrayList<>();
        run(() -> {
            assertTrue(await(lock.acquire()));
            Task<Boolean> t1 = spawn(() -> {
                if (await(lock.acquire())) {
                    result.add(1);
                }
                return true;
            });
            Task<Boolean> t2 = spawn(() -> {
                if (await(lock.acquire())) {
                    result.add(2);
                }
                return true;
            });
            yieldOnce();
            assertEquals(List.of(), result);
            lock.release();
            yieldOnce();
            assertEquals(List.of(1), result);
            yieldOnce();
            assertEquals(List.of(1), result);
            Task<Boolean> t3 = spawn(() -> {
                if (await(lock.acquire())) {
                    result.add(3);
                }
                return true;
            });
            lock.release();
            yieldOnce();
            assertEquals(List.of(1, 2), result);
            lock.release();
            yieldOnce();
            assertEquals(List.of(1, 2, 3), result);
            assertTrue(t1.done() && t1.result());
            assertTrue(t2.done() && t2.result());
            assertTrue(t3.done() && t3.result());
            return null;
        });
    }

    @Test
    void cancelledAcquireLeavesNoWaiter() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            assertTrue(await(lock.acquire()));
            Task<Boolean> task = spawn(() -> await(lock.acquire()));
            loop.callSoon(task::cancel);
            assertThrows(CancelledError.class, () -> await(task));
            assertTrue(lock.toString().endsWith("[locked]>"), "no waiter left: " + lock);
            return null;
        });
    }

    @Test
    void releaseSkipsAWaiterCancelledInTheSameIteration() throws Exception {
        // test_cancel_race: A holds the lock, B and C wait; B is cancelled while A releases.
        Lock lock = new Lock();
        run(() -> {
            Future<Void> fa = loop.createFuture();
            Task<Void> ta = spawn(() -> lockit(lock, fa));
            yieldOnce();
            assertTrue(lock.locked());
            Task<Void> tb = spawn(() -> lockit(lock, null));
            yieldOnce();
            Task<Void> tc = spawn(() -> lockit(lock, null));
            yieldOnce();
            assertTrue(lock.toString().contains("waiters:2"), lock.toString());
            fa.setResult(null);
            tb.cancel();
            yieldOnce();
            assertFalse(lock.locked());
            assertTrue(ta.done());
            assertTrue(tb.cancelled());
            await(tc);
            return null;
        });
    }

    private static Void lockit(Lock lock, Future<Void> blocker) throws Exception {
        await(lock.acquire());
        try {
            if (blocker != null) {
                await(blocker);
            }
        } finally {
            lock.release();
        }
        return null;
    }

    @Test
    void cancelAndReleaseInOneCallbackLetOnlyOneTaskIn() throws Exception {
        // test_cancel_release_race (bpo-32734)
        Lock lock = new Lock();
        int[] lockCount = {0};
        int[] callCount = {0};
        run(() -> {
            await(lock.acquire());
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ts.add(spawn(() -> {
                    callCount[0]++;
                    await(lock.acquire());
                    lockCount[0]++;
                    return null;
                }));
            }
            yieldOnce();
            loop.callSoon(() -> {
                ts.get(0).cancel();
                lock.release();
            });
            assertThrows(CancelledError.class, () -> await(ts.get(0)));
            assertEquals(1, lockCount[0]);
            assertEquals(3, callCount[0]);
            assertTrue(ts.get(0).cancelled() && ts.get(1).done());
            ts.get(2).cancel();
            yieldOnce();
            assertTrue(ts.get(2).cancelled());
            return null;
        });
    }

    @Test
    void aWaiterCancelledBeforeItsWakeUpDoesNotStrandTheNext() throws Exception {
        // test_finished_waiter_cancelled
        Lock lock = new Lock();
        run(() -> {
            await(lock.acquire());
            assertTrue(lock.locked());
            Task<Boolean> tb = spawn(() -> await(lock.acquire()));
            yieldOnce();
            Task<Boolean> tc = spawn(() -> await(lock.acquire()));
            tb.cancel();
            lock.release();
            yieldOnce();
            assertTrue(lock.locked());
            assertTrue(tb.cancelled());
            assertTrue(await(tc));
            return null;
        });
    }

    @Test
    void wokenWaiterCancelledBeforeItRunsPassesTheLockOn() throws Exception {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        run(() -> {
            await(lock.acquire());
            Task<Void> tb = spawn(() -> {
                await(lock.acquire());
                log.add("b");
                lock.release();
                return null;
            });
            Task<Void> tc = spawn(() -> {
                await(lock.acquire());
                log.add("c");
                lock.release();
                return null;
            });
            yieldOnce();
            lock.release(); // wakes b ...
            tb.cancel(); // ... which is cancelled before it runs
            assertThrows(CancelledError.class, () -> await(tb));
            await(tc);
            assertEquals(List.of("c"), log);
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void releaseOfAnUnlockedLockFails() throws Exception {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::release);
        assertEquals("Lock is not acquired.", e.getMessage());
    }

    @Test
    void releaseWithNoWaitersUnlocks() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            await(lock.acquire());
            assertTrue(lock.locked());
            lock.release();
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void withLockHoldsTheLockForTheBodyAndReleasesOnException() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            assertEquals("x", lock.withLock(() -> {
                assertTrue(lock.locked());
                return "x";
            }));
            assertFalse(lock.locked());
            assertThrows(ArithmeticException.class, () -> lock.withLock(() -> {
                throw new ArithmeticException("boom");
            }));
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void withLockWaitsInsideTheCallingTask() throws Exception {
        Lock lock = new Lock();
        List<String> log = new ArrayList<>();
        run(() -> {
            await(lock.acquire());
            Task<Void> t = spawn(() -> lock.withLock(() -> {
                log.add("in");
                return null;
            }));
            yieldTimes(3);
            assertEquals(List.of(), log);
            lock.release();
            await(t);
            assertEquals(List.of("in"), log);
            assertFalse(lock.locked());
            return null;
        });
    }

    @Test
    void uncontendedAcquireReturnsADoneFutureWithoutSuspending() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            Future<Boolean> f1 = lock.acquire();
            assertTrue(f1.done());
            assertTrue(f1.result());
            lock.release();
            Future<Boolean> f2 = lock.acquire();
            assertSame(f1, f2, "the fast path reuses one completed future per loop");
            assertFalse(f2.cancel(), "cancelling the shared done future does nothing");
            assertTrue(f2.result());
            lock.release();
            return null;
        });
    }

    @Test
    void acquireOutsideARunningLoopFails() {
        Lock lock = new Lock();
        IllegalStateException e = assertThrows(IllegalStateException.class, lock::acquire);
        assertEquals("no running event loop", e.getMessage());
    }

    @Test
    void lockUsedByTasksOfTwoLoopsIsBoundToTheFirst() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            await(lock.acquire());
            Task<Boolean> waiter = spawn(() -> await(lock.acquire())); // the first wait binds the lock to this loop
            yieldOnce();
            lock.release();
            await(waiter);
            return null;
        });
        EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.runUntilComplete(() -> {
                return await(lock.acquire()); // locked: has to wait, from another loop
            }));
            assertTrue(e.getMessage().endsWith(" is bound to a different event loop"), e.getMessage());
            assertTrue(e.getMessage().startsWith("<Lock object at"), e.getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    void anUncontendedLockMayBeUsedFromAnotherLoopAsInAsyncio() throws Exception {
        Lock lock = new Lock();
        run(() -> lock.withLock(() -> null));
        EventLoop other = Asyncio.newEventLoop();
        try {
            assertTrue(other.runUntilComplete(() -> {
                boolean r = await(lock.acquire());
                lock.release();
                return r;
            }));
        } finally {
            other.close();
        }
    }

    @Test
    void acquireFromAPlainCallbackTakesTheLockWhenWoken() throws Exception {
        Lock lock = new Lock();
        run(() -> {
            await(lock.acquire());
            Future<Boolean> f = lock.acquire(); // not awaited by a task
            List<Boolean> seen = new ArrayList<>();
            f.addDoneCallback(x -> seen.add(lock.locked()));
            lock.release();
            yieldTimes(2);
            assertTrue(f.done());
            assertTrue(lock.locked(), "the waiter took the lock though no task resumed");
            lock.release();
            assertFalse(lock.locked());
            return null;
        });
    }
}
