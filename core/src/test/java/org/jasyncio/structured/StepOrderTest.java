package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.ReturnWhen;
import org.jasyncio.Task;
import org.jasyncio.Waited;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The exact interleaving of the waiting helpers with other tasks, step by step: a ticker task logs one entry per loop
 * iteration, so each expected list says in which iteration the waiting task resumed. Every expected list is what
 * CPython 3.13's asyncio printed for the same program (3.14's code is the same in these paths).
 */
@Tag("coroutines")
class StepOrderTest extends StructuredFixture {
    private final List<String> log = new ArrayList<>();

    /** Logs t0, t1, ... once per iteration, {@code n} times. */
    private Task<Void> ticker(int n) {
        return loop.createTask(() -> {
            for (int i = 0; i < n; i++) {
                log.add("t" + i);
                await(sleep(0));
            }
            return null;
        });
    }

    /** Logs t0, t1, ... once per iteration, from the iteration after one was logged as cancelled, until cancelled. */
    private Task<Void> tickerAfterACancel() {
        return loop.createTask(() -> {
            int i = 0;
            while (true) {
                if (log.stream().anyMatch(s -> s.contains("cancelled"))) {
                    log.add("t" + i++);
                }
                await(sleep(0));
            }
        });
    }

    /** Sleeps 10 s and returns its name, logging "name cancelled" when cancelled. */
    private Task<String> child(String name) {
        return loop.createTask(() -> {
            try {
                await(sleep(10));
                return name;
            } catch (CancelledError e) {
                log.add(name + " cancelled");
                throw e;
            }
        });
    }

    @Test
    void waitForResumesTheIterationAfterTheFutureCompletes() throws Exception {
        run(() -> {
            Future<String> f = loop.createFuture();
            Task<Void> t = ticker(6);
            await(sleep(0));
            loop.callSoon(() -> f.setResult("r"));
            log.add(await(Asyncio.waitFor(f, 10)));
            await(t);
            return null;
        });
        assertEquals(List.of("t0", "t1", "t2", "r", "t3", "t4", "t5"), log);
    }

    @Test
    void waitForTimesOutTheIterationAfterTheInnerFinishedCancelling() throws Exception {
        run(() -> {
            Task<String> inner = child("inner");
            Task<Void> t = tickerAfterACancel();
            await(sleep(0));
            try {
                await(Asyncio.waitFor(inner, 0.05));
            } catch (TimeoutException e) {
                log.add("timeout");
            }
            t.cancel();
            return null;
        });
        assertEquals(List.of("inner cancelled", "t0", "timeout"), log);
    }

    @Test
    void waitForZeroOnADoneFutureDoesNotSuspend() throws Exception {
        run(() -> {
            Future<String> f = loop.createFuture();
            f.setResult("r");
            Task<Void> t = ticker(3);
            await(sleep(0));
            log.add(await(Asyncio.waitFor(f, 0)));
            await(t);
            return null;
        });
        assertEquals(List.of("t0", "r", "t1", "t2"), log);
    }

    @Test
    void waitForZeroOnAPendingTaskWaitsForItsCancellation() throws Exception {
        run(() -> {
            Task<String> inner = child("inner");
            Task<Void> t = ticker(6);
            await(sleep(0));
            try {
                await(Asyncio.waitFor(inner, 0));
            } catch (TimeoutException e) {
                log.add("timeout");
            }
            await(t);
            return null;
        });
        assertEquals(List.of("t0", "t1", "inner cancelled", "t2", "t3", "timeout", "t4", "t5"), log);
    }

    @Test
    void cancellingAGatherWithReturnExceptionsFailsItWithTheLastChildsCancelledError() throws Exception {
        run(() -> {
            Task<String> t1 = child("c1");
            Task<String> t2 = child("c2");
            Future<String> f = loop.createFuture();
            Task<Void> t = ticker(6);
            await(sleep(0));
            Future<List<Object>> g = Asyncio.gather(true, t1, f, t2);
            g.addDoneCallback(x -> log.add("g done cancelled=" + x.cancelled()));
            log.add("cancel=" + g.cancel("stop") + " f.cancelled=" + f.cancelled());
            try {
                log.add("result " + await(g));
            } catch (CancelledError e) {
                log.add("CancelledError(" + e.getMessage() + ")");
            }
            log.add("g.cancelled=" + g.cancelled());
            await(t);
            return null;
        });
        assertEquals(List.of("t0", "cancel=true f.cancelled=true", "t1", "c1 cancelled", "c2 cancelled", "t2", "t3",
                "g done cancelled=false", "CancelledError(stop)", "g.cancelled=false", "t4", "t5"), log);
    }

    @Test
    void waitFirstExceptionWithAFailedFutureStillTakesTwoIterations() throws Exception {
        run(() -> {
            Future<String> f1 = loop.createFuture();
            f1.setException(new IllegalStateException("x"));
            Future<String> f2 = loop.createFuture();
            Task<Void> t = ticker(5);
            await(sleep(0));
            Waited w = await(Asyncio.wait(List.of(f2, f1), Double.POSITIVE_INFINITY, ReturnWhen.FIRST_EXCEPTION));
            log.add("done=" + w.done().size() + " pending=" + w.pending().size());
            await(t);
            f2.cancel();
            return null;
        });
        assertEquals(List.of("t0", "t1", "t2", "done=1 pending=1", "t3", "t4"), log);
    }

    @Test
    void waitOnDoneFuturesStillTakesTwoIterations() throws Exception {
        run(() -> {
            Future<Integer> f1 = loop.createFuture();
            f1.setResult(1);
            Future<Integer> f2 = loop.createFuture();
            f2.setResult(2);
            Task<Void> t = ticker(5);
            await(sleep(0));
            Waited w = await(Asyncio.wait(List.of(f2, f1)));
            log.add("done=" + w.done().size() + " pending=" + w.pending().size());
            await(t);
            return null;
        });
        assertEquals(List.of("t0", "t1", "t2", "done=2 pending=0", "t3", "t4"), log);
    }
}
