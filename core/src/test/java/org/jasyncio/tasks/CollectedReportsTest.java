package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.ContextVar;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.harness.ExpectLoopReports;
import org.jasyncio.loop.LogCapture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reports the collector prompts: "Future exception was never retrieved" and "Task was destroyed but it is
 * pending!". Both reach the exception handler on the loop's thread, never on the JDK's; once the loop is closed they
 * are only logged. A pending task is reported whenever it is collected, under both engines, as asyncio always does.
 */
@ExpectLoopReports("provokes the reports it checks")
class CollectedReportsTest extends LoopFixture {
    private static final String NEVER_RETRIEVED = "Future exception was never retrieved";
    private static final String DESTROYED_PENDING = "Task was destroyed but it is pending!";

    /** The thread each report was handled on, in the order of {@link #reported}. */
    private final List<Thread> handlerThreads = new ArrayList<>();

    @BeforeEach
    void recordTheHandlersThread() {
        loop.setExceptionHandler((l, ctx) -> {
            synchronized (reported) {
                reported.add(ctx);
                handlerThreads.add(Thread.currentThread());
            }
        });
    }

    @Test
    void aNeverRetrievedExceptionIsHandledOnTheLoopThread() throws Exception {
        dropFailedFuture("forgotten");
        Map<String, Object> report = awaitReport(NEVER_RETRIEVED);
        assertNotNull(report, "reported: " + reportedMessages());
        assertEquals("forgotten", ((Throwable) report.get("exception")).getMessage());
        assertSame(Thread.currentThread(), threadThatHandled(report), "the handler runs on the loop's thread");
    }

    @Test
    void afterCloseACollectedReportIsOnlyLogged() throws Exception {
        try (LogCapture log = LogCapture.withCollectorReports()) {
            dropFailedFuture("forgotten after close");
            loop.close();
            LogCapture.Entry entry = log.await(m -> m.startsWith(NEVER_RETRIEVED)
                    && m.contains("forgotten after close"), 20);
            assertNotNull(entry, "logged: " + log.records());
            assertEquals(System.Logger.Level.ERROR, entry.level());
            assertEquals("forgotten after close", entry.thrown().getMessage());
            assertEquals(List.of(), reportedMessages(), "a closed loop's handler is never called");
        }
    }

    @Test
    void stateLeavesAFailureUnretrieved() throws Exception {
        dropFailedFutureAfterAskingItsState();
        Map<String, Object> report = awaitReport(NEVER_RETRIEVED);
        assertNotNull(report, "state() marked the exception retrieved; reported: " + reportedMessages());
        assertEquals("looked at through state() only", ((Throwable) report.get("exception")).getMessage());
    }

    @Test
    void aPendingTaskCollectedIsReportedUnderBothEngines() throws Exception {
        assertFalse(loop.getDebug(), "asyncio reports it outside debug mode too");
        Task<Void> kept = loop.createTask(() -> {
            await(Asyncio.getRunningLoop().createFuture());
            return null;
        }, "kept");
        startAndForgetPending("abandoned");
        Map<String, Object> report = awaitReport(DESTROYED_PENDING);
        assertNotNull(report, "reported: " + reportedMessages());
        String task = String.valueOf(report.get("task"));
        assertTrue(task.startsWith("<Task pending name='abandoned' coro="), task);
        assertSame(Thread.currentThread(), threadThatHandled(report), "the handler runs on the loop's thread");
        collectAndSpin();
        synchronized (reported) {
            assertEquals(1, reported.stream().filter(r -> DESTROYED_PENDING.equals(r.get("message"))).count(),
                    "only the abandoned task: " + reported);
        }
        assertFalse(kept.done());
    }

    @Test
    void aTaskAwaitingAFutureOnlyItsCoroutineHoldsIsReported() throws Exception {
        startAndForgetAwaitingCaptured();
        Map<String, Object> report = awaitReport(DESTROYED_PENDING);
        assertNotNull(report, "reported: " + reportedMessages());
        assertTrue(String.valueOf(report.get("task")).contains("name='captured'"), String.valueOf(report.get("task")));
    }

    /**
     * asyncio's Task.__del__ gives the task itself as the report's "task", and call_exception_handler runs a custom
     * handler in that task's context (3.12+: {@code context["task"].get_context()}), with what the body set there.
     */
    @Test
    void theHandlerOfAPendingTaskCollectedRunsInTheTasksContext() throws Exception {
        ContextVar<String> var = new ContextVar<>("var", "loop's");
        List<String> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> {
            synchronized (reported) {
                reported.add(ctx);
                seen.add(var.get());
            }
        });
        startAndForgetSettingAVar(var);
        Map<String, Object> report = awaitReport(DESTROYED_PENDING);
        assertNotNull(report, "reported: " + reportedMessages());
        synchronized (reported) {
            assertEquals("the task's", seen.get(reported.indexOf(report)), "the handler runs in the task's context");
        }
        assertEquals("loop's", var.get(), "and leaves the loop's context as it was");
    }

    @Test
    void aRenamedTaskIsReportedByItsNewName() throws Exception {
        Task<Void> t = startPending(null);
        t.setName("renamed");
        t = null;
        Map<String, Object> report = awaitReport(DESTROYED_PENDING);
        assertNotNull(report, "reported: " + reportedMessages());
        assertTrue(String.valueOf(report.get("task")).contains("name='renamed'"), String.valueOf(report.get("task")));
    }

    @Test
    void aPendingTaskCollectedAfterCloseIsOnlyLogged() throws Exception {
        try (LogCapture log = LogCapture.withCollectorReports()) {
            startAndForgetPending("abandoned before close");
            loop.close();
            LogCapture.Entry entry = log.await(m -> m.startsWith(DESTROYED_PENDING)
                    && m.contains("abandoned before close"), 20);
            assertNotNull(entry, "logged: " + log.records());
            assertEquals(List.of(), reportedMessages(), "a closed loop's handler is never called");
        }
    }

    @Test
    void aPendingTaskDroppedWithItsClosedLoopIsLogged() throws Exception {
        try (LogCapture log = LogCapture.withCollectorReports()) {
            closeALoopWithATaskPendingAndDropBoth();
            LogCapture.Entry entry = log.await(m -> m.startsWith(DESTROYED_PENDING)
                    && m.contains("left by a dropped loop"), 20);
            assertNotNull(entry, "logged: " + log.records());
        }
    }

    // ------------------------------------------------------------------ helpers (no reference survives them)

    private void dropFailedFuture(String message) {
        Future<Void> f = loop.createFuture();
        f.setException(new IllegalStateException(message));
    }

    private void dropFailedFutureAfterAskingItsState() {
        Future<Void> f = loop.createFuture();
        f.setException(new IllegalStateException("looked at through state() only"));
        assertEquals(java.util.concurrent.Future.State.FAILED, f.state());
    }

    private void startAndForgetPending(String name) throws Exception {
        startPending(name);
    }

    private Task<Void> startPending(String name) throws Exception {
        Task<Void> t = loop.createTask(() -> {
            Future<Void> nobodyElse = Asyncio.getRunningLoop().createFuture();
            await(nobodyElse);
            return null;
        }, name);
        spin(2);
        assertFalse(t.done());
        return t;
    }

    private void startAndForgetSettingAVar(ContextVar<String> var) throws Exception {
        Task<Void> t = loop.createTask(() -> {
            var.set("the task's");
            await(Asyncio.getRunningLoop().createFuture());
            return null;
        }, "sets a var");
        spin(2);
        assertFalse(t.done());
    }

    private void startAndForgetAwaitingCaptured() throws Exception {
        Future<Void> captured = loop.createFuture();
        loop.createTask(() -> {
            await(captured);
            return null;
        }, "captured");
        spin(2);
    }

    private static void closeALoopWithATaskPendingAndDropBoth() throws Exception {
        EventLoop other = Asyncio.newEventLoop();
        Task<Void> t = other.createTask(() -> {
            await(Asyncio.getRunningLoop().createFuture());
            return null;
        }, "left by a dropped loop");
        other.runUntilComplete(() -> await(Asyncio.sleep(0.01)));
        assertFalse(t.done());
        other.close();
    }

    private Thread threadThatHandled(Map<String, Object> report) {
        synchronized (reported) {
            return handlerThreads.get(reported.indexOf(report));
        }
    }

    private void collectAndSpin() throws Exception {
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(10);
            spin(1);
        }
    }

    /** Collects garbage and runs the loop until a report with {@code message} came, for up to 20 s. */
    private Map<String, Object> awaitReport(String message) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        do {
            System.gc();
            Thread.sleep(10);
            spin(1);
            synchronized (reported) {
                for (Map<String, Object> r : reported) {
                    if (message.equals(r.get("message"))) {
                        return r;
                    }
                }
            }
        } while (System.nanoTime() < deadline);
        return null;
    }
}
