package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Handle;
import org.jasyncio.harness.ExpectLoopReports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Debug mode: thread checks, slow callbacks, creation sites, and reports of forgotten objects. */
class DebugModeTest {
    private EventLoop loop;
    private LogCapture log;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        log = new LogCapture();
    }

    @AfterEach
    void tearDown() {
        log.close();
        loop.close();
    }

    private void runOnce() {
        loop.stop();
        loop.runForever();
    }

    private static int lineOfCaller() {
        return new Throwable().getStackTrace()[1].getLineNumber();
    }

    @Test
    void theSystemPropertyIsReadWhenALoopIsMade() {
        assumeTrue(System.getenv("JASYNCIO_DEBUG") == null || System.getenv("JASYNCIO_DEBUG").isEmpty());
        String before = System.getProperty("jasyncio.debug");
        try {
            System.setProperty("jasyncio.debug", "true");
            EventLoop debugLoop = Asyncio.newEventLoop();
            System.clearProperty("jasyncio.debug");
            EventLoop plainLoop = Asyncio.newEventLoop();
            try {
                assertTrue(debugLoop.getDebug());
                assertFalse(plainLoop.getDebug());
            } finally {
                debugLoop.close();
                plainLoop.close();
            }
        } finally {
            if (before != null) {
                System.setProperty("jasyncio.debug", before);
            }
        }
    }

    @Test
    void setDebugTogglesDebugMode() {
        loop.setDebug(true);
        assertTrue(loop.getDebug());
        loop.setDebug(false);
        assertFalse(loop.getDebug());
    }

    @Test
    void slowCallbackDurationDefaultsToATenthOfASecond() {
        assertEquals(0.1, loop.getSlowCallbackDuration());
        loop.setSlowCallbackDuration(0.5);
        assertEquals(0.5, loop.getSlowCallbackDuration());
        assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(-1));
        assertThrows(IllegalArgumentException.class, () -> loop.setSlowCallbackDuration(Double.NaN));
    }

    private static Runnable sleeper(String name, long millis) {
        return new Runnable() {
            @Override
            public void run() {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    throw new RuntimeException(e);
                }
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void aSlowCallbackIsLoggedInDebugMode() {
        loop.setDebug(true);
        // Generous margins: on a loaded machine even a "fast" callback can take tens of milliseconds.
        loop.setSlowCallbackDuration(0.25);
        loop.callSoon(sleeper("slow()", 500));
        loop.callSoon(sleeper("fast()", 0));
        runOnce();
        List<LogCapture.Entry> slow = log.matching(m -> m.startsWith("Executing "));
        assertEquals(1, slow.size(), String.valueOf(log.records()));
        assertEquals(Level.WARNING, slow.get(0).level());
        assertTrue(slow.get(0).message().matches("Executing <Handle slow\\(\\) created at DebugModeTest\\.java:\\d+> took "
                + "\\d+\\.\\d{3} seconds"), slow.get(0).message());
    }

    @Test
    void aSlowTaskStepIsLoggedWithTheTask() throws Exception {
        loop.setDebug(true);
        loop.setSlowCallbackDuration(0.25);
        loop.runUntilComplete(() -> {
            Thread.sleep(500);
            return null;
        });
        List<LogCapture.Entry> slow = log.matching(m -> m.startsWith("Executing "));
        assertEquals(1, slow.size(), String.valueOf(log.records()));
        assertTrue(slow.get(0).message().startsWith("Executing <Task "), slow.get(0).message());
    }

    @Test
    void slowCallbacksAreNotTimedOutsideDebugMode() {
        loop.setDebug(false);
        loop.setSlowCallbackDuration(0.001);
        loop.callSoon(sleeper("slow()", 20));
        runOnce();
        assertEquals(List.of(), log.matching(m -> m.startsWith("Executing ")));
    }

    @Test
    void nonThreadSafeCallsFromAnotherThreadFailInDebugMode() throws Exception {
        loop.setDebug(true);
        Future<List<String>> f = loop.createFuture();
        loop.callSoon(() -> {
            CompletableFuture<List<String>> errors = new CompletableFuture<>();
            Thread.ofPlatform().start(() -> {
                List<String> messages = new ArrayList<>();
                for (Runnable call : List.<Runnable>of(() -> loop.callSoon(() -> { }), () -> loop.callLater(1, () -> { }),
                        () -> loop.callAt(1, () -> { }))) {
                    try {
                        call.run();
                        messages.add("allowed");
                    } catch (IllegalStateException e) {
                        messages.add(e.getMessage());
                    }
                }
                errors.complete(messages);
            });
            f.setResult(errors.join());
        });
        String expected = "Non-thread-safe operation invoked on an event loop other than the current one";
        assertEquals(List.of(expected, expected, expected), loop.runUntilComplete(f));
    }

    @Test
    void nonThreadSafeCallsFromAnotherThreadAreFineWhileTheLoopIsNotRunning() throws Exception {
        loop.setDebug(true);
        List<String> log2 = new ArrayList<>();
        Thread t = Thread.ofPlatform().start(() -> loop.callSoon(() -> log2.add("from a thread before running")));
        t.join();
        runOnce();
        assertEquals(List.of("from a thread before running"), log2);
    }

    @Test
    void handlesRecordWhereTheyWereMadeInDebugMode() {
        loop.setDebug(true);
        Handle h = loop.callSoon(() -> { }); int line = lineOfCaller();
        assertTrue(h.toString().endsWith(" created at DebugModeTest.java:" + line + ">"), h.toString());
        loop.setDebug(false);
        Handle plain = loop.callSoon(() -> { });
        assertFalse(plain.toString().contains("created at"), plain.toString());
    }

    @Test
    void everySchedulingCallRecordsTheCallersLine() throws Exception {
        loop.setDebug(true);
        List<String> reprs = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        reprs.add(loop.callSoon(() -> { }, null).toString()); lines.add(lineOfCaller());
        reprs.add(loop.callSoonThreadsafe(() -> { }).toString()); lines.add(lineOfCaller());
        reprs.add(loop.callLater(1, () -> { }).toString()); lines.add(lineOfCaller());
        reprs.add(loop.callAt(1, () -> { }, null).toString()); lines.add(lineOfCaller());
        reprs.add(loop.createFuture().toString()); lines.add(lineOfCaller());
        for (int i = 0; i < reprs.size(); i++) {
            assertTrue(reprs.get(i).endsWith(" created at DebugModeTest.java:" + lines.get(i) + ">"), reprs.get(i));
        }
    }

    @Test
    void aCancelledHandleKeepsItsDescriptionInDebugMode() {
        loop.setDebug(true);
        Handle h = loop.callSoon(new Runnable() {
            @Override
            public void run() {
            }

            @Override
            public String toString() {
                return "described()";
            }
        });
        h.cancel();
        assertTrue(h.toString().startsWith("<Handle cancelled described() created at DebugModeTest.java:"), h.toString());
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void reportsOfDebugCallbacksCarryTheirCreationStack() {
        loop.setDebug(true);
        loop.callSoon(() -> {
            throw new RuntimeException("boom");
        });
        runOnce();
        String message = log.records().get(0).message();
        assertTrue(message.contains("\nsource_traceback: Object created at (most recent call last):\n"), message);
        assertTrue(message.contains("DebugModeTest.reportsOfDebugCallbacksCarryTheirCreationStack(DebugModeTest.java:"),
                message);
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void reportsMadeWhileADebugCallbackRunsCarryItsStack() {
        loop.setDebug(true);
        loop.callSoon(() -> loop.callExceptionHandler(Map.of("message", "reported from a callback")));
        runOnce();
        String message = log.records().get(0).message();
        assertTrue(message.startsWith("reported from a callback\nhandle_traceback: Handle created at (most recent call last):"),
                message);
    }

    @Test
    void closingADebugLoopIsLogged() {
        loop.setDebug(true);
        loop.close();
        List<LogCapture.Entry> closes = log.matching(m -> m.startsWith("Close <SelectorEventLoop"));
        assertEquals(1, closes.size());
        assertEquals(Level.DEBUG, closes.get(0).level());
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void aFutureExceptionNeverRetrievedIsReported() throws Exception {
        List<Map<String, Object>> reports = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        dropFailedFutures();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(20);
            runOnce(); // the report reaches the handler on the loop's thread
        }
        assertFalse(reports.isEmpty(), "the collected future was never reported");
        Thread.sleep(100);
        System.gc();
        Thread.sleep(100);
        runOnce();
        for (Map<String, Object> ctx : reports) {
            assertEquals("Future exception was never retrieved", ctx.get("message"));
            assertEquals("forgotten", ((Throwable) ctx.get("exception")).getMessage(), "only the unretrieved one");
            assertTrue(String.valueOf(ctx.get("future")).startsWith("<Future finished exception="), ctx.toString());
        }
    }

    private void dropFailedFutures() {
        Future<Void> forgotten = loop.createFuture();
        forgotten.setException(new IllegalStateException("forgotten"));
        Future<Void> retrieved = loop.createFuture();
        retrieved.setException(new IllegalStateException("retrieved"));
        assertNotNull(retrieved.exception());
        Future<Void> cancelled = loop.createFuture();
        cancelled.cancel();
        Future<Void> cancelledTooLate = loop.createFuture();
        cancelledTooLate.setException(new IllegalStateException("cancel() after the exception silences it"));
        assertFalse(cancelledTooLate.cancel());
    }

    @Test
    void anUnclosedLoopIsReported() throws Exception {
        makeAndDropALoop();
        LogCapture.Entry r = log.await(m -> m.startsWith("unclosed event loop <SelectorEventLoop"), 20);
        assertNotNull(r, "the dropped loop was never reported");
        assertEquals(Level.WARNING, r.level());
    }

    private static void makeAndDropALoop() {
        EventLoop dropped = Asyncio.newEventLoop();
        dropped.callSoon(() -> { });
    }
}
