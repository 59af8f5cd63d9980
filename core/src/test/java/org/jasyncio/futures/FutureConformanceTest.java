package org.jasyncio.futures;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.jasyncio.Asyncio;
import org.jasyncio.ContextVar;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.harness.ExpectLoopReports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Behaviours of test_futures.py and test_futures2.py (CPython 3.14) the other classes of this package did not
 * already pin down: which collected futures are reported, callback removal in every position, and the context the
 * exception handler runs in.
 */
@Tag("coroutines")
class FutureConformanceTest {
    private EventLoop loop;
    private final List<Map<String, Object>> reported = new ArrayList<>();
    private final List<Object> bag = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler((l, ctx) -> {
            synchronized (reported) {
                reported.add(ctx);
            }
        });
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private void runOnce() {
        loop.callSoon(loop::stop);
        loop.runForever();
    }

    private <T> Consumer<Future<T>> adder(Object thing) {
        return f -> bag.add(thing);
    }

    /**
     * test_tb_logger_abandoned, _not_called_after_cancel, _result_unretrieved, _result_retrieved,
     * _exception_retrieved, _exception_result_retrieved and _exception_unretrieved: of the futures dropped here only
     * the one whose exception nobody looked at is reported, once the collector found them all.
     */
    @Test
    @ExpectLoopReports("the control future is reported on purpose")
    void onlyAFailureNobodyRetrievedIsReportedWhenItsFutureIsCollected() throws Exception {
        dropFuturesNobodyNeedsReported();
        dropFailedFuture("control");
        Map<String, Object> control = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (control == null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
            runOnce();
            synchronized (reported) {
                for (Map<String, Object> r : reported) {
                    if (r.get("exception") instanceof Throwable t && "control".equals(t.getMessage())) {
                        control = r;
                    }
                }
            }
        }
        assertTrue(control != null, "the unretrieved failure was never reported: " + reported);
        assertEquals("Future exception was never retrieved", control.get("message"));
        for (int i = 0; i < 3; i++) { // the others were collected in the same cycles; give stragglers a chance
            System.gc();
            Thread.sleep(10);
            runOnce();
        }
        synchronized (reported) {
            assertEquals(List.of(control), reported);
        }
    }

    /** test_future_exception_never_retrieved_debug: in debug mode the report also says where the future was made. */
    @Test
    @ExpectLoopReports("the unretrieved failure is reported on purpose")
    void inDebugModeTheNeverRetrievedReportCarriesTheCreationStack() throws Exception {
        loop.setDebug(true);
        dropFailedFuture("debug");
        Map<String, Object> report = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (report == null && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
            runOnce();
            synchronized (reported) {
                report = reported.isEmpty() ? null : reported.get(0);
            }
        }
        assertTrue(report != null, "never reported");
        assertEquals("Future exception was never retrieved", report.get("message"));
        assertEquals("debug", ((Throwable) report.get("exception")).getMessage());
        StackTraceElement[] created = (StackTraceElement[]) report.get("source_traceback");
        assertTrue(created != null && created.length > 0, "no creation stack: " + report);
        assertTrue(List.of(created).stream().anyMatch(e -> e.getMethodName().equals("dropFailedFuture")),
                List.of(created).toString());
    }

    private void dropFuturesNobodyNeedsReported() throws Exception {
        loop.createFuture(); // abandoned while pending
        Future<Integer> cancelledAfterFailing = loop.createFuture();
        cancelledAfterFailing.setException(new RuntimeException("cancelled after failing"));
        cancelledAfterFailing.cancel();
        Future<Integer> resultUnretrieved = loop.createFuture();
        resultUnretrieved.setResult(42);
        Future<Integer> resultRetrieved = loop.createFuture();
        resultRetrieved.setResult(42);
        resultRetrieved.result();
        Future<Integer> exceptionRetrieved = loop.createFuture();
        exceptionRetrieved.setException(new RuntimeException("looked at through exception()"));
        exceptionRetrieved.exception();
        Task<Void> failedTaskCancelledAfterwards = loop.createTask(() -> {
            throw new RuntimeException("task cancelled after failing");
        });
        runOnce();
        assertTrue(failedTaskCancelledAfterwards.done());
        assertFalse(failedTaskCancelledAfterwards.cancel()); // test_tasks.py test_tb_logger_not_called_after_cancel
        Future<Integer> resultRaised = loop.createFuture();
        resultRaised.setException(new RuntimeException("raised by result()"));
        assertThrows(RuntimeException.class, resultRaised::result);
    }

    private void dropFailedFuture(String message) {
        Future<Integer> f = loop.createFuture();
        f.setException(new RuntimeException(message));
    }

    /** test_wrap_future_use_global_loop: outside a running loop, the current loop is the wrapper's. */
    @Test
    void wrapFutureOutsideARunningLoopUsesTheCurrentLoop() throws Exception {
        Asyncio.setEventLoop(loop);
        try {
            CompletableFuture<String> cf = new CompletableFuture<>();
            Future<String> f = Asyncio.wrapFuture(cf);
            assertSame(loop, f.getLoop());
            cf.complete("oi");
            assertEquals("oi", loop.runUntilComplete(f));
        } finally {
            Asyncio.setEventLoop(null);
        }
    }

    /** test_callbacks_remove_first_and_second_callback. */
    @Test
    void removingTheFirstTwoCallbacksLeavesTheThird() throws Exception {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb1 = adder(42);
        Consumer<Future<String>> cb2 = adder(17);
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        f.addDoneCallback(adder(100));
        assertEquals(1, f.removeDoneCallback(cb1));
        assertEquals(1, f.removeDoneCallback(cb2));
        assertEquals(0, f.removeDoneCallback(cb1));
        assertEquals(List.of(), bag);
        f.setResult("foo");
        runOnce();
        assertEquals(List.of(100), bag);
        assertEquals("foo", f.result());
    }

    /** test_callbacks_remove_third_callback. */
    @Test
    void removingTheLastCallbackLeavesTheFirstTwoInOrder() throws Exception {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb3 = adder(100);
        f.addDoneCallback(adder(42));
        f.addDoneCallback(adder(17));
        f.addDoneCallback(cb3);
        assertEquals(1, f.removeDoneCallback(cb3));
        assertEquals(0, f.removeDoneCallback(cb3));
        f.setResult("foo");
        runOnce();
        assertEquals(List.of(42, 17), bag);
    }

    /** test_schedule_callbacks_list_mutation_1: once scheduled, a callback cannot be removed any more. */
    @Test
    void aCallbackRemovingAnotherAfterTheFutureFinishedDoesNotStopIt() throws Exception {
        Future<Integer> f = loop.createFuture();
        Consumer<Future<Integer>> other = adder("other");
        f.addDoneCallback(done -> bag.add("removed " + done.removeDoneCallback(other)));
        f.addDoneCallback(other);
        f.addDoneCallback(other);
        f.setResult(1);
        runOnce();
        assertEquals(List.of("removed 0", "other", "other"), bag);
    }

    /** FutureTests.test_handle_exc_handler_correct_context (test_futures2.py). */
    @Test
    @ExpectLoopReports("the failing callback is reported on purpose")
    void theHandlerOfAFailingCallbackRunsInTheCallbacksContext() throws Exception {
        ContextVar<String> name = new ContextVar<>("name", "foo");
        List<String> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> seen.add(name.get()));
        loop.runUntilComplete(() -> {
            Asyncio.getRunningLoop().callSoon(() -> {
                name.set("bar");
                throw new ArithmeticException("/ by zero");
            });
            await(Asyncio.sleep(0));
            return null;
        });
        assertEquals(List.of("bar"), seen);
    }

    /** FutureTests.test_task_exc_handler_correct_context (test_futures2.py). */
    @Test
    @ExpectLoopReports("the failed task is reported on purpose")
    void theHandlerOfAFailedTaskNobodyAwaitedRunsInTheTasksContext() throws Exception {
        ContextVar<String> name = new ContextVar<>("name", "foo");
        List<String> seen = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> {
            synchronized (seen) {
                seen.add(ctx.get("message") + " / " + name.get());
            }
        });
        loop.runUntilComplete(() -> {
            Asyncio.createTask(() -> {
                name.set("bar");
                throw new ArithmeticException("/ by zero");
            });
            await(Asyncio.sleep(0));
            return null;
        });
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            synchronized (seen) {
                if (!seen.isEmpty()) {
                    break;
                }
            }
            System.gc();
            Thread.sleep(10);
            runOnce();
        }
        synchronized (seen) {
            assertEquals(List.of("Task exception was never retrieved / bar"), seen);
        }
    }
}
