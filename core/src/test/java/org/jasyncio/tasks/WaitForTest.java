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
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Asyncio.waitFor (test_waitfor.py). */
@Tag("coroutines")
class WaitForTest extends LoopFixture {

    @Test
    void timeoutCancelsTheInnerAndFailsAfterItFinishedCancelling() throws Exception {
        List<String> log = new ArrayList<>();
        Task<String> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
                return "slept";
            } catch (CancelledError e) {
                log.add("inner cancelled");
                await(Asyncio.sleep(0.02)); // cleanup that takes a while
                log.add("inner cleaned up");
                throw e;
            }
        });
        TimeoutException e = assertThrows(TimeoutException.class, () -> loop.runUntilComplete(() -> {
            try {
                return await(Asyncio.waitFor(inner, 0.02));
            } catch (TimeoutException t) {
                log.add("timeout seen");
                throw t;
            }
        }));
        assertEquals(List.of("inner cancelled", "inner cleaned up", "timeout seen"), log);
        assertTrue(inner.cancelled());
        assertInstanceOf(CancelledError.class, e.getCause());
    }

    @Test
    void aResultBeforeTheTimeoutIsReturned() throws Exception {
        Task<Integer> inner = loop.createTask(() -> {
            await(Asyncio.sleep(0.01));
            return 5;
        });
        assertEquals(5, loop.runUntilComplete(Asyncio.waitFor(inner, 10)));
        assertFalse(inner.cancelled());
    }

    @Test
    void anExceptionBeforeTheTimeoutIsRethrown() throws Exception {
        IOException boom = new IOException("boom");
        Task<Integer> inner = loop.createTask(() -> {
            throw boom;
        });
        assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(Asyncio.waitFor(inner, 10))));
    }

    @Test
    void timeoutZeroOnAPendingFutureTimesOutAndOnADoneOneReturnsItsResult() throws Exception {
        Future<Integer> pending = loop.createFuture();
        Future<Integer> w = Asyncio.waitFor(pending, 0);
        assertTrue(pending.cancelled(), "timeout 0 cancels at once");
        assertThrows(TimeoutException.class, () -> loop.runUntilComplete(w));
        Future<Integer> done = loop.createFuture();
        done.setResult(3);
        assertEquals(3, loop.runUntilComplete(Asyncio.waitFor(done, 0)));
    }

    @Test
    void anInnerThatSwallowsTheTimeoutCancellationWins() throws Exception {
        Task<String> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
                return "slept";
            } catch (CancelledError e) {
                return "swallowed";
            }
        });
        assertEquals("swallowed", loop.runUntilComplete(Asyncio.waitFor(inner, 0.01)));
    }

    @Test
    void cancellingTheOuterCancelsTheInnerAndWaitsForIt() throws Exception {
        List<String> log = new ArrayList<>();
        Task<Void> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                await(Asyncio.sleep(0.01));
                log.add("inner done cancelling");
                throw e;
            }
            return null;
        });
        Task<Void> outer = loop.createTask(() -> {
            try {
                await(Asyncio.waitFor(inner, 10));
            } catch (CancelledError e) {
                log.add("outer cancelled: " + e.getMessage());
                throw e;
            }
            return null;
        });
        loop.callLater(0.01, () -> outer.cancel("stop"));
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(outer));
        assertEquals(List.of("inner done cancelling", "outer cancelled: stop"), log);
        assertTrue(inner.cancelled());
    }

    @Test
    void theOuterIsCancelledEvenWhenTheInnerSwallowsEveryCancellation() throws Exception {
        Task<Integer> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(0.3));
            } catch (CancelledError first) {
                try {
                    await(Asyncio.sleep(0.3));
                } catch (CancelledError second) {
                    await(Asyncio.sleep(0.05));
                }
            }
            return 42;
        });
        Task<Integer> waiting = loop.createTask(() -> await(Asyncio.waitFor(inner, 0.05)));
        loop.callLater(0.1, waiting::cancel);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(waiting));
        assertTrue(inner.done(), "the wait ended only once the inner had finished");
        assertEquals(42, inner.result());
    }

    @Test
    void cancellingTheOuterAfterTheTimeoutExpiredGivesCancelledErrorNotTimeout() throws Exception {
        Task<Void> inner = loop.createTask(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                await(Asyncio.sleep(0.03));
                throw e;
            }
            return null;
        });
        Future<Void> w = Asyncio.waitFor(inner, 0.01);
        loop.callLater(0.02, () -> w.cancel("user"));
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(w));
    }

    @Test
    void infiniteTimeoutNeverTimesOutAndNaNIsRefused() throws Exception {
        Task<Integer> inner = loop.createTask(() -> {
            await(Asyncio.sleep(0.01));
            return 1;
        });
        assertEquals(1, loop.runUntilComplete(Asyncio.waitFor(inner, Double.POSITIVE_INFINITY)));
        assertThrows(IllegalArgumentException.class, () -> Asyncio.waitFor(inner, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> Asyncio.waitFor(null, 1));
    }

    @Test
    void aPlainFutureTimesOutToo() throws Exception {
        Future<String> never = loop.createFuture();
        assertThrows(TimeoutException.class, () -> loop.runUntilComplete(Asyncio.waitFor(never, 0.01)));
        assertTrue(never.cancelled());
    }

    @Test
    void anInnerCancelledByItselfIsCancelledErrorNotTimeout() throws Exception {
        Future<String> f = loop.createFuture();
        Future<String> w = Asyncio.waitFor(f, 10);
        loop.callSoon(() -> f.cancel("own"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(w));
        assertEquals("own", e.getMessage());
    }
}
