package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionHandler;
import org.jasyncio.Handle;
import org.jasyncio.TimerHandle;
import org.jasyncio.harness.ExpectLoopReports;
import org.jasyncio.harness.LoopReportGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** callExceptionHandler, the default handler's report, and exceptions in callbacks. */
@ExpectLoopReports("every test here provokes reports and checks them")
class ExceptionHandlerTest {
    private EventLoop loop;
    private LogCapture log;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setDebug(false);
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

    private static Runnable named(String name, Runnable body) {
        return new Runnable() {
            @Override
            public void run() {
                body.run();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void anExceptionInACallbackReachesTheHandlerAndTheLoopGoesOn() {
        List<Map<String, Object>> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> {
            assertSame(loop, l);
            reports.add(ctx);
        });
        RuntimeException boom = new RuntimeException("boom");
        Handle h = loop.callSoon(named("failing()", () -> {
            throw boom;
        }));
        List<String> after = new ArrayList<>();
        loop.callSoon(() -> after.add("still running"));
        runOnce();
        assertEquals(List.of("still running"), after);
        assertEquals(1, reports.size());
        Map<String, Object> ctx = reports.get(0);
        assertEquals("Exception in callback failing()", ctx.get("message"));
        assertSame(boom, ctx.get("exception"));
        assertSame(h, ctx.get("handle"));
    }

    @Test
    void errorsAreReportedToo() {
        List<Object> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx.get("exception")));
        AssertionError error = new AssertionError("not an Exception");
        LoopReportGuard.expect(ctx -> ctx.get("exception") == error); // an assertion error thrown on purpose
        loop.callSoon(() -> {
            throw error;
        });
        runOnce();
        assertEquals(List.of(error), reports);
    }

    @Test
    void anExceptionInATimerReportsTheTimerHandle() throws Exception {
        List<Map<String, Object>> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        TimerHandle h = loop.callLater(0, () -> {
            throw new IllegalStateException("timer");
        });
        runOnce();
        assertSame(h, reports.get(0).get("handle"));
        assertTrue(((String) reports.get(0).get("message")).startsWith("Exception in callback "));
    }

    @Test
    void theDefaultHandlerLogsTheMessageThenSortedKeys() {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", "Something happened");
        ctx.put("zeta", 26);
        ctx.put("exception", new RuntimeException("cause"));
        ctx.put("alpha", "first");
        ctx.put("future", "<Future pending>");
        loop.callExceptionHandler(ctx);
        List<LogCapture.Entry> records = log.records();
        assertEquals(1, records.size());
        LogCapture.Entry r = records.get(0);
        assertEquals(Level.ERROR, r.level());
        assertEquals("org.jasyncio", r.logger());
        assertEquals("Something happened\nalpha: first\nfuture: <Future pending>\nzeta: 26", r.message());
        assertEquals("cause", r.thrown().getMessage());
    }

    @Test
    void withoutAMessageTheDefaultHandlerSaysUnhandledException() {
        loop.callExceptionHandler(Map.of("exception", new RuntimeException("x")));
        loop.callExceptionHandler(Map.of("message", "", "key", "v"));
        assertEquals(List.of("Unhandled exception in event loop", "Unhandled exception in event loop\nkey: v"),
                log.records().stream().map(LogCapture.Entry::message).toList());
        assertNull(log.records().get(1).thrown());
    }

    @Test
    void anExceptionInACallbackIsLoggedByDefault() {
        loop.callSoon(named("cb()", () -> {
            throw new IllegalArgumentException("bad");
        }));
        runOnce();
        LogCapture.Entry r = log.records().get(0);
        assertTrue(r.message().startsWith("Exception in callback cb()\nhandle: <Handle cb()>"), r.message());
        assertEquals("bad", r.thrown().getMessage());
    }

    @Test
    void aHandlerThatThrowsIsReportedAndTheLoopGoesOn() {
        RuntimeException handlerFailure = new RuntimeException("handler failed");
        loop.setExceptionHandler((l, ctx) -> {
            throw handlerFailure;
        });
        loop.callSoon(() -> {
            throw new IllegalStateException("original");
        });
        List<String> after = new ArrayList<>();
        loop.callSoon(() -> after.add("ran"));
        runOnce();
        assertEquals(List.of("ran"), after);
        LogCapture.Entry r = log.records().get(0);
        assertTrue(r.message().startsWith("Unhandled error in exception handler\ncontext: {message=Exception in callback"),
                r.message());
        assertSame(handlerFailure, r.thrown());
    }

    @Test
    void theHandlerIsSetGotAndResetWithNull() {
        assertNull(loop.getExceptionHandler());
        ExceptionHandler h = (l, ctx) -> { };
        loop.setExceptionHandler(h);
        assertSame(h, loop.getExceptionHandler());
        loop.setExceptionHandler(null);
        assertNull(loop.getExceptionHandler());
        loop.callExceptionHandler(Map.of("message", "back to the default"));
        assertEquals("back to the default", log.records().get(0).message());
    }

    @Test
    void aCustomHandlerCanDeferToTheDefault() {
        loop.setExceptionHandler((l, ctx) -> {
            Map<String, Object> more = new LinkedHashMap<>(ctx);
            more.put("extra", "added by the custom handler");
            l.defaultExceptionHandler(more);
        });
        loop.callExceptionHandler(Map.of("message", "m"));
        assertEquals("m\nextra: added by the custom handler", log.records().get(0).message());
    }

    @Test
    void callExceptionHandlerWorksOutsideTheLoopAndOnAClosedLoop() {
        List<Object> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> seen.add(ctx.get("message")));
        loop.callExceptionHandler(Map.of("message", "not running"));
        loop.close();
        loop.callExceptionHandler(Map.of("message", "closed"));
        assertEquals(List.of("not running", "closed"), seen);
    }

    @Test
    void theHandlerCanScheduleCallbacks() {
        List<String> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> l.callSoon(() -> seen.add("scheduled by the handler")));
        loop.callSoon(() -> {
            throw new RuntimeException();
        });
        runOnce();
        runOnce();
        assertEquals(List.of("scheduled by the handler"), seen);
    }
}
