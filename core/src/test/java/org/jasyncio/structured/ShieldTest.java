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
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.harness.LoopReportGuard;
import org.jasyncio.internal.task.BaseFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Asyncio.shield as test_tasks.py checks it. */
@Tag("coroutines")
class ShieldTest extends StructuredFixture {

    @Test
    void theOuterTakesTheInnersResult() throws Exception {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Asyncio.shield(inner);
        run(() -> {
            inner.setResult(42);
            assertEquals(42, await(outer));
            return null;
        });
    }

    @Test
    void theOuterTakesTheInnersException() throws Exception {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Asyncio.shield(inner);
        IllegalStateException boom = new IllegalStateException("boom");
        inner.setException(boom);
        run(() -> await(sleep(0)));
        assertSame(boom, outer.exception());
    }

    @Test
    void cancellingTheInnerCancelsTheOuter() throws Exception {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Asyncio.shield(inner);
        inner.cancel();
        run(() -> await(sleep(0)));
        assertTrue(outer.cancelled());
    }

    @Test
    void cancellingTheOuterLeavesTheInnerAndDropsItsCallback() throws Exception {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Asyncio.shield(inner);
        assertEquals(1, ((BaseFuture<Integer>) inner).pendingCallbackCount());
        outer.cancel();
        run(() -> await(sleep(0)));
        assertTrue(outer.cancelled());
        assertFalse(inner.cancelled());
        assertEquals(0, ((BaseFuture<Integer>) outer).pendingCallbackCount());
        assertEquals(1, ((BaseFuture<Integer>) inner).pendingCallbackCount(), "only the report of a late failure");
        inner.cancel();
    }

    @Test
    void aDoneFutureIsReturnedAsIs() throws Exception {
        Future<Integer> f = loop.createFuture();
        f.setResult(42);
        assertSame(f, Asyncio.shield(f));
    }

    @Test
    void cancellingATaskAwaitingTheShieldDoesNotReachTheShieldedTask() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            Future<Void> gate = loop.createFuture();
            Task<String> inner = loop.createTask(() -> {
                await(gate);
                log.add("inner finished");
                return "inner";
            });
            Task<String> outer = loop.createTask(() -> {
                try {
                    return await(Asyncio.shield(inner));
                } catch (CancelledError e) {
                    log.add("outer cancelled");
                    throw e;
                }
            });
            await(sleep(0));
            outer.cancel();
            assertThrows(CancelledError.class, () -> await(outer));
            assertFalse(inner.done());
            gate.setResult(null);
            assertEquals("inner", await(inner));
            return null;
        });
        assertEquals(List.of("outer cancelled", "inner finished"), log);
    }

    @Test
    void anExceptionOfTheShieldedTaskAfterTheOuterWasCancelledIsReportedOnce() throws Exception {
        // test_shield_cancel_outer_exception: with the outer gone nobody sees the inner's exception, so asyncio 3.14
        // hands it to the exception handler
        LoopReportGuard.expect("exception in shielded future");
        IllegalStateException late = new IllegalStateException("late");
        Task<Void> inner = run(() -> {
            Future<Void> gate = loop.createFuture();
            Task<Void> t = loop.createTask(() -> {
                await(gate);
                throw late;
            });
            await(sleep(0)); // t waits for the gate
            Future<Void> outer = Asyncio.shield(t);
            outer.cancel();
            gate.setResult(null);
            await(sleep(0));
            await(sleep(0));
            await(sleep(0));
            assertTrue(t.done());
            return t;
        });
        List<java.util.Map<String, Object>> reports = takeReports();
        assertEquals(1, reports.size(), reports.toString());
        assertEquals("IllegalStateException exception in shielded future", reports.get(0).get("message"));
        assertSame(late, reports.get(0).get("exception"));
        assertSame(inner, reports.get(0).get("future"));
    }

    @Test
    void aResultOfTheShieldedFutureAfterTheOuterWasCancelledIsNotReported() throws Exception {
        // test_shield_cancel_outer_result
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Asyncio.shield(inner);
        run(() -> await(sleep(0)));
        outer.cancel();
        run(() -> await(sleep(0)));
        inner.setResult(1);
        run(() -> await(sleep(0)));
        assertEquals(List.of(), takeReports());
    }

    @Test
    void shieldingTwiceAndCancellingBothReportsTheLateExceptionOnce() throws Exception {
        // test_shield_duplicate_log_once
        LoopReportGuard.expect("exception in shielded future");
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer1 = Asyncio.shield(inner);
        run(() -> await(sleep(0)));
        outer1.cancel();
        run(() -> await(sleep(0)));
        Future<Integer> outer2 = Asyncio.shield(inner);
        run(() -> await(sleep(0)));
        outer2.cancel();
        run(() -> await(sleep(0)));
        IllegalArgumentException foo = new IllegalArgumentException("foo");
        inner.setException(foo);
        run(() -> await(sleep(0)));
        List<java.util.Map<String, Object>> reports = takeReports();
        assertEquals(1, reports.size(), reports.toString());
        assertSame(foo, reports.get(0).get("exception"));
    }

    @Test
    void shieldingAGatherAndGatheringShields() throws Exception {
        run(() -> {
            Future<Integer> a = loop.createFuture();
            Future<Integer> b = loop.createFuture();
            Future<List<Object>> inner = Asyncio.gather(a, b);
            Future<List<Object>> outer = Asyncio.shield(inner);
            outer.cancel();
            await(sleep(0));
            assertTrue(outer.cancelled());
            a.setResult(1);
            b.setResult(2);
            assertEquals(List.of(1, 2), await(inner));

            Future<Integer> c = loop.createFuture();
            Future<Integer> d = loop.createFuture();
            Future<Integer> c2 = Asyncio.shield(c);
            Future<Integer> d2 = Asyncio.shield(d);
            Future<List<Object>> gathered = Asyncio.gather(c2, d2);
            gathered.cancel();
            assertThrows(CancelledError.class, () -> await(gathered));
            assertTrue(c2.cancelled() && d2.cancelled());
            assertFalse(c.cancelled() || d.cancelled());
            c.setResult(1);
            d.setResult(2);
            return null;
        });
    }

    @Test
    void awaitingTheShieldRaisesTheInnersException() throws Exception {
        Future<Integer> inner = loop.createFuture();
        Future<Integer> outer = Asyncio.shield(inner);
        run(() -> {
            loop.callSoon(() -> inner.setException(new ArithmeticException("x")));
            assertInstanceOf(ArithmeticException.class, assertThrows(ArithmeticException.class, () -> await(outer)));
            return null;
        });
    }
}
