package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** sleep(delay, result), toThread, createTask, ensureFuture and gather's cancellation (test_tasks.py, test_threads.py). */
@Tag("coroutines")
class TaskHelpersTest extends StructuredFixture {

    @Test
    void sleepGivesItsResultAfterTheDelayOrAfterOneYield() throws Exception {
        run(() -> {
            double t0 = loop.time();
            assertEquals("later", await(sleep(0.02, "later")));
            assertTrue(loop.time() - t0 >= 0.015);
            assertEquals("now", await(sleep(0, "now")));
            assertEquals(5, await(sleep(-1, 5)));
            assertEquals("d", await(sleep(Duration.ofMillis(5), "d")));
            return null;
        });
    }

    @Test
    void sleepZeroWithAResultYieldsExactlyOnce() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            loop.callSoon(() -> log.add("callback"));
            log.add("before");
            log.add(await(sleep(0, "after")));
            return null;
        });
        assertEquals(List.of("before", "callback", "after"), log);
    }

    @Test
    void aCancelledSleepWithAResultIsCancelled() throws Exception {
        run(() -> {
            Future<String> s = sleep(10, "never");
            loop.callSoon(() -> s.cancel());
            assertThrows(CancelledError.class, () -> await(s));
            return null;
        });
    }

    @Test
    void toThreadRunsOffTheLoopAndGivesTheResult() throws Exception {
        run(() -> {
            Thread loopThread = Thread.currentThread();
            Thread[] ran = new Thread[1];
            int r = await(Asyncio.toThread(() -> {
                ran[0] = Thread.currentThread();
                return 40 + 2;
            }));
            assertEquals(42, r);
            if (!threadEngine()) {
                assertNotSame(loopThread, ran[0]);
            }
            assertFalse(ran[0].isVirtual() && ran[0] == loopThread);
            return null;
        });
    }

    @Test
    void toThreadRaisesTheCallsException() throws Exception {
        run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> await(Asyncio.toThread(() -> {
                        throw new IllegalStateException("test");
                    })));
            assertEquals("test", e.getMessage());
            return null;
        });
    }

    @Test
    void toThreadCallsConcurrentlyEachOnce() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        run(() -> {
            List<Future<?>> futs = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                futs.add(Asyncio.toThread(calls::incrementAndGet));
            }
            await(Asyncio.gather(futs.toArray(new Future<?>[0])));
            return null;
        });
        assertEquals(10, calls.get());
    }

    @Test
    void toThreadSeesACopyOfTheCallersContext() throws Exception {
        ContextVar<String> testCtx = new ContextVar<>("test_ctx");
        run(() -> {
            testCtx.set("parrot");
            assertEquals("parrot", await(Asyncio.toThread(testCtx::get)));
            await(Asyncio.toThread(() -> testCtx.set("changed in the thread")));
            assertEquals("parrot", testCtx.get(), "the thread worked on a copy");
            return null;
        });
        assertThrows(IllegalStateException.class, () -> Asyncio.toThread(() -> 1));
    }

    @Test
    void createTaskRunsOnTheRunningLoopWithANameAndAContext() throws Exception {
        ContextVar<Integer> v = new ContextVar<>("v", 0);
        run(() -> {
            Task<Integer> plain = Asyncio.createTask(() -> 1);
            Task<Integer> named = Asyncio.createTask(() -> 2, "two");
            Context ctx = new Context();
            Task<Integer> inCtx = Asyncio.createTask(() -> {
                v.set(3);
                return v.get();
            }, "three", ctx);
            assertSame(loop, plain.getLoop());
            assertEquals("two", named.getName());
            assertEquals(List.of(1, 2, 3), List.of(await(plain), await(named), await(inCtx)));
            assertEquals(3, ctx.get(v));
            assertEquals(0, v.get());
            return null;
        });
        assertEquals("no running event loop",
                assertThrows(IllegalStateException.class, () -> Asyncio.createTask(() -> 1)).getMessage());
    }

    @Test
    void ensureFutureReturnsAFutureAsIsAndWrapsACoroutineInATask() throws Exception {
        Future<Integer> f = loop.createFuture();
        assertSame(f, Asyncio.ensureFuture(f));
        Task<String> t = Asyncio.ensureFuture(() -> "wrapped");
        assertSame(loop, t.getLoop(), "the current loop when none runs");
        assertEquals("wrapped", loop.runUntilComplete(t));
        assertEquals("An asyncio.Future, a coroutine or an awaitable is required",
                assertThrows(IllegalArgumentException.class, () -> Asyncio.ensureFuture((Future<?>) null)).getMessage());
        f.cancel();
    }

    @Test
    void aCancelledGatherRaisesTheLastChildsCancellationMessage() throws Exception {
        run(() -> {
            Task<String> swallower = loop.createTask(() -> {
                try {
                    return await(sleep(10, "x"));
                } catch (CancelledError e) {
                    await(sleep(0.01)); // finishes last, not cancelled
                    return "swallowed";
                }
            });
            Task<String> cancelled = loop.createTask(() -> await(sleep(10, "y")));
            Future<List<Object>> all = Asyncio.gather(true, swallower, cancelled);
            await(sleep(0));
            assertTrue(all.cancel("my message"));
            CancelledError e = assertThrows(CancelledError.class, () -> await(all));
            assertEquals("my message", e.getMessage());
            assertEquals("swallowed", swallower.result());
            return null;
        });
    }

    @Test
    void cancellingATaskAwaitingGatherWithReturnExceptionsPropagatesTheMessage() throws Exception {
        CancelledError e = assertThrows(CancelledError.class, () -> run(() -> {
            Task<Void> qwe = loop.createTask(() -> {
                while (true) {
                    await(Asyncio.gather(true, sleep(0.005)));
                }
            });
            await(sleep(0.02));
            qwe.cancel("my message");
            return await(qwe);
        }));
        assertEquals("my message", e.getMessage());
    }

    @Test
    void gatherRefusesCancellationOnceAllChildrenAreDone() throws Exception {
        Future<Integer> fut = loop.createFuture();
        Future<List<Object>> gathering = run(() -> {
            Task<Integer> child = loop.createTask(() -> await(fut)); // indirection: the gather is done a step later
            return Asyncio.ensureFuture(Asyncio.gather(child));
        });
        boolean[] cancelResult = {true};
        fut.addDoneCallback(f -> cancelResult[0] = gathering.cancel());
        fut.setResult(42);
        assertEquals(List.of(42), loop.runUntilComplete(gathering));
        assertFalse(cancelResult[0], "asyncio issue 26923: gather drops a cancellation once its children are done");
        assertFalse(gathering.cancelled());
        assertEquals(Collections.singletonList(42), gathering.result());
    }
}
