package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.BoundedSemaphore;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Semaphore;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Semaphore and BoundedSemaphore as test_locks.py's SemaphoreTests checks them. */
class SemaphoreTest extends SyncFixture {

    @Test
    void initialValueZeroIsLocked() {
        assertTrue(new Semaphore(0).locked());
        assertFalse(new Semaphore().locked());
    }

    @Test
    void reprShowsValueOrLockedAndWaiters() throws Exception {
        Semaphore sem = new Semaphore();
        assertTrue(sem.toString().matches("<Semaphore object at 0x[0-9a-f]+ \\[unlocked, value:1]>"), sem.toString());
        run(() -> {
            await(sem.acquire());
            assertTrue(sem.toString().endsWith("[locked]>"), sem.toString());
            Task<Boolean> t = spawn(() -> await(sem.acquire()));
            yieldOnce();
            assertTrue(sem.toString().endsWith("[locked, waiters:1]>"), sem.toString());
            sem.release();
            await(t);
            return null;
        });
    }

    @Test
    void negativeInitialValueIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Semaphore(-1));
        assertEquals("Semaphore initial value must be >= 0", e.getMessage());
    }

    @Test
    void acquireWakesWaitersInOrderAsPermitsAreReleased() throws Exception {
        Semaphore sem = new Semaphore(3);
        List<Integer> result = new ArrayList<>();
        run(() -> {
            assertTrue(await(sem.acquire()));
            assertTrue(await(sem.acquire()));
            assertFalse(sem.locked());
            List<Task<Boolean>> race = new ArrayList<>();
            Task<Boolean> t1 = spawn(() -> tagged(sem, result, 1));
            race.add(spawn(() -> tagged(sem, result, 2)));
            race.add(spawn(() -> tagged(sem, result, 3)));
            yieldOnce();
            assertEquals(List.of(1), result);
            assertTrue(sem.locked());
            assertTrue(sem.toString().endsWith("[locked, waiters:2]>"), sem.toString());
            race.add(spawn(() -> tagged(sem, result, 4)));
            sem.release();
            sem.release();
            yieldOnce();
            assertEquals(3, result.size());
            assertTrue(sem.locked());
            assertTrue(sem.toString().endsWith("[locked, waiters:1]>"), sem.toString());
            assertTrue(t1.done() && t1.result());
            assertEquals(2, race.stream().filter(Task::done).count());
            sem.release();
            await(Asyncio.gather(race.toArray(new Task<?>[0])));
            return null;
        });
    }

    private static boolean tagged(Semaphore sem, List<Integer> result, int tag) throws Exception {
        await(sem.acquire());
        result.add(tag);
        return true;
    }

    @Test
    void cancelledAcquireLeavesOnlyDoneWaiters() throws Exception {
        Semaphore sem = new Semaphore();
        run(() -> {
            await(sem.acquire());
            Task<Boolean> acquire = spawn(() -> await(sem.acquire()));
            loop.callSoon(acquire::cancel);
            assertThrows(CancelledError.class, () -> await(acquire));
            assertTrue(acquire.cancelled());
            assertFalse(sem.toString().contains("waiters"), sem.toString());
            return null;
        });
    }

    @Test
    void waitersCancelledBeforeTheReleaseDoNotTakeThePermit() throws Exception {
        // test_acquire_cancel_before_awoken
        Semaphore sem = new Semaphore(0);
        run(() -> {
            List<Task<Boolean>> ts = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                ts.add(spawn(() -> await(sem.acquire())));
            }
            yieldOnce();
            ts.get(0).cancel();
            ts.get(1).cancel();
            sem.release();
            yieldTimes(2);
            assertTrue(ts.get(2).done());
            assertFalse(ts.get(3).done());
            ts.get(2).cancel();
            ts.get(3).cancel();
            yieldOnce();
            return null;
        });
    }

    @Test
    void cancellingTheFirstWaiterDoesNotHangTheSecond() throws Exception {
        // test_acquire_hang
        Semaphore sem = new Semaphore(0);
        run(() -> {
            Task<Boolean> t1 = spawn(() -> await(sem.acquire()));
            Task<Boolean> t2 = spawn(() -> await(sem.acquire()));
            yieldOnce();
            t1.cancel();
            sem.release();
            yieldTimes(2);
            assertTrue(sem.locked());
            assertTrue(t2.done());
            return null;
        });
    }

    @Test
    void aWaiterCancelledAfterItGotThePermitGivesItBack() throws Exception {
        // test_acquire_no_hang
        Semaphore sem = new Semaphore(1);
        run(() -> {
            Task<?>[] t2 = new Task<?>[1];
            Task<Void> t1 = spawn(() -> {
                sem.withLock(() -> {
                    yieldOnce();
                    return null;
                });
                t2[0].cancel(); // t2 was handed the permit by the release above, and has not run yet
                return null;
            });
            t2[0] = spawn(() -> sem.withLock(() -> {
                throw new AssertionError("must not get in");
            }));
            List<Object> r = await(Asyncio.gather(true, t1, t2[0]));
            assertNull(r.get(0));
            assertInstanceOf(CancelledError.class, r.get(1));
            assertTrue(await(Asyncio.waitFor(sem.acquire(), 1.0)));
            return null;
        });
    }

    @Test
    void boundedSemaphoreRefusesAReleaseAboveItsBound() {
        BoundedSemaphore sem = new BoundedSemaphore();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, sem::release);
        assertEquals("BoundedSemaphore released too many times", e.getMessage());
    }

    @Test
    void boundedSemaphoreReleasesUpToItsBound() throws Exception {
        BoundedSemaphore sem = new BoundedSemaphore(2);
        run(() -> {
            await(sem.acquire());
            await(sem.acquire());
            assertTrue(sem.locked());
            sem.release();
            sem.release();
            assertThrows(IllegalArgumentException.class, sem::release);
            assertFalse(sem.locked());
            return null;
        });
    }

    @Test
    void plainSemaphoreMayBeReleasedAboveItsInitialValue() throws Exception {
        Semaphore sem = new Semaphore(1);
        sem.release();
        run(() -> {
            await(sem.acquire());
            await(sem.acquire());
            assertTrue(sem.locked());
            return null;
        });
    }

    @Test
    void releaseWithNoWaitersUnlocks() throws Exception {
        Semaphore sem = new Semaphore();
        run(() -> {
            await(sem.acquire());
            assertTrue(sem.locked());
            sem.release();
            assertFalse(sem.locked());
            return null;
        });
    }

    @Test
    void reacquiringTasksQueueBehindTheOthersFifo() throws Exception {
        // test_acquire_fifo_order
        Semaphore sem = new Semaphore(1);
        List<String> result = new ArrayList<>();
        run(() -> {
            List<Task<Void>> ts = new ArrayList<>();
            for (String tag : List.of("c1", "c2", "c3")) {
                ts.add(spawn(() -> {
                    await(sem.acquire());
                    result.add(tag + "_1");
                    await(Asyncio.sleep(0.01));
                    sem.release();
                    await(sem.acquire());
                    result.add(tag + "_2");
                    await(Asyncio.sleep(0.01));
                    sem.release();
                    return null;
                }));
            }
            await(Asyncio.gather(ts.toArray(new Task<?>[0])));
            return null;
        });
        assertEquals(List.of("c1_1", "c2_1", "c3_1", "c1_2", "c2_2", "c3_2"), result);
    }

    @Test
    void aReleaseAndReacquireInOneStepKeepsFifo() throws Exception {
        // test_acquire_fifo_order_2
        Semaphore sem = new Semaphore(1);
        List<Integer> result = new ArrayList<>();
        run(() -> {
            Task<Boolean> t1 = spawn(() -> tagged(sem, result, 1));
            Task<Boolean> t2 = spawn(() -> {
                await(sem.acquire());
                result.add(2);
                sem.release();
                await(sem.acquire());
                result.add(4);
                return true;
            });
            Task<Boolean> t3 = spawn(() -> tagged(sem, result, 3));
            yieldOnce();
            sem.release();
            sem.release();
            await(Asyncio.gather(t1, t2, t3));
            return null;
        });
        assertEquals(List.of(1, 2, 3, 4), result);
    }

    @Test
    void aCancelledFirstWaiterIsSkipped() throws Exception {
        // test_acquire_fifo_order_3
        Semaphore sem = new Semaphore(0);
        List<Integer> result = new ArrayList<>();
        run(() -> {
            Task<Boolean> t1 = spawn(() -> tagged(sem, result, 1));
            Task<Boolean> t2 = spawn(() -> tagged(sem, result, 2));
            Task<Boolean> t3 = spawn(() -> tagged(sem, result, 3));
            yieldOnce();
            t1.cancel();
            yieldOnce();
            sem.release();
            sem.release();
            await(Asyncio.gather(true, t1, t2, t3));
            return null;
        });
        assertEquals(List.of(2, 3), result);
    }

    @Test
    void aSuccessfulWaitWakesTheWaitersQueuedBehindItWhilePermitsRemain() throws Exception {
        // test_acquire_fifo_order_4: permits freed while the first waiter was woken reach the later ones
        Semaphore sem = new Semaphore(0);
        run(() -> {
            Task<Boolean> t1 = spawn(() -> await(sem.acquire()));
            yieldOnce();
            sem.release(); // t1 is handed the permit
            Task<Boolean> t2 = spawn(() -> await(sem.acquire()));
            Task<Boolean> t3 = spawn(() -> await(sem.acquire()));
            yieldOnce(); // t2 and t3 queue behind t1 (FIFO); t1 resumes
            sem.release();
            sem.release();
            await(t1);
            await(t2);
            await(t3);
            assertTrue(sem.locked());
            return null;
        });
    }

    @Test
    void semaphoreUsedByTwoLoopsIsBoundToTheFirstThatWaited() throws Exception {
        Semaphore sem = new Semaphore(0);
        run(() -> {
            Task<Boolean> t = spawn(() -> await(sem.acquire()));
            yieldOnce();
            sem.release();
            return await(t);
        });
        EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> other.runUntilComplete(() -> await(sem.acquire())));
            assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
            assertTrue(e.getMessage().startsWith("<Semaphore object at"), e.getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    void boundedSemaphoreFromTwoLoopsFailsToo() throws Exception {
        BoundedSemaphore sem = new BoundedSemaphore(1);
        run(() -> {
            await(sem.acquire());
            Task<Boolean> t = spawn(() -> await(sem.acquire()));
            yieldOnce();
            sem.release();
            await(t);
            sem.release();
            return null;
        });
        EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> other.runUntilComplete(() -> {
                await(sem.acquire());
                return await(sem.acquire());
            }));
            assertTrue(e.getMessage().startsWith("<BoundedSemaphore object at"), e.getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    void withLockReleasesThePermitWhenTheBodyFails() throws Exception {
        Semaphore sem = new Semaphore(1);
        run(() -> {
            assertThrows(IllegalStateException.class, () -> sem.withLock(() -> {
                assertTrue(sem.locked());
                throw new IllegalStateException("x");
            }));
            assertFalse(sem.locked());
            return null;
        });
    }

    @Test
    void aWokenWaiterWakesEveryWaiterItsPermitsAllowBeforeLaterTasksRun() throws Exception {
        // test_acquire_fifo_order_4, step for step (asyncio also checks the private _value)
        Semaphore sem = new Semaphore(0);
        List<Integer> result = new ArrayList<>();
        List<Task<Boolean>> t4 = new ArrayList<>();
        run(() -> {
            Task<Boolean> t1 = spawn(() -> {
                await(sem.acquire());
                t4.add(spawn(() -> result.add(4))); // runs after t3, not after t2
                result.add(1);
                return true;
            });
            Task<Boolean> t2 = spawn(() -> {
                sem.release();
                sem.release();
                sem.release();
                assertTrue(sem.locked(), "t1 has not woken up yet: FIFO");
                await(sem.acquire());
                result.add(2);
                return true;
            });
            Task<Boolean> t3 = spawn(() -> {
                await(sem.acquire());
                assertTrue(sem.locked());
                result.add(3);
                return true;
            });
            yieldOnce();
            assertTrue(sem.toString().endsWith("[locked, waiters:3]>"), sem.toString());
            yieldOnce();
            assertEquals(1, t4.size());
            await(Asyncio.gather(t1, t2, t3, t4.get(0)));
            assertEquals(List.of(1, 2, 3, 4), result);
            return null;
        });
    }
}
