package org.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Rows of docs/API.md checked against what asyncio 3.14 does, where no closer test class already pins them: the
 * order of a loop's argument checks, the task cancellation counter, and the transport calls asyncio makes no-ops.
 */
@Tag("coroutines")
class LowLevelContractTest {
    private EventLoop loop;
    private final List<Object> errors = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler((l, ctx) -> errors.add(ctx.get("message")));
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    @Test
    void aClosedLoopSaysSoBeforeLookingAtTheCallback() {
        loop.close();
        // asyncio's call_soon, call_at and run_in_executor check for a closed loop first
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> loop.callSoon(null)).getMessage());
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> loop.callLater(1, null)).getMessage());
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> loop.callAt(1, null)).getMessage());
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> loop.callSoonThreadsafe(null)).getMessage());
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> loop.runInExecutor(null, null)).getMessage());
        assertEquals("Event loop is closed",
                assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> 1)).getMessage());
        assertEquals("Event loop is closed", assertThrows(IllegalStateException.class, loop::runForever).getMessage());
    }

    @Test
    void runInExecutorNamesItselfForANullCallable() {
        assertEquals("a callable object was expected by run_in_executor(), got null",
                assertThrows(IllegalArgumentException.class, () -> loop.runInExecutor(null, null)).getMessage());
    }

    @Test
    void everyCancelIsCountedAndUncancelCountsDownToZero() throws Exception {
        Future<Void> never = loop.createFuture();
        Task<Void> t = loop.createTask(() -> Asyncio.await(never));
        loop.runUntilComplete(() -> Asyncio.await(Asyncio.sleep(0)));
        assertEquals(0, t.cancelling());
        assertTrue(t.cancel("first"));
        assertTrue(t.cancel("second"), "a pending task accepts every cancel");
        assertEquals(2, t.cancelling());
        assertEquals(1, t.uncancel());
        assertEquals(0, t.uncancel());
        assertEquals(0, t.uncancel(), "uncancel stops at zero");
        // the waiter was already cancelled with the first message: that is the one the task ends with
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals("first", e.getMessage());
        assertTrue(t.cancelled());
        assertFalse(t.cancel("late"), "a done task refuses cancel");
        // as in asyncio, the task's own CancelledError went to the first caller; later ones get a fresh one
        assertThrows(CancelledError.class, t::result);
    }

    @Test
    void aDoneCallbackOnADoneFutureIsScheduledNotCalled() throws Exception {
        Future<Integer> f = loop.createFuture();
        f.setResult(1);
        List<Future<Integer>> seen = new ArrayList<>();
        f.addDoneCallback(seen::add);
        assertTrue(seen.isEmpty(), "never inline");
        loop.runUntilComplete(() -> Asyncio.await(Asyncio.sleep(0)));
        assertEquals(List.of(f), seen);
    }

    @Test
    void removeDoneCallbackCountsEveryCopy() {
        Future<Integer> f = loop.createFuture();
        java.util.function.Consumer<Future<Integer>> cb = x -> { };
        f.addDoneCallback(cb);
        f.addDoneCallback(cb);
        f.addDoneCallback(x -> { });
        assertEquals(2, f.removeDoneCallback(cb));
        assertEquals(0, f.removeDoneCallback(cb));
    }

    @Test
    void callAtKeepsItsTimeAndCallLaterAddsToNow() {
        TimerHandle at = loop.callAt(1234.5, () -> { });
        assertEquals(1234.5, at.when());
        double before = loop.time();
        TimerHandle later = loop.callLater(10, () -> { });
        assertTrue(later.when() >= before + 10 && later.when() <= loop.time() + 10, String.valueOf(later.when()));
        later.cancel();
        assertTrue(later.cancelled());
        later.cancel(); // cancelling twice is fine
        at.cancel();
    }

    @Test
    void removingAReaderOrWriterThatIsNotThereSaysFalse() throws Exception {
        Pipe p = Pipe.open();
        try {
            p.source().configureBlocking(false);
            p.sink().configureBlocking(false);
            assertFalse(loop.removeReader(p.source()));
            assertFalse(loop.removeWriter(p.sink()));
            loop.addReader(p.source(), () -> { });
            assertTrue(loop.removeReader(p.source()));
            assertFalse(loop.removeReader(p.source()));
        } finally {
            p.source().close();
            p.sink().close();
        }
    }

    @Test
    void aTcpTransportsRepeatedCallsAreNoOps() throws Exception {
        Server server = loop.runUntilComplete(loop.createServer(() -> new Protocol() { }, "127.0.0.1", 0));
        int port = ((java.net.InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        List<String> events = new ArrayList<>();
        Connection<Transport, Protocol> c = loop.runUntilComplete(loop.createConnection(() -> new Protocol() {
            @Override
            public void connectionLost(Throwable exc) {
                events.add("lost " + exc);
            }
        }, "127.0.0.1", port));
        Transport t = c.transport();
        assertNull(t.getExtraInfo("no such key"));
        assertEquals("fallback", t.getExtraInfo("no such key", "fallback"));
        t.pauseReading();
        t.pauseReading();
        assertFalse(t.isReading());
        t.resumeReading();
        t.resumeReading();
        assertTrue(t.isReading());
        assertTrue(t.canWriteEof());
        t.writeEof();
        t.writeEof(); // asyncio: a second write_eof does nothing
        assertEquals("Cannot call write() after write_eof()",
                assertThrows(IllegalStateException.class, () -> t.write(new byte[] {1})).getMessage());
        t.close();
        t.close();
        assertTrue(t.isClosing());
        assertFalse(t.isReading(), "a closing transport is not reading");
        t.resumeReading(); // no-op on a closing transport
        loop.runUntilComplete(() -> Asyncio.await(Asyncio.sleep(0.05)));
        assertEquals(List.of("lost null"), events, "connectionLost exactly once");
        server.close();
        loop.runUntilComplete(server.waitClosed());
        assertSame(loop, server.getLoop());
        assertTrue(errors.isEmpty(), errors.toString());
    }
}
