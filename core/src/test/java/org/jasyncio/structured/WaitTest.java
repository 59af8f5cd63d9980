package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.ReturnWhen;
import org.jasyncio.Task;
import org.jasyncio.Waited;
import org.jasyncio.internal.task.BaseFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Asyncio.wait as test_tasks.py checks it. */
@Tag("coroutines")
class WaitTest extends StructuredFixture {

    private Task<Void> sleeper(double seconds) {
        return loop.createTask(() -> await(sleep(seconds)));
    }

    private Task<Object> failAfter(double seconds) {
        return loop.createTask(() -> {
            await(sleep(seconds));
            throw new ArithmeticException("err");
        });
    }

    @Test
    void waitReturnsWhenAllAreDone() throws Exception {
        Task<Void> a = sleeper(0.01);
        Task<Void> b = sleeper(0.02);
        Waited w = run(() -> await(Asyncio.wait(List.of(b, a))));
        assertEquals(Set.of(a, b), w.done());
        assertEquals(Set.of(), w.pending());
        // a second wait on done futures returns at once with the same sets
        Waited again = run(() -> await(Asyncio.wait(List.of(b, a))));
        assertEquals(Set.of(a, b), again.done());
    }

    @Test
    void aFuturePassedTwiceCountsOnce() throws Exception {
        Task<String> c = loop.createTask(() -> await(sleep(0.01, "test")));
        Waited w = run(() -> await(Asyncio.wait(List.of(c, c, c))));
        assertEquals(Set.of(c), w.done());
        assertEquals("test", c.result());
    }

    @Test
    void badArgumentsAreRefused() throws Exception {
        run(() -> {
            assertEquals("Set of Tasks/Futures is empty.",
                    assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.of())).getMessage());
            Future<Void> f = loop.createFuture();
            assertEquals("Invalid return_when value: null", assertThrows(IllegalArgumentException.class,
                    () -> Asyncio.wait(List.of(f), 1.0, null)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> Asyncio.wait(List.of(f), Double.NaN, ReturnWhen.ALL_COMPLETED));
            f.cancel();
            return null;
        });
        assertEquals("no running event loop",
                assertThrows(IllegalStateException.class, () -> Asyncio.wait(List.of(loop.createFuture()))).getMessage());
    }

    @Test
    void firstCompletedReturnsTheFirstAndLeavesTheOthersRunning() throws Exception {
        Task<Void> a = sleeper(10);
        Task<Void> b = sleeper(0.01);
        Waited w = run(() -> await(Asyncio.wait(List.of(b, a), Double.POSITIVE_INFINITY, ReturnWhen.FIRST_COMPLETED)));
        assertEquals(Set.of(b), w.done());
        assertEquals(Set.of(a), w.pending());
        assertFalse(a.done());
        assertTrue(b.done());
        a.cancel();
        run(() -> await(Asyncio.wait(List.of(a))));
    }

    @Test
    void theSetsAreTakenWhenTheWaitingTaskResumes() throws Exception {
        // b finishes after the wake-up was decided but before the waiting task runs again (test_wait_really_done)
        Task<Void> a = loop.createTask(() -> await(sleep(0)));
        Task<Void> b = loop.createTask(() -> {
            await(sleep(0));
            return await(sleep(0));
        });
        Waited w = run(() -> await(Asyncio.wait(List.of(b, a), Double.POSITIVE_INFINITY, ReturnWhen.FIRST_COMPLETED)));
        assertEquals(Set.of(a, b), w.done());
    }

    @Test
    void firstExceptionReturnsAtOnceWhenAFutureAlreadyFailed() throws Exception {
        Task<Void> a = sleeper(10);
        Task<Object> b = loop.createTask(() -> {
            throw new ArithmeticException("err");
        });
        double t0 = loop.time();
        Waited w = run(() -> await(Asyncio.wait(List.of(b, a), Double.POSITIVE_INFINITY, ReturnWhen.FIRST_EXCEPTION)));
        assertEquals(Set.of(b), w.done());
        assertEquals(Set.of(a), w.pending());
        assertTrue(loop.time() - t0 < 5);
        a.cancel();
        run(() -> await(Asyncio.wait(List.of(a))));
    }

    @Test
    void firstExceptionReturnsWhenAFutureFailsWhileWaiting() throws Exception {
        Task<Void> a = sleeper(10);
        Task<Object> b = failAfter(0.01);
        Waited w = run(() -> await(Asyncio.wait(List.of(b, a), Double.POSITIVE_INFINITY, ReturnWhen.FIRST_EXCEPTION)));
        assertEquals(Set.of(b), w.done());
        assertEquals(Set.of(a), w.pending());
        a.cancel();
        run(() -> await(Asyncio.wait(List.of(a))));
    }

    @Test
    void firstExceptionIgnoresCancellationsAndResultsAndWaitsForAll() throws Exception {
        Task<Void> a = sleeper(0.01);
        Task<Void> c = sleeper(10);
        Task<Void> b = sleeper(0.02);
        loop.callSoon(() -> c.cancel());
        Waited w = run(() -> await(Asyncio.wait(List.of(a, b, c), Double.POSITIVE_INFINITY, ReturnWhen.FIRST_EXCEPTION)));
        assertEquals(Set.of(a, b, c), w.done());
        assertTrue(c.cancelled());
    }

    @Test
    void allCompletedKeepsExceptionsInsideTheDoneFutures() throws Exception {
        Task<Void> a = sleeper(0.01);
        Task<Object> b = failAfter(0.02);
        run(() -> {
            Waited w = await(Asyncio.wait(List.of(b, a)));
            assertEquals(2, w.done().size());
            assertEquals(Set.of(), w.pending());
            assertEquals(1, w.done().stream().filter(f -> f.exception() != null).count());
            return null;
        });
    }

    @Test
    void aTimeoutReturnsThePendingOnesWithoutAnException() throws Exception {
        Task<Void> a = sleeper(0.01);
        Task<Void> b = sleeper(10);
        Waited w = run(() -> await(Asyncio.wait(List.of(b, a), 0.05, ReturnWhen.ALL_COMPLETED)));
        assertEquals(Set.of(a), w.done());
        assertEquals(Set.of(b), w.pending());
        assertFalse(b.cancelled(), "wait never cancels what it waits for");
        Waited d = run(() -> await(Asyncio.wait(List.of(b), Duration.ofMillis(10), ReturnWhen.ALL_COMPLETED)));
        assertEquals(Set.of(b), d.pending());
        b.cancel();
        run(() -> await(Asyncio.wait(List.of(b))));
    }

    @Test
    void aTimeoutOfZeroReturnsAtTheNextIteration() throws Exception {
        Future<Void> f = loop.createFuture();
        Waited w = run(() -> await(Asyncio.wait(List.of(f), 0, ReturnWhen.ALL_COMPLETED)));
        assertEquals(Set.of(f), w.pending());
        f.cancel();
    }

    @Test
    void cancellingTheWaitingTaskLeavesTheFuturesAloneAndUnsubscribes() throws Exception {
        Future<Integer> f = loop.createFuture();
        run(() -> {
            Task<Waited> waiter = loop.createTask(() -> await(Asyncio.wait(List.of(f))));
            await(sleep(0));
            assertEquals(1, ((BaseFuture<Integer>) f).pendingCallbackCount());
            waiter.cancel();
            assertThrows(CancelledError.class, () -> await(waiter));
            assertFalse(f.done());
            assertEquals(0, ((BaseFuture<Integer>) f).pendingCallbackCount(), "its done callback is removed");
            return null;
        });
        f.cancel();
    }

    @Test
    void theResultIsTheSameRecordEachTime() throws Exception {
        Future<Integer> f = loop.createFuture();
        f.setResult(1);
        run(() -> {
            Future<Waited> w = Asyncio.wait(List.of(f));
            Waited first = await(w);
            assertTrue(first == w.result());
            assertThrows(UnsupportedOperationException.class, () -> first.done().clear());
            return null;
        });
    }
}
