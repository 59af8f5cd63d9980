package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.AsyncGenerator;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.DefaultEventLoopPolicy;
import org.jasyncio.EventLoop;
import org.jasyncio.EventLoopPolicy;
import org.jasyncio.Runner;
import org.jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Runner and Asyncio.run(main, debug, loopFactory) as test_runners.py checks them. */
@Tag("coroutines")
class RunnerApiTest {
    private final List<EventLoop> made = new ArrayList<>();
    private final List<Map<String, Object>> reported = new ArrayList<>();

    private EventLoop newLoop() {
        EventLoop l = Asyncio.newEventLoop();
        l.setExceptionHandler((loop, ctx) -> reported.add(ctx));
        made.add(l);
        return l;
    }

    @AfterEach
    void closeLoops() {
        for (EventLoop l : made) {
            if (!l.isClosed()) {
                l.close();
            }
        }
        Asyncio.setEventLoop(null);
    }

    @Test
    void asyncioRunReturnsTheResultOfMain() throws Exception {
        assertEquals("done", Asyncio.run(() -> await(sleep(0, "done")), false, this::newLoop));
    }

    @Test
    void asyncioRunRaisesWhatMainRaises() {
        IOException boom = new IOException("boom");
        assertSame(boom, assertThrows(IOException.class, () -> Asyncio.run(() -> {
            await(sleep(0));
            throw boom;
        }, false, this::newLoop)));
    }

    @Test
    void asyncioRunTakesOnlyACoroutine() {
        assertEquals("a coroutine was expected, got null",
                assertThrows(IllegalArgumentException.class, () -> Asyncio.run(null, false, null)).getMessage());
    }

    @Test
    void asyncioRunSetsTheDebugMode() throws Exception {
        assertTrue(Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), true, this::newLoop));
        assertFalse(Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), false, this::newLoop));
    }

    @Test
    void asyncioRunFromARunningLoopFails() throws Exception {
        String message = Asyncio.run(() -> assertThrows(IllegalStateException.class,
                () -> Asyncio.run(() -> 1, false, this::newLoop)).getMessage(), false, this::newLoop);
        assertEquals("asyncio.run() cannot be called from a running event loop", message);
    }

    @Test
    void asyncioRunCancelsTasksLeftBehindAndReportsTheirErrors() throws Exception {
        org.jasyncio.harness.LoopReportGuard.expect("unhandled exception during asyncio.run() shutdown");
        List<Task<?>> left = new ArrayList<>();
        Asyncio.run(() -> {
            left.add(Asyncio.createTask(() -> await(sleep(10))));
            left.add(Asyncio.createTask(() -> {
                try {
                    await(sleep(10));
                } finally {
                    throw new IllegalStateException("error in cancellation");
                }
            }));
            await(sleep(0));
            return null;
        }, false, this::newLoop);
        assertTrue(left.get(0).cancelled());
        assertEquals(1, reported.size());
        assertEquals("unhandled exception during asyncio.run() shutdown", reported.get(0).get("message"));
        assertSame(left.get(1), reported.get(0).get("task"));
    }

    @Test
    void asyncioRunClosesGeneratorsAfterALeftOverTaskFailsWhileCancelled() throws Exception {
        // test_asyncio_run_closes_gens_after_hanging_tasks_errors
        org.jasyncio.harness.LoopReportGuard.expect("unhandled exception during asyncio.run() shutdown");
        class FancyExit extends Exception {
        }
        List<AsyncGenerator<Integer>> spinner = new ArrayList<>();
        List<Task<?>> lazyboy = new ArrayList<>();
        assertThrows(FancyExit.class, () -> Asyncio.run(() -> {
            lazyboy.add(Asyncio.createTask(() -> {
                AsyncGenerator<Integer> fidget = new AsyncGenerator<>(out -> {
                    while (true) {
                        out.emit(1);
                        await(sleep(1));
                    }
                });
                spinner.add(fidget);
                try {
                    while (true) {
                        await(fidget.next());
                    }
                } catch (CancelledError e) {
                    throw new ArithmeticException("/ by zero");
                }
            }));
            throw new FancyExit();
        }, false, this::newLoop));
        assertTrue(lazyboy.getFirst().done());
        assertInstanceOf(ArithmeticException.class, lazyboy.getFirst().exception());
        assertEquals(1, spinner.size(), "the left-over task ran before the loop stopped");
        assertTrue(spinner.getFirst().isClosed());
        assertEquals(1, reported.size());
        assertSame(lazyboy.getFirst(), reported.getFirst().get("task"));
    }

    @Test
    void eachTaskKeepsItsOwnContextValueAcrossAwaits() throws Exception {
        // test_context.py: two tasks set the same variable (decimal's precision there) and sleep; each keeps its own
        ContextVar<Integer> precision = new ContextVar<>("precision", 28);
        List<Object> results = Asyncio.run(() -> await(Asyncio.gather(
                Asyncio.createTask(() -> digits(precision, 0.1, 3)),
                Asyncio.createTask(() -> digits(precision, 0.2, 6)))), false, this::newLoop);
        assertEquals(List.of(List.of(3, 3), List.of(6, 6)), results);
        assertEquals(28, precision.get(), "the caller's context is untouched");
    }

    private static List<Integer> digits(ContextVar<Integer> precision, double delay, int value) throws Exception {
        precision.set(value);
        int before = precision.get();
        await(sleep(delay));
        return List.of(before, precision.get());
    }

    @Test
    void aRunnerMakesItsLoopTheCurrentOneOnceForAllItsRuns() throws Exception {
        // test_set_event_loop_called_once and test_asyncio_run_set_event_loop
        List<EventLoop> sets = new ArrayList<>();
        EventLoopPolicy base = new DefaultEventLoopPolicy();
        Asyncio.setEventLoopPolicy(new EventLoopPolicy() {
            @Override
            public EventLoop getEventLoop() {
                return base.getEventLoop();
            }

            @Override
            public void setEventLoop(EventLoop loop) {
                sets.add(loop);
                base.setEventLoop(loop);
            }

            @Override
            public EventLoop newEventLoop() {
                EventLoop l = base.newEventLoop();
                made.add(l);
                return l;
            }
        });
        try {
            Runner runner = new Runner();
            runner.run(() -> 1);
            runner.run(() -> 2);
            assertEquals(1, sets.size(), sets.toString());
            assertSame(made.getFirst(), sets.getFirst());
            runner.close();
            assertEquals(2, sets.size());
            assertNull(sets.get(1), "close unsets it");
        } finally {
            Asyncio.setEventLoopPolicy(null);
        }
    }

    @Test
    void withoutAFactoryTheLoopIsTheCurrentOneWhileItRuns() throws Exception {
        EventLoop[] seen = new EventLoop[2];
        Asyncio.run(() -> {
            seen[0] = Asyncio.getRunningLoop();
            seen[1] = Asyncio.getEventLoopPolicy().getEventLoop();
            return null;
        });
        assertSame(seen[0], seen[1]);
        assertTrue(seen[0].isClosed());
    }

    @Test
    void aLoopFromTheFactoryIsUsedAndClosed() throws Exception {
        EventLoop[] seen = new EventLoop[1];
        Asyncio.run(() -> seen[0] = Asyncio.getRunningLoop(), false, this::newLoop);
        assertSame(made.get(0), seen[0]);
        assertTrue(seen[0].isClosed());
    }

    @Test
    void aRunnerRunsSeveralMainsOnOneLoop() throws Exception {
        try (Runner runner = new Runner()) {
            EventLoop first = runner.run(Asyncio::getRunningLoop);
            EventLoop second = runner.run(Asyncio::getRunningLoop);
            assertSame(first, second);
            assertSame(first, runner.getLoop());
            assertFalse(first.isClosed());
        }
    }

    @Test
    void aRunnerKeepsItsContextFromOneRunToTheNext() throws Exception {
        ContextVar<Integer> cvar = new ContextVar<>("cvar", -1);
        try (Runner runner = new Runner()) {
            assertEquals(-1, runner.run(() -> {
                int old = cvar.get();
                await(sleep(0));
                cvar.set(1);
                return old;
            }));
            assertEquals(1, runner.run(() -> {
                int old = cvar.get();
                cvar.set(2);
                return old;
            }));
            Context ctx = runner.run(Context::copyCurrent);
            assertEquals(2, ctx.get(cvar));
            Context other = new Context();
            int inOther = runner.run(cvar::get, other);
            assertEquals(-1, inOther, "an explicit context is used instead");
        }
    }

    @Test
    void getLoopMakesTheLoopAndCloseClosesIt() {
        Runner runner = new Runner(false, this::newLoop);
        EventLoop l = runner.getLoop();
        assertSame(made.get(0), l);
        assertFalse(l.getDebug());
        runner.close();
        assertTrue(l.isClosed());
        assertEquals("Runner is closed", assertThrows(IllegalStateException.class, runner::getLoop).getMessage());
        runner.close(); // twice is fine
    }

    @Test
    void aClosedRunnerRefusesToRun() throws Exception {
        List<Integer> ret = new ArrayList<>();
        Runner runner = new Runner();
        try (runner) {
            runner.run(() -> ret.add(1));
        }
        assertEquals("Runner is closed",
                assertThrows(IllegalStateException.class, () -> runner.run(() -> ret.add(2))).getMessage());
        assertEquals(List.of(1), ret);
    }

    @Test
    void closingARunnerThatNeverMadeItsLoopDoesNothing() {
        Runner runner = new Runner(false, this::newLoop);
        runner.close();
        assertTrue(made.isEmpty());
        EventLoop l = runner.getLoop(); // still usable: close only acts on a loop that was made
        assertFalse(l.isClosed());
        runner.close();
        assertTrue(l.isClosed());
    }

    @Test
    void aRunnerSetsDebugOnlyWhenAsked() throws Exception {
        try (Runner runner = new Runner(true, this::newLoop)) {
            assertTrue(runner.run(() -> Asyncio.getRunningLoop().getDebug()));
        }
        try (Runner runner = new Runner(false, this::newLoop)) {
            assertFalse(runner.run(() -> Asyncio.getRunningLoop().getDebug()));
        }
    }

    @Test
    void runInsideARunningLoopFails() throws Exception {
        try (Runner outer = new Runner(false, this::newLoop); Runner inner = new Runner(false, this::newLoop)) {
            String message = outer.run(() -> assertThrows(IllegalStateException.class,
                    () -> inner.run(() -> 1)).getMessage());
            assertEquals("Runner.run() cannot be called from a running event loop", message);
        }
    }

    @Test
    void closeCancelsTheTasksLeftByEarlierRuns() throws Exception {
        Task<?>[] left = new Task<?>[1];
        try (Runner runner = new Runner(false, this::newLoop)) {
            runner.run(() -> {
                left[0] = Asyncio.createTask(() -> await(sleep(10)));
                return null;
            });
            assertFalse(left[0].done());
            assertEquals("second", runner.run(() -> "second"));
            assertFalse(left[0].done(), "a later run leaves it running");
        }
        assertTrue(left[0].cancelled());
    }

    @Test
    void aFactoryLoopIsNotMadeTheCurrentLoop() throws Exception {
        Asyncio.setEventLoop(null);
        try (Runner runner = new Runner(false, this::newLoop)) {
            runner.getLoop();
            assertNull(Asyncio.getEventLoopPolicy().getEventLoop());
        } catch (IllegalStateException noCurrentLoop) {
            assertNotNull(noCurrentLoop.getMessage()); // the policy may refuse to answer instead
        }
    }
}
