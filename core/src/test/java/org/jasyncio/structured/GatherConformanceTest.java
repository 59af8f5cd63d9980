package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** gather as test_tasks.py's FutureGatherTests and CoroutineGatherTests check it, where tasks/SleepAndGatherTest does not. */
@Tag("coroutines")
class GatherConformanceTest extends StructuredFixture {

    @Test
    void theOuterIsDoneOnceAllAreAndItsCallbackRunsOnce() throws Exception {
        // _check_success, with and without return_exceptions
        for (boolean returnExceptions : new boolean[] {false, true}) {
            Future<Integer> a = loop.createFuture();
            Future<Integer> b = loop.createFuture();
            Future<Integer> c = loop.createFuture();
            Future<List<Object>> fut = Asyncio.gather(returnExceptions, a, b, c);
            List<Future<List<Object>>> calls = new ArrayList<>();
            fut.addDoneCallback(calls::add);
            b.setResult(1);
            a.setResult(2);
            run(() -> await(sleep(0)));
            assertEquals(List.of(), calls);
            assertFalse(fut.done());
            c.setResult(3);
            run(() -> await(sleep(0)));
            assertEquals(List.of(fut), calls);
            assertEquals(List.of(2, 1, 3), fut.result());
        }
    }

    @Test
    void theFirstExceptionFailsTheOuterAndLaterOutcomesChangeNothing() throws Exception {
        // test_one_exception
        Future<Integer> a = loop.createFuture();
        Future<Integer> b = loop.createFuture();
        Future<Integer> c = loop.createFuture();
        Future<Integer> d = loop.createFuture();
        Future<Integer> e = loop.createFuture();
        Future<List<Object>> fut = Asyncio.gather(a, b, c, d, e);
        AtomicInteger calls = new AtomicInteger();
        fut.addDoneCallback(f -> calls.incrementAndGet());
        ArithmeticException exc = new ArithmeticException();
        a.setResult(1);
        b.setException(exc);
        run(() -> await(sleep(0)));
        assertTrue(fut.done());
        assertEquals(1, calls.get());
        assertSame(exc, fut.exception());
        c.setResult(3);
        d.cancel();
        e.setException(new IllegalStateException());
        run(() -> await(sleep(0)));
        assertEquals(1, calls.get());
        assertSame(exc, fut.exception());
    }

    @Test
    void aCancelledChildWithReturnExceptionsTakesItsPlaceAsACancelledError() throws Exception {
        // test_result_exception_one_cancellation
        List<Future<Integer>> fs = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fs.add(loop.createFuture());
        }
        Future<List<Object>> fut = Asyncio.gather(true, fs.toArray(new Future<?>[0]));
        fs.get(0).setResult(1);
        ArithmeticException zde = new ArithmeticException();
        fs.get(1).setException(zde);
        fs.get(2).cancel();
        run(() -> await(sleep(0)));
        assertFalse(fut.done());
        fs.get(3).setResult(3);
        fs.get(4).cancel();
        IllegalStateException rte = new IllegalStateException();
        fs.get(5).setException(rte);
        List<Object> res = loop.runUntilComplete(fut);
        assertEquals(1, res.get(0));
        assertSame(zde, res.get(1));
        assertInstanceOf(CancelledError.class, res.get(2));
        assertEquals(3, res.get(3));
        assertInstanceOf(CancelledError.class, res.get(4));
        assertSame(rte, res.get(5));
    }

    @Test
    void anEmptyGatherWithNoLoopAtAllFails() {
        // test_constructor_empty_sequence_without_loop
        Asyncio.setEventLoop(null);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.gather());
        assertTrue(e.getMessage().contains("no current event loop"), e.getMessage());
    }

    @Test
    void anEmptyGatherOutsideTheLoopUsesTheCurrentOne() throws Exception {
        // test_constructor_empty_sequence_use_global_loop
        Future<List<Object>> fut = Asyncio.gather();
        assertSame(loop, fut.getLoop());
        assertEquals(List.of(), loop.runUntilComplete(fut));
    }

    @Test
    void theGatherBelongsToItsChildrensLoop() throws Exception {
        // test_constructor_homogenous_futures
        EventLoop other = Asyncio.newEventLoop();
        try {
            List<Future<Integer>> children = List.of(other.createFuture(), other.createFuture(), other.createFuture());
            Future<List<Object>> fut = Asyncio.gather(children.toArray(new Future<?>[0]));
            assertSame(other, fut.getLoop());
            assertFalse(fut.done());
            for (Future<Integer> c : children) {
                c.setResult(0);
            }
            assertEquals(List.of(0, 0, 0), other.runUntilComplete(fut));
        } finally {
            other.close();
        }
    }

    @Test
    void cancellingTheTaskAwaitingAGatherCancelsEveryChildAndTheirWaiter() throws Exception {
        // test_cancellation_broadcast
        AtomicInteger proof = new AtomicInteger();
        Future<Void> waiter = loop.createFuture();
        Task<Void> child1 = loop.createTask(() -> {
            await(waiter);
            proof.incrementAndGet();
            return null;
        });
        Task<Void> child2 = loop.createTask(() -> {
            await(waiter);
            proof.incrementAndGet();
            return null;
        });
        List<Future<List<Object>>> gatherer = new ArrayList<>();
        Task<Void> f = loop.createTask(() -> {
            gatherer.add(Asyncio.gather(child1, child2));
            await(gatherer.get(0));
            proof.addAndGet(100);
            return null;
        });
        run(() -> await(sleep(0)));
        assertTrue(f.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        assertFalse(gatherer.get(0).cancel());
        assertTrue(waiter.cancelled());
        assertTrue(child1.cancelled());
        assertTrue(child2.cancelled());
        run(() -> await(sleep(0)));
        assertEquals(0, proof.get());
    }
}
