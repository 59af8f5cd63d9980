package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.jasyncio.AsyncGenerator;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.ContextVar;
import org.jasyncio.Future;
import org.jasyncio.StopAsyncIteration;
import org.jasyncio.Task;
import org.jasyncio.harness.ExpectLoopReports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** AsyncGenerator: asyncio's async generators (test_asyncgen.py, the asyncio parts) as a body handing values over. */
@Tag("coroutines")
class AsyncGeneratorTest extends LoopFixture {

    static AsyncGenerator<Integer> counting(int n, List<String> log) {
        return new AsyncGenerator<>(out -> {
            try {
                for (int i = 0; i < n; i++) {
                    await(Asyncio.sleep(0));
                    out.emit(i);
                }
            } finally {
                log.add("finally");
            }
        });
    }

    static <T> List<T> drain(AsyncGenerator<T> gen) throws Exception {
        List<T> values = new ArrayList<>();
        while (true) {
            try {
                values.add(await(gen.next()));
            } catch (StopAsyncIteration end) {
                return values;
            }
        }
    }

    @Test
    void emitsValuesInOrderThenStopAsyncIteration() throws Exception {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> gen = counting(3, log);
        assertEquals(List.of(0, 1, 2), loop.runUntilComplete(() -> drain(gen)));
        assertTrue(gen.isClosed());
        assertEquals(List.of("finally"), log);
        assertThrows(StopAsyncIteration.class, () -> loop.runUntilComplete(gen.next()), "stays exhausted");
        assertInstanceOf(NoSuchElementException.class, new StopAsyncIteration());
    }

    @Test
    void theBodyRunsOnlyWhenAskedAndCanAwaitTimers() throws Exception {
        List<String> log = new ArrayList<>();
        AsyncGenerator<String> gen = new AsyncGenerator<>(out -> {
            log.add("started");
            await(Asyncio.sleep(0.01));
            out.emit("a");
            log.add("resumed");
            out.emit("b");
        });
        spin(2);
        assertEquals(List.of(), log, "nothing runs before the first next()");
        assertEquals("a", loop.runUntilComplete(gen.next()));
        assertEquals(List.of("started"), log);
        spin(2);
        assertEquals(List.of("started"), log, "suspended at emit until asked again");
        assertEquals("b", loop.runUntilComplete(gen.next()));
        assertEquals(List.of("started", "resumed"), log);
    }

    @Test
    void theBodysExceptionFailsNextAndClosesTheGenerator() throws Exception {
        IOException boom = new IOException("boom");
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            out.emit(1);
            throw boom;
        });
        assertEquals(1, loop.runUntilComplete(gen.next()));
        assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(gen.next())));
        assertTrue(gen.isClosed());
        assertThrows(StopAsyncIteration.class, () -> loop.runUntilComplete(gen.next()));
    }

    @Test
    void aSecondNextWhileOneIsPendingFails() throws Exception {
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            await(Asyncio.sleep(0.01));
            out.emit(1);
        });
        String message = loop.runUntilComplete(() -> {
            Future<Integer> first = gen.next();
            Future<Integer> second = gen.next();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(second));
            assertEquals(1, await(first));
            return e.getMessage();
        });
        assertEquals("anext(): asynchronous generator is already running", message);
    }

    @Test
    void athrowIsThrownAtTheEmitAndGetsTheNextValue() throws Exception {
        List<String> log = new ArrayList<>();
        AsyncGenerator<String> gen = new AsyncGenerator<>(out -> {
            try {
                out.emit("first");
            } catch (IllegalArgumentException e) {
                log.add("caught " + e.getMessage());
                out.emit("after throw");
            }
        });
        assertEquals("first", loop.runUntilComplete(gen.next()));
        assertEquals("after throw", loop.runUntilComplete(gen.athrow(new IllegalArgumentException("x"))));
        assertEquals(List.of("caught x"), log);
        assertThrows(StopAsyncIteration.class, () -> loop.runUntilComplete(gen.next()));
    }

    @Test
    void anUncaughtAthrowFailsWithItsExceptionAndCloses() throws Exception {
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> out.emit(1));
        loop.runUntilComplete(gen.next());
        IOException thrownIn = new IOException("in");
        assertSame(thrownIn, assertThrows(IOException.class, () -> loop.runUntilComplete(gen.athrow(thrownIn))));
        assertTrue(gen.isClosed());
        assertThrows(StopAsyncIteration.class, () -> loop.runUntilComplete(gen.athrow(new IOException("again"))));
    }

    @Test
    void athrowAnsweredByReturningIsStopAsyncIteration() throws Exception {
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            try {
                out.emit(1);
            } catch (IOException e) {
                return;
            }
        });
        loop.runUntilComplete(gen.next());
        assertThrows(StopAsyncIteration.class, () -> loop.runUntilComplete(gen.athrow(new IOException())));
    }

    @Test
    void athrowOnAnUnstartedGeneratorNeverRunsTheBody() throws Exception {
        boolean[] ran = {false};
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> ran[0] = true);
        IOException exc = new IOException("early");
        assertSame(exc, assertThrows(IOException.class, () -> loop.runUntilComplete(gen.athrow(exc))));
        assertTrue(gen.isClosed());
        assertFalse(ran[0]);
        assertThrows(IllegalArgumentException.class, () -> gen.athrow(null));
    }

    @Test
    void acloseThrowsGeneratorExitAtTheEmitAndRunsFinallyWhichMayAwait() throws Exception {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            try {
                out.emit(1);
                out.emit(2);
            } catch (AsyncGenerator.GeneratorExit exit) {
                log.add("exit at emit");
                throw exit;
            } finally {
                await(Asyncio.sleep(0.01));
                log.add("async cleanup");
            }
        });
        assertEquals(1, loop.runUntilComplete(gen.next()));
        assertNull(loop.runUntilComplete(gen.aclose()));
        assertEquals(List.of("exit at emit", "async cleanup"), log);
        assertTrue(gen.isClosed());
        assertThrows(StopAsyncIteration.class, () -> loop.runUntilComplete(gen.next()));
    }

    @Test
    void aBodyThatReturnsOnGeneratorExitClosesCleanly() throws Exception {
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            try {
                out.emit(1);
            } catch (AsyncGenerator.GeneratorExit exit) {
                return;
            }
        });
        loop.runUntilComplete(gen.next());
        assertNull(loop.runUntilComplete(gen.aclose()));
        assertTrue(gen.isClosed());
    }

    @Test
    void aBodyThatEmitsAfterGeneratorExitFailsTheClose() throws Exception {
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            while (true) {
                try {
                    out.emit(1);
                } catch (AsyncGenerator.GeneratorExit ignored) {
                    // keeps going: not allowed
                }
            }
        });
        loop.runUntilComplete(gen.next());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(gen.aclose()));
        assertEquals("async generator ignored GeneratorExit", e.getMessage());
        assertFalse(gen.isClosed(), "still suspended at its emit, as in Python");
    }

    @Test
    void anErrorRaisedWhileClosingFailsTheClose() throws Exception {
        IOException boom = new IOException("cleanup failed");
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            try {
                out.emit(1);
            } finally {
                throw boom;
            }
        });
        loop.runUntilComplete(gen.next());
        assertSame(boom, assertThrows(IOException.class, () -> loop.runUntilComplete(gen.aclose())));
        assertTrue(gen.isClosed());
    }

    @Test
    void closingAnUnstartedOrFinishedGeneratorIsDoneAtOnce() throws Exception {
        boolean[] ran = {false};
        AsyncGenerator<Integer> unstarted = new AsyncGenerator<>(out -> ran[0] = true);
        Future<Void> closing = loop.runUntilComplete(() -> unstarted.aclose());
        assertTrue(closing.done());
        assertTrue(unstarted.isClosed());
        assertThrows(StopAsyncIteration.class, () -> loop.runUntilComplete(unstarted.next()));
        assertFalse(ran[0]);

        AsyncGenerator<Integer> finished = new AsyncGenerator<>(out -> out.emit(1));
        loop.runUntilComplete(() -> drain(finished));
        Future<Void> again = finished.aclose();
        assertTrue(again.done());
        assertNull(again.result());
    }

    @Test
    void acloseOrAthrowWhileRunningFail() throws Exception {
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            await(Asyncio.sleep(0.01));
            out.emit(1);
        });
        List<String> messages = loop.runUntilComplete(() -> {
            Future<Integer> pending = gen.next();
            List<String> m = new ArrayList<>();
            m.add(assertThrows(IllegalStateException.class, () -> await(gen.aclose())).getMessage());
            m.add(assertThrows(IllegalStateException.class, () -> await(gen.athrow(new IOException()))).getMessage());
            await(pending);
            return m;
        });
        assertEquals(List.of("aclose(): asynchronous generator is already running",
                "athrow(): asynchronous generator is already running"), messages);
    }

    @Test
    void aBodyRaisingStopAsyncIterationIsAnError() throws Exception {
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            throw new StopAsyncIteration("from the body");
        });
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(gen.next()));
        assertEquals("async generator raised StopAsyncIteration", e.getMessage());
        assertInstanceOf(StopAsyncIteration.class, e.getCause());
    }

    @Test
    void emitOutsideTheBodyIsRefused() throws Exception {
        AsyncGenerator.Emitter<Integer>[] leaked = new AsyncGenerator.Emitter[1];
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            leaked[0] = out;
            out.emit(1);
        });
        loop.runUntilComplete(gen.next());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.runUntilComplete(() -> {
                    leaked[0].emit(2);
                    return null;
                }));
        assertTrue(e.getMessage().contains("own body"), e.getMessage());
    }

    @Test
    void cancellingANextCancelsTheBodyAtItsAwait() throws Exception {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            try {
                await(Asyncio.sleep(10));
                out.emit(1);
            } catch (CancelledError e) {
                log.add("body cancelled: " + e.getMessage());
                throw e;
            }
        });
        Future<Integer> next = gen.next();
        loop.callLater(0.01, () -> next.cancel("consumer gave up"));
        CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(next));
        assertEquals("consumer gave up", e.getMessage());
        assertEquals(List.of("body cancelled: consumer gave up"), log);
        assertTrue(next.cancelled());
        assertTrue(gen.isClosed());
    }

    @Test
    void cancellingTheConsumerTaskReachesTheBodyWhichMaySwallowIt() throws Exception {
        AsyncGenerator<String> gen = new AsyncGenerator<>(out -> {
            try {
                await(Asyncio.sleep(10));
                out.emit("slept");
            } catch (CancelledError e) {
                out.emit("swallowed");
            }
        });
        Task<String> consumer = loop.createTask(() -> await(gen.next()));
        loop.callLater(0.01, consumer::cancel);
        assertEquals("swallowed", loop.runUntilComplete(consumer));
        assertFalse(gen.isClosed());
        loop.runUntilComplete(gen.aclose());
        assertTrue(gen.isClosed());
    }

    @Test
    void cancellingTheFirstNextBeforeTheBodyStartsClosesTheGenerator() throws Exception {
        boolean[] ran = {false};
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> ran[0] = true);
        Future<Integer> next = gen.next();
        assertTrue(next.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(next));
        spin(1);
        assertFalse(ran[0]);
        assertTrue(gen.isClosed());
    }

    @Test
    void shutdownAsyncgensClosesStartedGeneratorsStillOpen() throws Exception {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> started = counting(10, log);
        AsyncGenerator<Integer> neverStarted = counting(10, log);
        AsyncGenerator<Integer> exhausted = counting(1, log);
        loop.runUntilComplete(started.next());
        loop.runUntilComplete(() -> drain(exhausted));
        assertEquals(List.of("finally"), log);
        loop.runUntilComplete(loop.shutdownAsyncgens());
        assertEquals(List.of("finally", "finally"), log, "only the started, open one was closed");
        assertTrue(started.isClosed());
        assertFalse(neverStarted.isClosed());
        assertEquals(List.of(), reported);
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void errorsWhileShuttingDownGeneratorsGoToTheExceptionHandler() throws Exception {
        IOException boom = new IOException("close failed");
        AsyncGenerator<Integer> gen = new AsyncGenerator<>(out -> {
            try {
                out.emit(1);
            } finally {
                throw boom;
            }
        });
        loop.runUntilComplete(gen.next());
        loop.runUntilComplete(loop.shutdownAsyncgens());
        assertEquals(1, reported.size(), reportedMessages().toString());
        Map<String, Object> ctx = reported.get(0);
        assertEquals("an error occurred during closing of asynchronous generator " + gen, ctx.get("message"));
        assertSame(boom, ctx.get("exception"));
        assertSame(gen, ctx.get("asyncgen"));
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void aGeneratorFirstIteratedAfterShutdownIsReported() throws Exception {
        loop.runUntilComplete(loop.shutdownAsyncgens());
        AsyncGenerator<Integer> late = new AsyncGenerator<>(out -> out.emit(1));
        assertEquals(1, loop.runUntilComplete(late.next()));
        assertTrue(reportedMessages().stream().anyMatch(m -> m.contains("was scheduled after loop.shutdown_asyncgens() call")),
                reportedMessages().toString());
    }

    @Test
    void asyncioRunClosesGeneratorsLeftOpen() throws Exception {
        List<String> log = new ArrayList<>();
        AsyncGenerator<Integer> gen = counting(5, log);
        int first = Asyncio.run(() -> await(gen.next()));
        assertEquals(0, first);
        assertEquals(List.of("finally"), log);
        assertTrue(gen.isClosed());
    }

    @Test
    void theBodyRunsInACopyOfTheContextOfTheFirstRequest() throws Exception {
        ContextVar<String> var = new ContextVar<>("v", "none");
        AsyncGenerator<String> gen = new AsyncGenerator<>(out -> {
            out.emit(var.get());
            var.set("set by body");
            out.emit(var.get());
        });
        List<String> seen = loop.runUntilComplete(() -> {
            var.set("consumer");
            List<String> r = new ArrayList<>(drain(gen));
            r.add(var.get());
            return r;
        });
        assertEquals(List.of("consumer", "set by body", "consumer"), seen);
    }

    @Test
    void theBodysTaskIsNotListedByAllTasks() throws Exception {
        AsyncGenerator<Boolean> gen = new AsyncGenerator<>(out -> {
            Task<?> me = Asyncio.currentTask();
            out.emit(me != null && !Asyncio.allTasks().contains(me));
        });
        assertTrue(loop.runUntilComplete(gen.next()));
    }

    @Test
    void anAbandonedSuspendedGeneratorIsClosedWhenCollected() throws Exception {
        List<String> log = new ArrayList<>();
        startAndAbandon(log);
        for (int i = 0; i < 40 && log.isEmpty(); i++) {
            System.gc();
            Thread.sleep(5);
            spin(2);
        }
        assertEquals(List.of("finally"), log);
    }

    private void startAndAbandon(List<String> log) throws Exception {
        AsyncGenerator<Integer> gen = counting(10, log);
        loop.runUntilComplete(gen.next());
    }

    @Test
    void aNullBodyIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new AsyncGenerator<Integer>(null));
    }
}
