package org.jasyncio.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.InvalidStateError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The Future state machine (test_futures.py BaseFutureTests). */
@Tag("coroutines")
class FutureStateTest {
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setDebug(false);
        loop.setExceptionHandler((l, ctx) -> { }); // futures left failed are not the subject here
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void aNewFutureIsPending() {
        Future<Integer> f = loop.createFuture();
        assertFalse(f.done());
        assertFalse(f.cancelled());
        assertSame(loop, f.getLoop());
    }

    @Test
    void resultAndExceptionOfAPendingFutureFail() {
        Future<Integer> f = loop.createFuture();
        assertEquals("Result is not set.", assertThrows(InvalidStateError.class, f::result).getMessage());
        assertEquals("Exception is not set.", assertThrows(InvalidStateError.class, f::exception).getMessage());
    }

    @Test
    void setResultFinishesTheFuture() throws Exception {
        Future<Integer> f = loop.createFuture();
        f.setResult(42);
        assertTrue(f.done());
        assertFalse(f.cancelled());
        assertEquals(42, f.result());
        assertNull(f.exception());
        assertFalse(f.cancel(), "a done future cannot be cancelled");
        assertEquals(42, f.result());
    }

    @Test
    void aNullResultIsAResult() throws Exception {
        Future<Object> f = loop.createFuture();
        f.setResult(null);
        assertTrue(f.done());
        assertNull(f.result());
    }

    @Test
    void setResultTwiceFailsWithInvalidState() {
        Future<Integer> f = loop.createFuture();
        f.setResult(42);
        InvalidStateError e = assertThrows(InvalidStateError.class, () -> f.setResult(1));
        assertEquals("invalid state", e.getMessage());
        assertEquals("invalid state",
                assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException())).getMessage());
    }

    @Test
    void setExceptionFinishesTheFutureWithIt() {
        Future<Integer> f = loop.createFuture();
        IOException exc = new IOException("io");
        f.setException(exc);
        assertTrue(f.done());
        assertFalse(f.cancelled());
        assertSame(exc, f.exception());
        assertSame(exc, assertThrows(IOException.class, f::result), "a checked exception is rethrown as it is");
        assertFalse(f.cancel());
        assertThrows(InvalidStateError.class, () -> f.setResult(1));
        assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException()));
    }

    @Test
    void setExceptionNeedsAnException() {
        Future<Integer> f = loop.createFuture();
        assertThrows(IllegalArgumentException.class, () -> f.setException(null));
        assertFalse(f.done());
    }

    @Test
    void cancelCancelsOnce() {
        Future<Integer> f = loop.createFuture();
        assertTrue(f.cancel());
        assertTrue(f.cancelled());
        assertTrue(f.done());
        assertFalse(f.cancel());
        assertFalse(f.cancel("again"));
        assertThrows(CancelledError.class, f::result);
        assertThrows(CancelledError.class, f::exception);
        assertEquals("invalid state",
                assertThrows(InvalidStateError.class, () -> f.setResult(1)).getMessage());
        assertEquals("invalid state",
                assertThrows(InvalidStateError.class, () -> f.setException(new RuntimeException())).getMessage());
    }

    @Test
    void cancelWithAMessagePassesItOn() {
        Future<Integer> f = loop.createFuture();
        assertTrue(f.cancel("my message"));
        assertEquals("my message", assertThrows(CancelledError.class, f::result).getMessage());
        assertEquals("my message", assertThrows(CancelledError.class, f::exception).getMessage());
    }

    @Test
    void cancelWithoutAMessageHasNone() {
        Future<Integer> f = loop.createFuture();
        f.cancel();
        assertNull(assertThrows(CancelledError.class, f::result).getMessage());
    }

    @Test
    void eachRetrievalOfACancelledFutureMakesAFreshError() {
        Future<Integer> f = loop.createFuture();
        f.cancel("m");
        CancelledError first = assertThrows(CancelledError.class, f::result);
        CancelledError second = assertThrows(CancelledError.class, f::result);
        assertFalse(first == second);
    }

    @Test
    void theErrorTypesMapToJavasOwn() {
        assertTrue(CancellationException.class.isAssignableFrom(CancelledError.class));
        assertTrue(IllegalStateException.class.isAssignableFrom(InvalidStateError.class));
    }

    @Test
    void aCancelledFutureOutOfRunUntilComplete() {
        Future<Integer> f = loop.createFuture();
        loop.callSoon(f::cancel);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(f));
        assertTrue(f.cancelled());
    }

    @Test
    void uncheckedAndErrorExceptionsAreKeptAsTheyAre() {
        Future<Integer> f = loop.createFuture();
        StackOverflowError err = new StackOverflowError("deep");
        f.setException(err);
        assertSame(err, assertThrows(StackOverflowError.class, f::result));
    }
}
