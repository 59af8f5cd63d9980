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
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Asyncio.sleep and Asyncio.gather (test_tasks.py sleep and gather tests). */
@Tag("coroutines")
class SleepAndGatherTest extends LoopFixture {

    @Test
    void sleepZeroYieldsExactlyOneIteration() throws Exception {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            loop.callSoon(() -> {
                log.add("ready callback");
                loop.callSoon(() -> log.add("scheduled by it"));
            });
            log.add("before sleep");
            await(Asyncio.sleep(0));
            log.add("after sleep");
            await(Asyncio.sleep(0));
            log.add("after second sleep");
            return null;
        });
        assertEquals(List.of("before sleep", "ready callback", "after sleep", "scheduled by it", "after second sleep"), log);
    }

    @Test
    void negativeSleepAlsoYieldsAndNaNIsRefused() throws Exception {
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            loop.callSoon(() -> log.add("callback"));
            await(Asyncio.sleep(-1));
            log.add("after");
            assertEquals("Invalid delay: NaN (not a number)",
                    assertThrows(IllegalArgumentException.class, () -> Asyncio.sleep(Double.NaN)).getMessage());
            return null;
        });
        assertEquals(List.of("callback", "after"), log);
        assertThrows(IllegalStateException.class, () -> Asyncio.sleep(1));
    }

    @Test
    void anInfiniteSleepOnlyEndsByCancellation() throws Exception {
        Task<String> t = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(Double.POSITIVE_INFINITY));
                return "woke";
            } catch (CancelledError e) {
                return "cancelled";
            }
        });
        loop.callLater(0.02, t::cancel);
        assertEquals("cancelled", loop.runUntilComplete(t));
    }

    @Test
    void sleepWaitsAtLeastItsDelay() throws Exception {
        double start = loop.time();
        loop.runUntilComplete(() -> await(Asyncio.sleep(0.05)));
        assertTrue(loop.time() - start >= 0.045, "slept " + (loop.time() - start));
    }

    @Test
    void sleepsEndInDelayOrder() throws Exception {
        List<Integer> log = new ArrayList<>();
        Task<Void> slow = loop.createTask(() -> {
            await(Asyncio.sleep(0.06));
            log.add(2);
            return null;
        });
        Task<Void> fast = loop.createTask(() -> {
            await(Asyncio.sleep(0.02));
            log.add(1);
            return null;
        });
        loop.runUntilComplete(Asyncio.gather(slow, fast));
        assertEquals(List.of(1, 2), log);
    }

    @Test
    void gatherKeepsTheOrderOfItsArguments() throws Exception {
        Task<Integer> slow = loop.createTask(() -> {
            await(Asyncio.sleep(0.03));
            return 1;
        });
        Task<Integer> fast = loop.createTask(() -> 2);
        Future<String> plain = loop.createFuture();
        loop.callSoon(() -> plain.setResult("three"));
        assertEquals(List.of(1, 2, "three"), loop.runUntilComplete(Asyncio.gather(slow, fast, plain)));
    }

    @Test
    void gatherFailsWithTheFirstExceptionAndLeavesOthersRunning() throws Exception {
        IOException first = new IOException("first");
        Task<Void> failing = loop.createTask(() -> {
            await(Asyncio.sleep(0));
            throw first;
        });
        Task<String> slow = loop.createTask(() -> {
            await(Asyncio.sleep(0.05));
            return "finished anyway";
        });
        Future<List<Object>> all = Asyncio.gather(failing, slow);
        IOException e = assertThrows(IOException.class, () -> loop.runUntilComplete(all));
        assertSame(first, e);
        assertFalse(slow.done(), "gather does not cancel the others on an error");
        assertEquals("finished anyway", loop.runUntilComplete(slow));
    }

    @Test
    void gatherWithReturnExceptionsPutsThemInTheList() throws Exception {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Task<Integer> ok = loop.createTask(() -> 1);
        Task<Integer> bad = loop.createTask(() -> {
            throw boom;
        });
        Future<Void> cancelled = loop.createFuture();
        cancelled.cancel("gone");
        List<Object> r = loop.runUntilComplete(Asyncio.gather(true, ok, bad, cancelled));
        assertEquals(1, r.get(0));
        assertSame(boom, r.get(1));
        CancelledError ce = assertInstanceOf(CancelledError.class, r.get(2));
        assertEquals("gone", ce.getMessage());
    }

    @Test
    void aCancelledChildFailsTheGatherWithCancelledError() throws Exception {
        Future<Void> child = loop.createFuture();
        Task<Integer> other = loop.createTask(() -> 1);
        Future<List<Object>> all = Asyncio.gather(child, other);
        loop.callSoon(() -> child.cancel("child cancelled"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(all));
        assertEquals("child cancelled", e.getMessage());
        assertFalse(all.cancelled(), "the outer future failed with CancelledError; it was not cancelled itself");
    }

    @Test
    void cancellingTheGatherCancelsEveryChild() throws Exception {
        Task<Void> a = loop.createTask(() -> {
            await(Asyncio.sleep(10));
            return null;
        });
        Task<Void> b = loop.createTask(() -> {
            await(Asyncio.sleep(10));
            return null;
        });
        Future<List<Object>> all = Asyncio.gather(true, a, b);
        loop.callSoon(() -> assertTrue(all.cancel("outer")));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(all));
        assertEquals("outer", e.getMessage());
        assertTrue(a.cancelled());
        assertTrue(b.cancelled());
        assertFalse(all.cancel(), "a done gather cannot be cancelled");
    }

    @Test
    void cancellingAGatherWhoseChildrenAreDoneReturnsFalse() throws Exception {
        Future<Integer> f = loop.createFuture();
        f.setResult(1);
        Future<List<Object>> all = Asyncio.gather(f);
        assertEquals(List.of(1), loop.runUntilComplete(all));
        Future<Integer> g = loop.createFuture();
        Future<List<Object>> pendingCallback = Asyncio.gather(g);
        g.setResult(2);
        assertFalse(pendingCallback.cancel(), "no child could be cancelled");
        assertEquals(List.of(2), loop.runUntilComplete(pendingCallback));
    }

    @Test
    void aTaskAwaitingGatherCancelsTheChildrenWhenCancelled() throws Exception {
        Task<Void> child = loop.createTask(() -> {
            await(Asyncio.sleep(10));
            return null;
        });
        Task<List<Object>> parent = loop.createTask(() -> await(Asyncio.gather(child)));
        loop.callLater(0.01, parent::cancel);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(parent));
        assertTrue(child.cancelled());
        assertTrue(parent.cancelled());
    }

    @Test
    void duplicatesAreWaitedForOnceAndReportedAtEachPosition() throws Exception {
        Task<String> t = loop.createTask(() -> {
            await(Asyncio.sleep(0));
            return "x";
        });
        Future<Integer> f = loop.createFuture();
        loop.callSoon(() -> f.setResult(9));
        assertEquals(List.of("x", 9, "x", 9, "x"), loop.runUntilComplete(Asyncio.gather(t, f, t, f, t)));
    }

    @Test
    void manyChildrenWithDuplicatesKeepTheirPositions() throws Exception {
        List<Future<?>> args = new ArrayList<>();
        List<Object> expected = new ArrayList<>();
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            int v = i;
            tasks.add(loop.createTask(() -> {
                await(Asyncio.sleep(0));
                return v;
            }));
        }
        for (int i = 0; i < 60; i++) {
            args.add(tasks.get(i % 30));
            expected.add(i % 30);
        }
        assertEquals(expected, loop.runUntilComplete(Asyncio.gather(args.toArray(new Future<?>[0]))));
    }

    @Test
    void emptyGatherIsDoneAtOnceWithAnEmptyList() throws Exception {
        List<Object> r = loop.runUntilComplete(() -> {
            Future<List<Object>> g = Asyncio.gather();
            assertTrue(g.done());
            assertSame(loop, g.getLoop());
            return await(g);
        });
        assertEquals(List.of(), r);
    }

    @Test
    void gatherRefusesFuturesOfDifferentLoopsAndNulls() {
        EventLoop other = Asyncio.newEventLoop();
        try {
            Future<Void> mine = loop.createFuture();
            Future<Void> theirs = other.createFuture();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Asyncio.gather(mine, theirs));
            assertTrue(e.getMessage().contains("different loop"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> Asyncio.gather(mine, null));
        } finally {
            other.close();
        }
    }

    @Test
    void gatherOfAlreadyDoneFuturesCompletesWithoutSuspending() throws Exception {
        Future<Integer> a = loop.createFuture();
        Future<Integer> b = loop.createFuture();
        a.setResult(1);
        b.setResult(2);
        Future<List<Object>> all = Asyncio.gather(a, b);
        assertTrue(all.done());
        assertEquals(List.of(1, 2), all.result());
    }

    @Test
    void cancellingTheGatherWhileAChildSwallowsStillPropagatesCancellation() throws Exception {
        Task<String> swallower = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                return "swallowed";
            }
            return "slept";
        });
        Future<List<Object>> all = Asyncio.gather(true, swallower);
        loop.callSoon(all::cancel);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(all));
        assertEquals("swallowed", swallower.result());
    }
}
