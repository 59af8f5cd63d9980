package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.Barrier;
import org.jasyncio.BrokenBarrierError;
import org.jasyncio.CancelledError;
import org.jasyncio.Coroutine;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Barrier as test_locks.py's BarrierTests checks it. */
class BarrierTest extends SyncFixture {
    private static final int N = 5;

    private <T> List<Task<T>> makeTasks(int n, Coroutine<T> coro) {
        List<Task<T>> ts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ts.add(spawn(coro));
        }
        return ts;
    }

    private static List<Object> gather(List<? extends Task<?>> ts, boolean returnExceptions) throws Exception {
        return await(Asyncio.gather(returnExceptions, ts.toArray(new Task<?>[0])));
    }

    @Test
    void reprFollowsTheBarriersStates() throws Exception {
        Barrier barrier = new Barrier(N);
        assertTrue(barrier.toString().matches("<Barrier object at 0x[0-9a-f]+ \\[filling, waiters:0/5]>"),
                barrier.toString());
        run(() -> {
            List<Task<Integer>> waiters = new ArrayList<>(makeTasks(2, () -> await(barrier.waitAsync())));
            yieldUntil(() -> barrier.nWaiting() == 2);
            assertTrue(barrier.toString().contains("[filling, waiters:2/5]"), barrier.toString());
            waiters.addAll(makeTasks(N - 2, () -> await(barrier.waitAsync())));
            yieldUntil(() -> barrier.toString().contains("draining"));
            assertTrue(barrier.toString().contains("draining"), barrier.toString());
            gather(waiters, false);
            assertTrue(barrier.toString().contains("[filling, waiters:0/5]"), barrier.toString());
            await(barrier.abort());
            assertTrue(barrier.toString().endsWith("[broken]>"), barrier.toString());
            assertTrue(barrier.broken());
            return null;
        });
    }

    @Test
    void partiesMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertEquals("parties must be >= 1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Barrier(-10));
        assertEquals(3, new Barrier(3).parties());
    }

    @Test
    void aBarrierOfOneReleasesAtOnceEveryTime() throws Exception {
        Barrier barrier = new Barrier(1);
        run(() -> {
            assertEquals(0, await(barrier.waitAsync()));
            assertEquals(0, await(barrier.waitAsync()));
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            return null;
        });
    }

    @Test
    void tasksFillingOneByOneAreReleasedTogether() throws Exception {
        Barrier barrier = new Barrier(N);
        run(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            for (int i = 0; i < N - 1; i++) {
                ts.add(spawn(() -> await(barrier.waitAsync())));
                yieldUntil(() -> barrier.nWaiting() == ts.size());
                assertEquals(ts.size(), barrier.nWaiting());
            }
            assertTrue(ts.stream().noneMatch(Task::done));
            ts.add(spawn(() -> await(barrier.waitAsync())));
            gather(ts, false);
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            return null;
        });
    }

    @Test
    void eachTaskGetsADistinctIndexAndTheLastGetsPartiesMinusOne() throws Exception {
        Barrier barrier = new Barrier(N);
        run(() -> {
            List<Task<Integer>> ts = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                ts.add(spawn(() -> await(barrier.waitAsync())));
                yieldUntil(() -> barrier.nWaiting() == ts.size() || ts.get(ts.size() - 1).done());
            }
            Set<Object> indices = new HashSet<>(gather(ts, false));
            assertEquals(Set.of(0, 1, 2, 3, 4), indices);
            assertEquals(N - 1, ts.get(N - 1).result());
            return null;
        });
    }

    @Test
    void tasksCanWaitTwiceInSuccessiveRounds() throws Exception {
        Barrier barrier = new Barrier(N);
        List<String> results = new ArrayList<>();
        run(() -> {
            gather(makeTasks(N, () -> {
                await(barrier.waitAsync());
                results.add("round1");
                await(barrier.waitAsync());
                results.add("round2");
                return null;
            }), false);
            return null;
        });
        assertEquals(List.of("round1", "round1", "round1", "round1", "round1",
                "round2", "round2", "round2", "round2", "round2"), results);
    }

    @Test
    void arrivalsWhileDrainingWaitForTheNextRound() throws Exception {
        Barrier barrier = new Barrier(2);
        run(() -> {
            List<Task<Integer>> first = makeTasks(2, () -> await(barrier.waitAsync()));
            yieldUntil(() -> barrier.toString().contains("draining"));
            Task<Integer> late = spawn(() -> await(barrier.waitAsync()));
            gather(first, false);
            yieldUntil(() -> barrier.nWaiting() == 1);
            assertFalse(late.done(), "the late task waits in the next round");
            assertEquals(1, barrier.nWaiting());
            Task<Integer> partner = spawn(() -> await(barrier.waitAsync()));
            assertEquals(Set.of(0, 1), Set.of(await(late), await(partner)));
            return null;
        });
    }

    @Test
    void aCancelledWaiterLeavesTheBarrierFillable() throws Exception {
        Barrier barrier = new Barrier(N);
        run(() -> {
            List<Task<Integer>> ts = new ArrayList<>(makeTasks(N - 1, () -> await(barrier.waitAsync())));
            yieldUntil(() -> barrier.nWaiting() == N - 1);
            ts.get(0).cancel();
            assertThrows(CancelledError.class, () -> await(ts.get(0)));
            yieldUntil(() -> barrier.nWaiting() == N - 2);
            assertEquals(N - 2, barrier.nWaiting());
            ts.remove(0);
            ts.addAll(makeTasks(2, () -> await(barrier.waitAsync())));
            gather(ts, false);
            assertFalse(barrier.broken());
            return null;
        });
    }

    @Test
    void resetWithNobodyWaitingLeavesItFilling() throws Exception {
        Barrier barrier = new Barrier(N);
        run(() -> {
            await(barrier.reset());
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            assertTrue(barrier.toString().contains("filling"));
            return null;
        });
    }

    @Test
    void resetWhileTasksWaitFailsThemWithBrokenBarrierError() throws Exception {
        Barrier barrier = new Barrier(N);
        run(() -> {
            List<Task<Integer>> ts = makeTasks(N - 1, () -> await(barrier.waitAsync()));
            yieldUntil(() -> barrier.nWaiting() == N - 1);
            await(barrier.reset());
            List<Object> rs = gather(ts, true);
            for (Object r : rs) {
                assertInstanceOf(BrokenBarrierError.class, r);
                assertEquals("Abort or reset of barrier", ((BrokenBarrierError) r).getMessage());
            }
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            // usable again
            List<Object> again = gather(makeTasks(N, () -> await(barrier.waitAsync())), false);
            assertEquals(N, again.size());
            return null;
        });
    }

    @Test
    void abortFailsWaitersAndLaterWaitsUntilReset() throws Exception {
        Barrier barrier = new Barrier(N);
        run(() -> {
            List<Task<Integer>> ts = makeTasks(N - 1, () -> await(barrier.waitAsync()));
            yieldUntil(() -> barrier.nWaiting() == N - 1);
            await(barrier.abort());
            assertTrue(barrier.broken());
            for (Object r : gather(ts, true)) {
                assertInstanceOf(BrokenBarrierError.class, r);
            }
            BrokenBarrierError e = assertThrows(BrokenBarrierError.class, () -> await(barrier.waitAsync()));
            assertEquals("Barrier aborted", e.getMessage());
            await(barrier.reset());
            assertFalse(barrier.broken());
            assertEquals(N, gather(makeTasks(N, () -> await(barrier.waitAsync())), false).size());
            return null;
        });
    }

    @Test
    void abortOnAnExceptionInOneTaskBreaksTheOthers() throws Exception {
        // test_abort_barrier_when_exception
        Barrier barrier = new Barrier(N);
        int[] brokenCount = {0};
        run(() -> {
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 0; i < N; i++) {
                int n = i;
                ts.add(spawn(() -> {
                    try {
                        if (n == N - 1) {
                            throw new IllegalStateException("boom");
                        }
                        await(barrier.waitAsync());
                    } catch (BrokenBarrierError e) { // before its superclass, as asyncio's test orders them
                        brokenCount[0]++;
                    } catch (IllegalStateException e) {
                        await(barrier.abort());
                    }
                    return null;
                }));
            }
            gather(ts, false);
            return null;
        });
        assertEquals(N - 1, brokenCount[0]);
        assertTrue(barrier.broken());
    }

    @Test
    void barrierUsedFromTwoLoopsFailsOnTheSecond() throws Exception {
        Barrier barrier = new Barrier(2);
        run(() -> {
            Task<Integer> a = spawn(() -> await(barrier.waitAsync()));
            yieldUntil(() -> barrier.nWaiting() == 1);
            await(barrier.waitAsync());
            return await(a);
        });
        org.jasyncio.EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> other.runUntilComplete(() -> await(barrier.waitAsync())));
            assertTrue(e.getMessage().endsWith("is bound to a different event loop"), e.getMessage());
            assertTrue(e.getMessage().startsWith("<Barrier object at"), e.getMessage());
        } finally {
            other.close();
        }
        assertEquals(0, barrier.nWaiting(), "the failed wait left the barrier as it was");
        run(() -> {
            Task<Integer> a = spawn(() -> await(barrier.waitAsync()));
            int b = await(barrier.waitAsync());
            assertEquals(Set.of(0, 1), Set.of(b, await(a)));
            return null;
        });
    }

    @Test
    void brokenBarrierErrorIsAnIllegalStateExceptionAsAsyncioSubclassesRuntimeError() throws Exception {
        // asyncio: class BrokenBarrierError(RuntimeError); API.md maps RuntimeError to IllegalStateException
        Barrier barrier = new Barrier(2);
        Throwable failure = run(() -> {
            await(barrier.abort());
            try {
                await(barrier.waitAsync());
                return null;
            } catch (IllegalStateException e) {
                return e;
            }
        });
        assertInstanceOf(BrokenBarrierError.class, failure);
        assertEquals("Barrier aborted", failure.getMessage());
    }

    // ---- test_locks.py's BarrierTests step for step (the sleep(0) counts are asyncio's)

    @Test
    void aBarrierOfOneIsPassedWithinTheTasksFirstStep() throws Exception {
        // test_filling_one_task_twice
        Barrier barrier = new Barrier(1);
        run(() -> {
            Task<Integer> t1 = spawn(() -> await(barrier.waitAsync()));
            yieldOnce();
            assertEquals(0, barrier.nWaiting());
            Task<Integer> t2 = spawn(() -> await(barrier.waitAsync()));
            yieldOnce();
            assertEquals(t1.result(), t2.result());
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            return null;
        });
    }

    @Test
    void eachArrivalIsCountedWithinItsFirstStep() throws Exception {
        // test_filling_task_by_task
        Barrier barrier = new Barrier(3);
        run(() -> {
            Task<Integer> t1 = spawn(() -> await(barrier.waitAsync()));
            yieldOnce();
            assertEquals(1, barrier.nWaiting());
            assertTrue(barrier.toString().contains("filling"), barrier.toString());
            Task<Integer> t2 = spawn(() -> await(barrier.waitAsync()));
            yieldOnce();
            assertEquals(2, barrier.nWaiting());
            Task<Integer> t3 = spawn(() -> await(barrier.waitAsync()));
            yieldOnce();
            await(Asyncio.wait(List.of(t1, t2, t3)));
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            return null;
        });
    }

    @Test
    void aCancelledWaiterLeavesWithinOneIteration() throws Exception {
        // test_filling_tasks_cancel_one
        Barrier barrier = new Barrier(3);
        List<Boolean> results = new ArrayList<>();
        Coroutine<Void> coro = () -> {
            await(barrier.waitAsync());
            results.add(true);
            return null;
        };
        run(() -> {
            Task<Void> t1 = spawn(coro);
            yieldOnce();
            assertEquals(1, barrier.nWaiting());
            Task<Void> t2 = spawn(coro);
            yieldOnce();
            assertEquals(2, barrier.nWaiting());
            t1.cancel();
            yieldOnce();
            assertEquals(1, barrier.nWaiting());
            assertThrows(CancelledError.class, () -> await(t1));
            assertTrue(t1.cancelled());
            Task<Void> t3 = spawn(coro);
            yieldOnce();
            assertEquals(2, barrier.nWaiting());
            Task<Void> t4 = spawn(coro);
            await(Asyncio.gather(t2, t3, t4));
            assertEquals(3, results.size());
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            return null;
        });
    }

    @Test
    void everyTaskButTheLastOutSeesTheBarrierDraining() throws Exception {
        // test_draining_state
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        run(() -> gather(makeTasks(N, () -> {
            await(barrier.waitAsync());
            results.add(barrier.toString().contains("draining"));
            return null;
        }), false));
        assertEquals(N, results.size());
        assertEquals(List.of(true, true, true, true, false), results);
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.broken());
    }

    @Test
    void tasksWaitingAgainWhileTheBarrierDrainsWaitForTheRest() throws Exception {
        // test_blocking_tasks_while_draining
        Barrier barrier = new Barrier(N);
        Barrier nowaiting = new Barrier(N - 2);
        int[] rewait = {2};
        run(() -> gather(makeTasks(N, () -> {
            await(barrier.waitAsync());
            if (rewait[0] > 0) {
                rewait[0]--;
                await(barrier.waitAsync());
            } else {
                await(nowaiting.waitAsync());
                await(barrier.waitAsync());
            }
            return null;
        }), false));
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.broken());
    }

    @Test
    void aResetTaskWithNobodyWaitingIsDoneInOneIteration() throws Exception {
        // test_reset_barrier
        Barrier barrier = new Barrier(1);
        run(() -> {
            Task<Void> t = spawn(() -> await(barrier.reset()));
            yieldOnce();
            assertTrue(t.done());
            assertEquals(0, barrier.nWaiting());
            assertFalse(barrier.broken());
            return null;
        });
    }

    @Test
    void resetByATaskBreaksEveryWaiterAndTheBarrierFillsAgain() throws Exception {
        // test_reset_barrier_while_tasks_waiting
        Barrier barrier = new Barrier(N);
        List<Boolean> results = new ArrayList<>();
        run(() -> {
            List<Task<Void>> ts = makeTasks(N - 1, () -> {
                try {
                    await(barrier.waitAsync());
                } catch (BrokenBarrierError e) {
                    results.add(true);
                }
                return null;
            });
            yieldOnce();
            spawn(() -> await(barrier.reset()));
            gather(ts, false);
            return null;
        });
        assertEquals(N - 1, results.size());
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.toString().contains("resetting"), barrier.toString());
        assertFalse(barrier.broken());
    }

    @Test
    void aResetWhileHalfDrainedHalfBlockedBreaksOnlyTheBlocked() throws Exception {
        // test_reset_barrier_when_tasks_half_draining_half_blocking
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        int blocking = N / 2;
        int[] count = {0};
        run(() -> gather(makeTasks(N, () -> {
            try {
                await(barrier.waitAsync());
            } catch (BrokenBarrierError e) {
                results1.add(true);
                await(barrier.waitAsync());
                return null;
            }
            count[0]++;
            if (count[0] > blocking) {
                await(barrier.reset());
                await(barrier.waitAsync());
            } else {
                try {
                    await(barrier.waitAsync());
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                }
            }
            return null;
        }), false));
        assertEquals(Collections.nCopies(blocking, true), results1);
        assertEquals(List.of(), results2);
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.toString().contains("resetting"), barrier.toString());
        assertFalse(barrier.broken());
    }

    @Test
    void tasksBrokenByAResetCanPassTheBarrierAgain() throws Exception {
        // test_reset_barrier_while_tasks_waiting_and_waiting_again
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        run(() -> {
            List<Task<Void>> ts = makeTasks(N - 1, () -> {
                try {
                    await(barrier.waitAsync());
                } catch (BrokenBarrierError e) {
                    results1.add(true);
                } finally {
                    await(barrier.waitAsync());
                    results2.add(true);
                }
                return null;
            });
            spawn(() -> await(barrier.reset()));
            yieldOnce();
            spawn(() -> {
                await(barrier.waitAsync());
                results2.add(true);
                return null;
            });
            gather(ts, false);
            return null;
        });
        assertFalse(barrier.broken());
        assertEquals(N - 1, results1.size());
        assertEquals(N, results2.size());
        assertEquals(0, barrier.nWaiting());
    }

    @Test
    void aResetWhileTheBarrierDrainsBreaksNobody() throws Exception {
        // test_reset_barrier_while_tasks_draining
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Boolean> results3 = new ArrayList<>();
        int[] count = {0};
        run(() -> gather(makeTasks(N, () -> {
            await(barrier.waitAsync());
            count[0]++;
            if (count[0] == N) {
                await(barrier.reset());
                await(barrier.waitAsync());
            } else {
                try {
                    await(barrier.waitAsync());
                    results1.add(true);
                } catch (Exception e) {
                    results2.add(true);
                }
            }
            await(barrier.waitAsync());
            results3.add(true);
            return null;
        }), false));
        assertFalse(barrier.broken());
        assertEquals(N - 1, results1.size());
        assertEquals(0, results2.size());
        assertEquals(N, results3.size());
        assertEquals(0, barrier.nWaiting());
    }

    @Test
    void anAbortTaskIsDoneInOneIterationAndBreaksTheBarrier() throws Exception {
        // test_abort_barrier
        Barrier barrier = new Barrier(1);
        run(() -> {
            spawn(() -> await(barrier.abort()));
            yieldOnce();
            assertEquals(0, barrier.nWaiting());
            assertTrue(barrier.broken());
            return null;
        });
    }

    @Test
    void anAbortWhileHalfDrainedHalfBlockedBreaksEveryone() throws Exception {
        // test_abort_barrier_when_tasks_half_draining_half_blocking
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        int blocking = N / 2;
        int[] count = {0};
        run(() -> gather(makeTasks(N, () -> {
            try {
                await(barrier.waitAsync());
            } catch (BrokenBarrierError e) {
                results1.add(true);
                return null;
            }
            count[0]++;
            if (count[0] > blocking) {
                await(barrier.abort());
            } else {
                try {
                    await(barrier.waitAsync());
                } catch (BrokenBarrierError e) {
                    results2.add(true);
                }
            }
            return null;
        }), false));
        assertTrue(barrier.broken());
        assertEquals(Collections.nCopies(blocking, true), results1);
        assertEquals(Collections.nCopies(N - blocking - 1, true), results2);
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.toString().contains("resetting"), barrier.toString());
    }

    @Test
    void anExceptionAfterTheFirstRoundAbortsTheSecond() throws Exception {
        // test_abort_barrier_when_exception
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        run(() -> gather(makeTasks(N, () -> {
            try {
                int i = await(barrier.waitAsync());
                if (i == N / 2) {
                    throw new ArithmeticException("asyncio's test raises RuntimeError here");
                }
                await(barrier.waitAsync());
                results1.add(true);
            } catch (BrokenBarrierError e) {
                results2.add(true);
            } catch (ArithmeticException e) {
                await(barrier.abort());
            }
            return null;
        }), false));
        assertTrue(barrier.broken());
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertEquals(0, barrier.nWaiting());
    }

    @Test
    void anAbortedBarrierResetBetweenTwoRoundsWorksAgain() throws Exception {
        // test_abort_barrier_when_exception_then_resetting
        Barrier barrier1 = new Barrier(N);
        Barrier barrier2 = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        List<Boolean> results2 = new ArrayList<>();
        List<Boolean> results3 = new ArrayList<>();
        run(() -> gather(makeTasks(N, () -> {
            try {
                int i = await(barrier1.waitAsync());
                if (i == N / 2) {
                    throw new ArithmeticException("asyncio's test raises RuntimeError here");
                }
                await(barrier1.waitAsync());
                results1.add(true);
            } catch (BrokenBarrierError e) {
                results2.add(true);
            } catch (ArithmeticException e) {
                await(barrier1.abort());
            }
            int i = await(barrier2.waitAsync());
            if (i == N / 2) {
                await(barrier1.reset());
            }
            await(barrier2.waitAsync());
            await(barrier1.waitAsync());
            results3.add(true);
            return null;
        }), false));
        assertFalse(barrier1.broken());
        assertEquals(0, results1.size());
        assertEquals(N - 1, results2.size());
        assertEquals(N, results3.size());
        assertEquals(0, barrier1.nWaiting());
    }

    @Test
    void theSecondRoundsIndicesAreDistinctToo() throws Exception {
        // test_filling_tasks_check_return_value
        Barrier barrier = new Barrier(N);
        List<Object> res = run(() -> gather(makeTasks(N, () -> {
            await(barrier.waitAsync());
            return await(barrier.waitAsync());
        }), false));
        assertEquals(Set.of(0, 1, 2, 3, 4), new HashSet<>(res));
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.broken());
    }

    @Test
    void reprNamesFillingDrainingResettingAndBroken() throws Exception {
        // test_repr
        Barrier barrier = new Barrier(N);
        run(() -> {
            List<Task<Integer>> waiters = new ArrayList<>(makeTasks(2, () -> await(barrier.waitAsync())));
            yieldOnce();
            assertTrue(barrier.toString().endsWith("[filling, waiters:2/5]>"), barrier.toString());
            waiters.addAll(makeTasks(N - barrier.nWaiting(), () -> await(barrier.waitAsync())));
            yieldOnce();
            assertTrue(barrier.toString().contains("[draining"), barrier.toString());
            waiters.addAll(makeTasks(2, () -> await(barrier.waitAsync())));
            yieldOnce();
            await(barrier.reset());
            assertTrue(barrier.toString().contains("[resetting"), barrier.toString());
            waiters.addAll(makeTasks(2, () -> await(barrier.waitAsync())));
            yieldOnce();
            await(barrier.abort());
            assertTrue(barrier.toString().endsWith("[broken]>"), barrier.toString());
            assertTrue(barrier.broken());
            gather(waiters, true);
            return null;
        });
    }

    @Test
    void waitsNotAwaitedByATaskPassTheBarrierToo() throws Exception {
        Barrier barrier = new Barrier(3);
        run(() -> {
            org.jasyncio.Future<Integer> a = barrier.waitAsync();
            org.jasyncio.Future<Integer> b = barrier.waitAsync();
            assertEquals(2, barrier.nWaiting());
            org.jasyncio.Future<Integer> c = barrier.waitAsync();
            assertTrue(c.done(), "the last party trips the barrier at once");
            assertEquals(2, c.result());
            assertEquals(List.of(0, 1), await(Asyncio.gather(a, b)));
            assertEquals(0, barrier.nWaiting());
            org.jasyncio.Future<Integer> d = barrier.waitAsync();
            assertEquals(1, barrier.nWaiting());
            assertTrue(d.cancel());
            assertEquals(0, barrier.nWaiting(), "a cancelled wait leaves the barrier");
            assertThrows(CancelledError.class, d::result);
            return null;
        });
    }

    @Test
    void aResetByATaskOutOfTheDrainingBarrierBreaksThoseStillInIt() throws Exception {
        // test_reset_barrier_when_tasks_half_draining (asyncio reads the private _count: the third task out sees
        // two still in the barrier)
        Barrier barrier = new Barrier(N);
        List<Boolean> results1 = new ArrayList<>();
        int restOfTasks = N / 2;
        int[] out = {0};
        run(() -> gather(makeTasks(N, () -> {
            try {
                await(barrier.waitAsync());
            } catch (BrokenBarrierError e) {
                results1.add(true);
                return null;
            }
            if (N - ++out[0] == restOfTasks) {
                await(barrier.reset());
            }
            return null;
        }), false));
        assertEquals(Collections.nCopies(restOfTasks, true), results1);
        assertEquals(0, barrier.nWaiting());
        assertFalse(barrier.toString().contains("resetting"), barrier.toString());
        assertFalse(barrier.broken());
    }
}
