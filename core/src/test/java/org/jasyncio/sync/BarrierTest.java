package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
}
