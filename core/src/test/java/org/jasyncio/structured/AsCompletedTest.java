package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.Waited;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Asyncio.asCompleted as test_tasks.py checks it (3.13's plain iteration). */
@Tag("coroutines")
class AsCompletedTest extends StructuredFixture {

    private Task<String> sleeper(double seconds, String value) {
        return loop.createTask(() -> await(sleep(seconds, value)));
    }

    @Test
    void outcomesComeInCompletionOrder() throws Exception {
        Task<String> a = sleeper(0.01, "a");
        Task<String> b = sleeper(0.01, "b");
        Task<String> c = sleeper(0.05, "c");
        List<String> values = run(() -> {
            List<String> vs = new ArrayList<>();
            for (Future<String> f : Asyncio.asCompleted(List.of(b, c, a))) {
                vs.add(await(f));
            }
            return vs;
        });
        assertEquals(Set.of("a", "b"), Set.copyOf(values.subList(0, 2)));
        assertEquals("c", values.get(2));
    }

    @Test
    void afterTheTimeoutTheRemainingOnesFailWithTimeoutException() throws Exception {
        Task<String> a = sleeper(0.01, "a");
        Task<String> b = sleeper(10, "b");
        List<Object> values = run(() -> {
            List<Object> vs = new ArrayList<>();
            for (Future<String> f : Asyncio.asCompleted(List.of(a, b), 0.05)) {
                try {
                    vs.add(await(f));
                } catch (TimeoutException e) {
                    vs.add(e);
                }
            }
            return vs;
        });
        assertEquals(2, values.size());
        assertEquals("a", values.get(0));
        assertTrue(values.get(1) instanceof TimeoutException);
        assertFalse(b.done(), "the timeout cancels nothing");
        b.cancel();
        run(() -> await(Asyncio.wait(List.of(b))));
    }

    @Test
    void aTimeoutLongerThanTheWorkChangesNothing() throws Exception {
        Task<String> a = sleeper(0.01, "a");
        run(() -> {
            for (Future<String> f : Asyncio.asCompleted(List.of(a), Duration.ofSeconds(10))) {
                assertEquals("a", await(f));
            }
            return null;
        });
    }

    @Test
    void theIteratorResumesWhereItStopped() throws Exception {
        List<Task<Integer>> tasks = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int v = i;
            tasks.add(loop.createTask(() -> v));
        }
        List<Integer> collected = run(() -> {
            Iterable<Future<Integer>> it = Asyncio.asCompleted(tasks);
            List<Integer> got = new ArrayList<>();
            int n = 0;
            for (Future<Integer> f : it) {
                got.add(await(f));
                if (++n == 2) {
                    break;
                }
            }
            assertEquals(2, got.size());
            for (Future<Integer> f : it) {
                got.add(await(f));
            }
            return got;
        });
        assertEquals(Set.of(0, 1, 2, 3), Set.copyOf(collected));
        assertEquals(4, collected.size());
    }

    @Test
    void theFirstFutureAwaitedGetsTheFirstOutcome() throws Exception {
        Task<String> a = sleeper(0.01, "a");
        Task<String> b = sleeper(0.05, "b");
        run(() -> {
            List<Future<String>> futs = new ArrayList<>();
            Asyncio.asCompleted(Set.of(a, b)).forEach(futs::add);
            assertEquals(2, futs.size());
            assertEquals("a", await(futs.get(1)));
            assertEquals("b", await(futs.get(0)));
            return null;
        });
    }

    @Test
    void handedOutFuturesCanBeAwaitedConcurrently() throws Exception {
        Task<String> a = sleeper(0.01, "a");
        Task<String> b = sleeper(0.01, "b");
        run(() -> {
            List<Future<?>> futs = new ArrayList<>();
            Asyncio.asCompleted(List.of(a, b)).forEach(futs::add);
            Waited w = await(Asyncio.wait(futs));
            Set<Object> results = new java.util.HashSet<>();
            for (Future<?> f : w.done()) {
                results.add(f.result());
            }
            assertEquals(Set.of("a", "b"), results);
            return null;
        });
    }

    @Test
    void aFuturePassedTwiceCountsOnce() throws Exception {
        Task<String> ham = loop.createTask(() -> "ham");
        Task<String> spam = loop.createTask(() -> "spam");
        List<String> result = run(() -> {
            List<String> r = new ArrayList<>();
            for (Future<String> f : Asyncio.asCompleted(List.of(ham, ham, spam))) {
                r.add(await(f));
            }
            return r;
        });
        assertEquals(Set.of("ham", "spam"), Set.copyOf(result));
        assertEquals(2, result.size());
    }

    @Test
    void exceptionsAndCancellationsComeThroughTheirFutures() throws Exception {
        Future<String> failing = loop.createFuture();
        Future<String> cancelled = loop.createFuture();
        IllegalStateException boom = new IllegalStateException("boom");
        run(() -> {
            Iterator<Future<String>> it = Asyncio.asCompleted(List.of(failing, cancelled)).iterator();
            failing.setException(boom);
            assertSame(boom, assertThrows(IllegalStateException.class, () -> await(it.next())));
            cancelled.cancel("gone");
            assertEquals("gone", assertThrows(CancelledError.class, () -> await(it.next())).getMessage());
            assertFalse(it.hasNext());
            assertThrows(NoSuchElementException.class, it::next);
            return null;
        });
    }

    @Test
    void aCancelledWaiterGivesItsTurnToTheNext() throws Exception {
        Future<String> a = loop.createFuture();
        Future<String> b = loop.createFuture();
        run(() -> {
            Iterator<Future<String>> it = Asyncio.asCompleted(List.of(a, b)).iterator();
            Task<String> first = loop.createTask(() -> await(it.next()));
            Task<String> second = loop.createTask(() -> await(it.next()));
            await(sleep(0));
            first.cancel();
            a.setResult("a");
            assertEquals("a", await(second), "the outcome is not lost with the cancelled waiter");
            assertThrows(CancelledError.class, () -> await(first));
            b.setResult("b");
            return null;
        });
    }

    @Test
    void noFuturesMeansNoIterations() throws Exception {
        run(() -> {
            assertFalse(Asyncio.<String>asCompleted(List.of(), 0.01).iterator().hasNext());
            return null;
        });
    }

    @Test
    void doneFuturesAreDeliveredWithoutWaiting() throws Exception {
        Future<Integer> f = loop.createFuture();
        f.setResult(7);
        run(() -> {
            Future<Integer> out = Asyncio.asCompleted(List.of(f)).iterator().next();
            await(sleep(0));
            assertEquals(7, await(out));
            return null;
        });
    }
    /**
     * asyncio 3.13+: awaiting a handed-out coroutine whose outcome is already queued returns without suspending
     * ({@code await self._done.get()} on a non-empty queue); one whose outcome is not in yet resumes one iteration
     * after its completion callback. The order below is asyncio 3.13's, printed by CPython for the same program.
     */
    @Test
    void anOutcomeAlreadyQueuedIsTakenWithoutSuspending() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            Future<String> f1 = loop.createFuture();
            Future<String> f2 = loop.createFuture();
            Future<String> f3 = loop.createFuture();
            Task<Void> ticker = loop.createTask(() -> {
                for (int i = 0; i < 8; i++) {
                    log.add("tick" + i);
                    await(sleep(0));
                }
                return null;
            });
            await(sleep(0));
            f1.setResult("a");
            f2.setResult("b");
            log.add("set");
            Iterable<Future<String>> it = Asyncio.asCompleted(List.of(f1, f2, f3));
            await(sleep(0)); // the completion callbacks run: both outcomes are queued
            log.add("iter");
            int i = 0;
            for (Future<String> f : it) {
                if (i++ == 2) {
                    loop.callSoon(() -> f3.setResult("c"));
                }
                log.add(await(f));
            }
            await(ticker);
            return null;
        });
        assertEquals(List.of("tick0", "set", "tick1", "iter", "a", "b", "tick2", "tick3", "tick4", "c", "tick5",
                "tick6", "tick7"), log);
    }
    private static void setIfPending(Future<String> f, String value) {
        if (!f.done()) {
            f.setResult(value);
        }
    }

    private Task<Void> logWhatItGets(List<String> log, String name, Future<String> outcome) {
        return loop.createTask(() -> {
            try {
                log.add(name + " got " + await(outcome));
            } catch (CancelledError e) {
                log.add(name + " cancelled");
            }
            return null;
        });
    }

    /**
     * asyncio's Queue.get: a task woken for an outcome takes it when it runs; cancelled before that, it leaves the
     * outcome for the next in line. The order is CPython 3.13's for the same program.
     */
    @Test
    void aTaskCancelledAfterItsOutcomeCameButBeforeItRanPassesTheOutcomeOn() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            Future<String> f1 = loop.createFuture();
            Future<String> f2 = loop.createFuture();
            Iterator<Future<String>> it = Asyncio.asCompleted(List.of(f1, f2)).iterator();
            Task<Void> t1 = logWhatItGets(log, "w1", it.next());
            Task<Void> t2 = logWhatItGets(log, "w2", it.next());
            await(sleep(0));
            f1.setResult("a");
            await(sleep(0));
            t1.cancel();
            await(sleep(0));
            await(sleep(0));
            log.add("t2 done=" + t2.done());
            f2.setResult("b");
            await(Asyncio.waitFor(Asyncio.gather(true, t1, t2), 5)); // bounded: a lost outcome must fail, not hang
            return null;
        });
        assertEquals(List.of("w1 cancelled", "w2 got a", "t2 done=true"), log);
    }

    /** asyncio's Queue.get: one awaited while a woken task has not run yet takes the outcome first (CPython 3.13). */
    @Test
    void aFutureAwaitedBeforeAWokenTaskRanTakesTheOutcomeFirst() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            Future<String> f1 = loop.createFuture();
            Future<String> f2 = loop.createFuture();
            Iterator<Future<String>> it = Asyncio.asCompleted(List.of(f1, f2)).iterator();
            Task<Void> t1 = logWhatItGets(log, "w1", it.next());
            await(sleep(0));
            f1.setResult("a");
            await(sleep(0));
            loop.callLater(5, () -> setIfPending(f2, "b")); // bounded: a wrong order must fail, not hang
            log.add("main got " + await(it.next()));
            setIfPending(f2, "b");
            await(Asyncio.waitFor(t1, 5));
            return null;
        });
        assertEquals(List.of("main got a", "w1 got b"), log);
    }
}
