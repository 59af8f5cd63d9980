package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Event;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Queue;
import org.jasyncio.QueueEmpty;
import org.jasyncio.QueueFull;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Queue as test_queues.py checks it. */
class QueueTest extends SyncFixture {

    @Test
    void reprShowsItemsGettersPuttersAndUnfinishedTasks() throws Exception {
        Queue<Integer> q = new Queue<>();
        assertTrue(q.toString().matches("<Queue at 0x[0-9a-f]+ maxsize=0>"), q.toString());
        run(() -> {
            Task<Integer> getter = spawn(() -> await(q.get()));
            yieldOnce();
            assertTrue(q.toString().contains("_getters[1]"), q.toString());
            q.putNowait(0);
            assertEquals(0, await(getter));

            Queue<Integer> bounded = new Queue<>(1);
            bounded.putNowait(1);
            Task<Void> putter = spawn(() -> await(bounded.put(2)));
            yieldOnce();
            assertTrue(bounded.toString().contains("_putters[1]"), bounded.toString());
            assertTrue(bounded.toString().contains("maxsize=1 _queue=[1]"), bounded.toString());
            bounded.getNowait();
            await(putter);
            assertTrue(bounded.toString().endsWith("maxsize=1 _queue=[2] tasks=2>"), bounded.toString());
            return null;
        });
    }

    @Test
    void emptyAndFullFollowTheItems() throws Exception {
        Queue<Integer> q = new Queue<>();
        run(() -> {
            assertTrue(q.empty());
            await(q.put(1));
            assertFalse(q.empty());
            assertEquals(1, await(q.get()));
            assertTrue(q.empty());
            assertFalse(q.full(), "an unbounded queue is never full");
            Queue<Integer> one = new Queue<>(1);
            await(one.put(1));
            assertTrue(one.full());
            assertEquals(1, one.qsize());
            return null;
        });
    }

    @Test
    void itemsComeOutInFifoOrder() throws Exception {
        Queue<Integer> q = new Queue<>();
        run(() -> {
            for (int i : List.of(1, 3, 2)) {
                await(q.put(i));
            }
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                items.add(await(q.get()));
            }
            assertEquals(List.of(1, 3, 2), items);
            return null;
        });
    }

    @Test
    void aFullQueueBlocksThePutterUntilAGet() throws Exception {
        // test_maxsize
        Queue<Integer> q = new Queue<>(2);
        assertEquals(2, q.maxsize());
        List<Integer> haveBeenPut = new ArrayList<>();
        run(() -> {
            Task<Boolean> t = spawn(() -> {
                for (int i = 0; i < 3; i++) {
                    await(q.put(i));
                    haveBeenPut.add(i);
                }
                return true;
            });
            yieldTimes(2);
            assertEquals(List.of(0, 1), haveBeenPut, "blocked after two items");
            assertEquals(0, await(q.get()));
            yieldOnce();
            assertEquals(List.of(0, 1, 2), haveBeenPut, "the putter resumed in the next iteration");
            assertEquals(1, await(q.get()));
            assertEquals(2, await(q.get()));
            assertTrue(t.done() && t.result());
            return null;
        });
    }

    @Test
    void getOfAnAvailableItemIsDoneAtOnce() throws Exception {
        Queue<Integer> q = new Queue<>();
        run(() -> {
            q.putNowait(1);
            Future<Integer> f = q.get();
            assertTrue(f.done());
            assertEquals(1, await(f));
            return null;
        });
    }

    @Test
    void getWakesAWaitingPutter() throws Exception {
        // test_get_with_putters
        Queue<Integer> q = new Queue<>(1);
        run(() -> {
            await(q.put(1));
            Future<Void> putter = q.put(2);
            assertFalse(putter.done());
            assertEquals(1, await(q.get()));
            assertTrue(putter.done());
            assertNull(await(putter));
            assertEquals(2, q.getNowait());
            return null;
        });
    }

    @Test
    void blockingGetWaitsForALaterPut() throws Exception {
        Queue<Integer> q = new Queue<>();
        Event started = new Event();
        boolean[] finished = {false};
        run(() -> {
            Task<Integer> t = spawn(() -> {
                started.set();
                int r = await(q.get());
                finished[0] = true;
                return r;
            });
            await(started.waitAsync());
            assertFalse(finished[0]);
            loop.callLater(0.01, () -> q.putNowait(1));
            assertEquals(1, await(t));
            assertTrue(finished[0]);
            return null;
        });
    }

    @Test
    void nonblockingGetAndItsQueueEmpty() {
        Queue<Integer> q = new Queue<>();
        q.putNowait(1);
        assertEquals(1, q.getNowait());
        assertThrows(QueueEmpty.class, q::getNowait);
    }

    @Test
    void aCancelledGetterLetsTheNextOneHaveTheItem() throws Exception {
        // test_get_cancelled_race
        Queue<String> q = new Queue<>();
        run(() -> {
            Task<String> t1 = spawn(() -> await(q.get()));
            Task<String> t2 = spawn(() -> await(q.get()));
            yieldOnce();
            t1.cancel();
            yieldOnce();
            assertTrue(t1.done());
            await(q.put("a"));
            yieldOnce();
            assertEquals("a", await(t2));
            return null;
        });
    }

    @Test
    void putsWaitingOnAFullQueueGoInInOrder() throws Exception {
        // test_get_with_waiting_putters
        Queue<String> q = new Queue<>(1);
        run(() -> {
            spawn(() -> await(q.put("a")));
            spawn(() -> await(q.put("b")));
            assertEquals("a", await(q.get()));
            assertEquals("b", await(q.get()));
            return null;
        });
    }

    @Test
    void aProducerAndAConsumerOnAQueueOfOneFinish() throws Exception {
        // test_why_are_getters_waiting
        Queue<Integer> q = new Queue<>(1);
        run(() -> {
            Task<Void> producer = spawn(() -> {
                for (int i = 0; i < 5; i++) {
                    await(q.put(i));
                }
                return null;
            });
            Task<List<Integer>> consumer = spawn(() -> {
                List<Integer> got = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    got.add(await(q.get()));
                }
                return got;
            });
            await(producer);
            assertEquals(List.of(0, 1, 2, 3, 4), await(consumer));
            return null;
        });
    }

    @Test
    void aTimedOutGetLeavesNoGetter() throws Exception {
        // test_cancelled_getters_not_being_held_in_self_getters
        Queue<Integer> q = new Queue<>(5);
        run(() -> {
            assertThrows(TimeoutException.class, () -> await(Asyncio.waitFor(q.get(), 0.05)));
            yieldOnce();
            assertFalse(q.toString().contains("_getters"), q.toString());
            return null;
        });
    }

    @Test
    void putOnAnUnboundedQueueNeverBlocks() throws Exception {
        Queue<Integer> q = new Queue<>();
        run(() -> {
            Future<Void> f = q.put(1);
            assertTrue(f.done());
            assertEquals(1, await(q.get()));
            return null;
        });
    }

    @Test
    void blockingPutWaitsForALaterGet() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        Event started = new Event();
        boolean[] finished = {false};
        run(() -> {
            loop.callLater(0.01, q::getNowait);
            Task<Void> t = spawn(() -> {
                started.set();
                await(q.put(1));
                await(q.put(2));
                finished[0] = true;
                return null;
            });
            await(started.waitAsync());
            assertFalse(finished[0]);
            await(t);
            assertTrue(finished[0]);
            return null;
        });
    }

    @Test
    void aGetterCancelledAfterAPutWokeItDoesNotDropTheItem() throws Exception {
        // test_get_cancel_drop_one_pending_reader
        Queue<Integer> q = new Queue<>();
        run(() -> {
            Task<Integer> reader = spawn(() -> await(q.get()));
            yieldOnce();
            q.putNowait(1);
            q.putNowait(2);
            reader.cancel();
            try {
                await(reader);
            } catch (CancelledError e) {
                reader = spawn(() -> await(q.get()));
                await(reader);
            }
            assertEquals(1, reader.result(), "2 would mean 1 got dropped");
            return null;
        });
    }

    @Test
    void manyReadersOneCancelledStillGetEveryItem() throws Exception {
        // test_get_cancel_drop_many_pending_readers
        Queue<Integer> q = new Queue<>();
        run(() -> {
            Task<Integer> r1 = spawn(() -> await(q.get()));
            Task<Integer> r2 = spawn(() -> await(q.get()));
            Task<Integer> r3 = spawn(() -> await(q.get()));
            yieldOnce();
            q.putNowait(1);
            q.putNowait(2);
            r1.cancel();
            assertThrows(CancelledError.class, () -> await(r1));
            await(r3);
            assertEquals(Set.of(1, 2), Set.of(await(r2), await(r3)));
            return null;
        });
    }

    @Test
    void aPutterCancelledAfterAGetWokeItDoesNotLoseTheSlot() throws Exception {
        // test_put_cancel_drop
        Queue<Integer> q = new Queue<>(1);
        run(() -> {
            q.putNowait(1);
            Task<Void> writer = spawn(() -> await(q.put(2)));
            yieldOnce();
            assertEquals(1, q.getNowait());
            writer.cancel();
            try {
                await(writer);
            } catch (CancelledError e) {
                writer = spawn(() -> await(q.put(2)));
                await(writer);
            }
            assertEquals(2, q.getNowait());
            assertEquals(0, q.qsize());
            return null;
        });
    }

    @Test
    void putNowaitOnAFullQueueRaisesQueueFull() {
        Queue<Integer> q = new Queue<>(1);
        q.putNowait(1);
        assertThrows(QueueFull.class, () -> q.putNowait(2));
    }

    @Test
    void aPutterTaskCompletesOnceItsItemIsTaken() throws Exception {
        // test_put_cancelled
        Queue<Integer> q = new Queue<>();
        run(() -> {
            Task<Boolean> t = spawn(() -> {
                await(q.put(1));
                return true;
            });
            assertEquals(1, await(q.get()));
            assertTrue(t.done() && t.result());
            return null;
        });
    }

    @Test
    void aCancelledPutterIsSkippedAndTheOthersGoInInOrder() throws Exception {
        // test_put_cancelled_race
        Queue<String> q = new Queue<>(1);
        run(() -> {
            Task<Void> putA = spawn(() -> await(q.put("a")));
            Task<Void> putB = spawn(() -> await(q.put("b")));
            Task<Void> putC = spawn(() -> await(q.put("X")));
            yieldOnce();
            assertTrue(putA.done());
            assertFalse(putB.done());
            putC.cancel();
            yieldOnce();
            assertTrue(putC.done());
            assertEquals("a", q.getNowait());
            yieldOnce();
            assertEquals("b", q.getNowait());
            await(putB);
            return null;
        });
    }

    @Test
    void putWakesAWaitingGetter() throws Exception {
        // test_put_with_waiting_getters
        Queue<String> q = new Queue<>();
        run(() -> {
            Task<String> t = spawn(() -> await(q.get()));
            yieldOnce();
            await(q.put("a"));
            assertEquals("a", await(t));
            return null;
        });
    }

    @Test
    void putterTasksOnAQueueOfTwoAllGetIn() throws Exception {
        // test_why_are_putters_waiting
        Queue<Integer> q = new Queue<>(2);
        run(() -> {
            Task<Void> getter = spawn(() -> {
                yieldOnce();
                int num = q.qsize();
                for (int i = 0; i < num; i++) {
                    q.getNowait();
                }
                return null;
            });
            List<Task<Void>> putters = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                int item = i;
                putters.add(spawn(() -> await(q.put(item))));
            }
            await(getter);
            for (Task<Void> p : putters) {
                await(p);
            }
            assertEquals(2, q.qsize());
            return null;
        });
    }

    @Test
    void aCancelledPutLeavesNoPutter() throws Exception {
        // test_cancelled_puts_not_being_held_in_self_putters
        Queue<Integer> q = new Queue<>(1);
        run(() -> {
            q.putNowait(1);
            Task<Void> putTask = spawn(() -> await(q.put(1)));
            yieldOnce();
            assertTrue(q.toString().contains("_putters[1]"), q.toString());
            putTask.cancel();
            assertThrows(CancelledError.class, () -> await(putTask));
            assertFalse(q.toString().contains("_putters"), q.toString());
            return null;
        });
    }

    @Test
    void cancellingAPutterAlreadyWokenByAGetStillCancelsIt() throws Exception {
        // test_cancelled_put_silence_value_error_exception
        Queue<Integer> q = new Queue<>(1);
        run(() -> {
            q.putNowait(1);
            Task<Void> putTask = spawn(() -> await(q.put(1)));
            yieldOnce();
            q.getNowait();
            putTask.cancel();
            assertThrows(CancelledError.class, () -> await(putTask));
            assertEquals(0, q.qsize());
            return null;
        });
    }

    @Test
    void taskDoneCalledTooOftenFails() {
        Queue<Integer> q = new Queue<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, q::taskDone);
        assertEquals("task_done() called too many times", e.getMessage());
    }

    @Test
    void joinReturnsOnceEveryItemIsMarkedDone() throws Exception {
        // test_task_done
        Queue<Integer> q = new Queue<>();
        int[] accumulator = {0};
        boolean[] running = {true};
        run(() -> {
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(spawn(() -> {
                    while (running[0]) {
                        int item = await(q.get());
                        accumulator[0] += item;
                        q.taskDone();
                    }
                    return null;
                }));
            }
            await(q.join());
            assertEquals(4950, accumulator[0]);
            running[0] = false;
            for (int i = 0; i < workers.size(); i++) {
                q.putNowait(0);
            }
            for (Task<Void> w : workers) {
                await(w);
            }
            return null;
        });
    }

    @Test
    void joinOnAnEmptyQueueIsDoneAtOnce() throws Exception {
        Queue<Integer> q = new Queue<>();
        run(() -> {
            assertTrue(q.join().done());
            await(q.join());
            await(q.join());
            return null;
        });
    }

    @Test
    void nullItemsAreAllowed() throws Exception {
        Queue<String> q = new Queue<>();
        run(() -> {
            await(q.put(null));
            q.putNowait("x");
            assertNull(await(q.get()));
            assertEquals("x", q.getNowait());
            return null;
        });
    }

    @Test
    void getNowaitMayTakeTheItemThatWokeAGetterWhichThenWaitsAgain() throws Exception {
        // asyncio's get(): `while self.empty()`: a woken getter that finds the item gone waits at the end of the line
        Queue<Integer> q = new Queue<>();
        run(() -> {
            Task<Integer> first = spawn(() -> await(q.get()));
            Task<Integer> second = spawn(() -> await(q.get()));
            yieldOnce();
            q.putNowait(7); // wakes the first getter
            assertEquals(1, q.qsize());
            assertEquals(7, q.getNowait(), "the woken getter has not taken it yet");
            yieldOnce();
            assertFalse(first.done());
            assertTrue(q.toString().contains("_getters[2]"), q.toString());
            q.putNowait(8);
            q.putNowait(9);
            assertEquals(9, await(first), "back in line behind the second getter");
            assertEquals(8, await(second));
            return null;
        });
    }

    @Test
    void putNowaitMayTakeTheSlotThatWokeAPutterWhichThenWaitsAgain() throws Exception {
        Queue<Integer> q = new Queue<>(1);
        run(() -> {
            q.putNowait(1);
            Task<Void> putter = spawn(() -> await(q.put(2)));
            yieldOnce();
            assertEquals(1, q.getNowait());
            q.putNowait(3); // the slot that woke the putter
            yieldOnce();
            assertFalse(putter.done());
            assertTrue(q.toString().contains("_putters[1]"), q.toString());
            assertEquals(3, q.getNowait());
            await(putter);
            assertEquals(2, q.getNowait());
            return null;
        });
    }

    @Test
    void aWokenGettersItemIsHeldForItWhenNotOnlyATaskAwaitsIt() throws Exception {
        Queue<Integer> q = new Queue<>();
        run(() -> {
            Future<Integer> f = q.get();
            f.addDoneCallback(x -> { });
            q.putNowait(7);
            assertEquals(1, q.qsize());
            assertThrows(QueueEmpty.class, q::getNowait, "a completed future cannot be sent back");
            assertEquals(7, await(f));
            return null;
        });
    }

    @Test
    void getFromAPlainCallbackTakesTheItemWhenWoken() throws Exception {
        Queue<Integer> q = new Queue<>();
        run(() -> {
            Future<Integer> f = q.get();
            List<Integer> seen = new ArrayList<>();
            f.addDoneCallback(x -> {
                try {
                    seen.add(x.result());
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            q.putNowait(5);
            yieldTimes(2);
            assertEquals(List.of(5), seen);
            assertTrue(q.empty());
            return null;
        });
    }

    @Test
    void queueWaitedOnFromTwoLoopsFailsOnTheSecond() throws Exception {
        Queue<Integer> q = new Queue<>();
        run(() -> {
            Task<Integer> t = spawn(() -> await(q.get()));
            yieldOnce();
            q.putNowait(1);
            return await(t);
        });
        EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> other.runUntilComplete(() -> await(q.get())));
            assertTrue(e.getMessage().matches("<Queue at 0x[0-9a-f]+ maxsize=0 tasks=1> is bound to a different event loop"),
                    e.getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    void aNegativeMaxsizeIsKeptAndMeansUnbounded() throws Exception {
        // asyncio keeps maxsize as given; maxsize <= 0 is unbounded
        Queue<Integer> q = new Queue<>(-1);
        assertEquals(-1, q.maxsize());
        run(() -> {
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            return null;
        });
        assertFalse(q.full());
        assertEquals(100, q.qsize());
    }
}
