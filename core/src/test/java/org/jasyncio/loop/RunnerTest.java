package org.jasyncio.loop;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.harness.ExpectLoopReports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Asyncio.run (test_runners.py). */
@Tag("coroutines")
class RunnerTest {
    @AfterEach
    void tearDown() {
        Asyncio.setEventLoop(null);
    }

    @Test
    void runReturnsTheResult() throws Exception {
        assertEquals(42, Asyncio.run(() -> {
            await(Asyncio.sleep(0));
            return 42;
        }));
    }

    @Test
    void runPropagatesTheVeryException() {
        IOException boom = new IOException("spam");
        assertSame(boom, assertThrows(IOException.class, () -> Asyncio.run(() -> {
            throw boom;
        })));
    }

    @Test
    void runClosesItsLoop() throws Exception {
        EventLoop[] seen = new EventLoop[1];
        Asyncio.run(() -> {
            seen[0] = Asyncio.getRunningLoop();
            assertTrue(seen[0].isRunning());
            return null;
        });
        assertTrue(seen[0].isClosed());
        assertThrows(IllegalStateException.class, Asyncio::getEventLoop, "the current loop is unset afterwards");
    }

    @Test
    void runClosesItsLoopAfterAnException() {
        EventLoop[] seen = new EventLoop[1];
        assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> {
            seen[0] = Asyncio.getRunningLoop();
            throw new IllegalStateException("x");
        }));
        assertTrue(seen[0].isClosed());
    }

    @Test
    void eachRunHasItsOwnLoop() throws Exception {
        EventLoop a = Asyncio.run(Asyncio::getRunningLoop);
        EventLoop b = Asyncio.run(Asyncio::getRunningLoop);
        assertNotSame(a, b);
    }

    @Test
    void runCancelsTheTasksLeftOver() throws Exception {
        List<Task<?>> leftovers = new ArrayList<>();
        List<String> log = new ArrayList<>();
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            leftovers.add(loop.createTask(() -> {
                try {
                    await(Asyncio.sleep(3600));
                    return null;
                } catch (CancelledError e) {
                    log.add("cancelled");
                    throw e;
                }
            }));
            await(Asyncio.sleep(0));
            return null;
        });
        assertTrue(leftovers.get(0).cancelled());
        assertEquals(List.of("cancelled"), log);
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void aLeftOverTaskFailingWhileCancelledIsReported() throws Exception {
        List<Map<String, Object>> reports = new ArrayList<>();
        List<String> handlerSaw = new ArrayList<>();
        ContextVar<String> v = new ContextVar<>("v", "default");
        ArithmeticException boom = new ArithmeticException("division");
        Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setExceptionHandler((l, ctx) -> {
                reports.add(ctx);
                handlerSaw.add(v.get());
            });
            v.set("the leftover task's");
            loop.createTask(() -> {
                try {
                    await(Asyncio.sleep(3600));
                } catch (CancelledError e) {
                    throw boom;
                }
                return null;
            });
            await(Asyncio.sleep(0));
            return null;
        });
        assertEquals(1, reports.size());
        assertEquals("unhandled exception during asyncio.run() shutdown", reports.get(0).get("message"));
        assertSame(boom, reports.get(0).get("exception"));
        assertTrue(reports.get(0).get("task") instanceof Task<?>);
        assertEquals(List.of("the leftover task's"), handlerSaw, "the handler runs in the task's context");
    }

    @Test
    void runShutsTheDefaultExecutorDown() throws Exception {
        ExecutorService executor = Executors.newFixedThreadPool(2);
        String result = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            loop.setDefaultExecutor(executor);
            loop.runInExecutor(null, () -> {
                Thread.sleep(50);
                return null;
            });
            return await(loop.runInExecutor(null, () -> "from the pool"));
        });
        assertEquals("from the pool", result);
        assertTrue(executor.isTerminated(), "run waits for the default executor to finish");
    }

    @Test
    void runRefusesToRunInsideARunningLoop() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            Future<Throwable> f = loop.createFuture();
            loop.callSoon(() -> f.setResult(assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> 1))));
            assertEquals("asyncio.run() cannot be called from a running event loop", loop.runUntilComplete(f).getMessage());
        } finally {
            loop.close();
        }
    }

    @Test
    void runSetsDebugWhenAsked() throws Exception {
        assertTrue(Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), true));
        assertFalse(Asyncio.run(() -> Asyncio.getRunningLoop().getDebug(), false));
    }

    @Test
    void runNeedsACoroutine() {
        assertThrows(IllegalArgumentException.class, () -> Asyncio.run(null));
    }

    @Test
    void theMainTaskRunsInACopyOfTheCallersContext() throws Exception {
        ContextVar<String> v = new ContextVar<>("v", "default");
        Context outer = new Context();
        String[] seen = new String[1];
        outer.run(() -> {
            v.set("caller");
            try {
                seen[0] = Asyncio.run(() -> {
                    String before = v.get();
                    v.set("changed inside");
                    return before;
                });
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertEquals("caller", seen[0]);
        assertEquals("caller", outer.get(v));
    }

    @Test
    void theMainTaskIsTheCurrentTask() throws Exception {
        assertTrue(Asyncio.run(() -> Asyncio.currentTask() != null && Asyncio.allTasks().contains(Asyncio.currentTask())));
    }
}
