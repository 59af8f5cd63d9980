package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.InvalidStateError;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The task state machine and the order of its steps (test_tasks.py: step, await, names, exceptions). */
@Tag("coroutines")
class TaskStepsTest extends LoopFixture {

    @Test
    void firstStepRunsAfterCallbacksScheduledBeforeIt() throws Exception {
        List<String> log = new ArrayList<>();
        loop.callSoon(() -> log.add("before"));
        Task<String> t = loop.createTask(() -> {
            log.add("step1");
            return "r";
        });
        loop.callSoon(() -> log.add("after"));
        assertFalse(t.done());
        assertEquals("r", loop.runUntilComplete(t));
        assertEquals(List.of("before", "step1", "after"), log);
    }

    @Test
    void tasksInterleaveOneStepEach() throws Exception {
        List<String> log = new ArrayList<>();
        Coroutine<Void> a = () -> {
            log.add("a1");
            await(Asyncio.sleep(0));
            log.add("a2");
            return null;
        };
        Coroutine<Void> b = () -> {
            log.add("b1");
            await(Asyncio.sleep(0));
            log.add("b2");
            return null;
        };
        Task<Void> ta = loop.createTask(a);
        Task<Void> tb = loop.createTask(b);
        loop.runUntilComplete(Asyncio.gather(ta, tb));
        assertEquals(List.of("a1", "b1", "a2", "b2"), log);
    }

    @Test
    void awaitingADoneFutureDoesNotSuspend() throws Exception {
        List<String> log = new ArrayList<>();
        Future<Integer> done = loop.createFuture();
        done.setResult(7);
        int r = loop.runUntilComplete(() -> {
            loop.callSoon(() -> log.add("callback"));
            int v = await(done);
            log.add("after await " + v);
            return v;
        });
        assertEquals(7, r);
        assertEquals(List.of("after await 7", "callback"), log);
    }

    @Test
    void awaitingAPendingFutureResumesAfterItsDoneCallback() throws Exception {
        List<String> log = new ArrayList<>();
        Future<String> f = loop.createFuture();
        Task<String> t = loop.createTask(() -> {
            log.add("waiting");
            String v = await(f);
            log.add("got " + v);
            return v;
        });
        loop.callSoon(() -> {
            f.setResult("x");
            log.add("set");
            loop.callSoon(() -> log.add("scheduled after set"));
        });
        assertEquals("x", loop.runUntilComplete(t));
        assertEquals(List.of("waiting", "set", "got x", "scheduled after set"), log);
    }

    @Test
    void awaitRethrowsTheFuturesExceptionAsItIs() throws Exception {
        Future<String> f = loop.createFuture();
        IOException boom = new IOException("boom");
        loop.callSoon(() -> f.setException(boom));
        Throwable caught = loop.runUntilComplete(() -> {
            try {
                await(f);
                return null;
            } catch (IOException e) {
                return e;
            }
        });
        assertSame(boom, caught);
    }

    @Test
    void checkedUncheckedAndErrorsAreRethrownAsTheyAre() throws Exception {
        Throwable[] kinds = {new IOException("checked"), new IllegalArgumentException("unchecked"),
            new StackOverflowError("error"), new AssertionError("assertion")};
        for (Throwable kind : kinds) {
            Task<Object> inner = loop.createTask(() -> {
                await(Asyncio.sleep(0));
                throw sneaky(kind);
            });
            Throwable seenByAwaiter = loop.runUntilComplete(() -> {
                try {
                    await(inner);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertSame(kind, seenByAwaiter);
            assertSame(kind, inner.exception());
            Throwable fromResult = assertThrows(Throwable.class, inner::result);
            assertSame(kind, fromResult);
        }
    }

    @Test
    void runUntilCompleteOfAFailedCoroutineThrowsItsException() {
        IllegalStateException boom = new IllegalStateException("boom");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> {
            throw boom;
        }));
        assertSame(boom, thrown);
    }

    @Test
    void resultBeforeDoneIsAnInvalidStateError() throws Exception {
        Task<Integer> t = loop.createTask(() -> 1);
        InvalidStateError e = assertThrows(InvalidStateError.class, t::result);
        assertEquals("Result is not set.", e.getMessage());
        assertThrows(InvalidStateError.class, t::exception);
        loop.runUntilComplete(t);
        assertEquals(1, t.result());
        assertEquals(null, t.exception());
    }

    @Test
    void onlyTheBodyDecidesATasksOutcome() throws Exception {
        Task<Integer> t = loop.createTask(() -> 1);
        assertFalse(t.done());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> t.setResult(2));
        assertEquals("Task does not support set_result operation", e.getMessage());
        e = assertThrows(IllegalStateException.class, () -> t.setException(new IOException()));
        assertEquals("Task does not support set_exception operation", e.getMessage());
        assertEquals(1, loop.runUntilComplete(t));
        assertTrue(t.done());
        assertFalse(t.cancelled());
    }

    @Test
    void doneCallbacksOfATaskAreScheduledNotRunInline() throws Exception {
        List<String> log = new ArrayList<>();
        Task<Integer> t = loop.createTask(() -> {
            log.add("body");
            return 5;
        });
        t.addDoneCallback(f -> log.add("callback"));
        loop.runUntilComplete(t);
        loop.runUntilComplete(loop.createTask(() -> {
            log.add("next task");
            return null;
        }));
        assertEquals(List.of("body", "callback", "next task"), log);
    }

    @Test
    void awaitOfAPendingFutureOfAnotherLoopFailsAtTheAwait() throws Exception {
        EventLoop other = Asyncio.newEventLoop();
        try {
            Future<String> foreign = other.createFuture();
            String message = loop.runUntilComplete(() -> {
                try {
                    await(foreign);
                    return "no error";
                } catch (IllegalStateException e) {
                    return e.getMessage();
                }
            });
            assertTrue(message.startsWith("Task <Task "), message);
            assertTrue(message.contains(" got Future " + foreign + " attached to a different loop"), message);
        } finally {
            other.close();
        }
    }

    @Test
    void theDifferentLoopErrorArrivesOneIterationLaterAndTheTaskGoesOn() throws Exception {
        EventLoop other = Asyncio.newEventLoop();
        try {
            Future<String> foreign = other.createFuture();
            List<String> log = new ArrayList<>();
            Task<String> t = loop.createTask(() -> {
                loop.callSoon(() -> log.add("callback"));
                try {
                    await(foreign);
                } catch (IllegalStateException e) {
                    log.add("refused");
                }
                await(Asyncio.sleep(0));
                return "went on";
            });
            assertEquals("went on", loop.runUntilComplete(t));
            assertEquals(List.of("callback", "refused"), log);
        } finally {
            other.close();
        }
    }

    @Test
    void aDoneFutureOfAnotherLoopCanBeAwaited() throws Exception {
        EventLoop other = Asyncio.newEventLoop();
        try {
            Future<String> foreign = other.createFuture();
            foreign.setResult("ok");
            assertEquals("ok", loop.runUntilComplete(() -> await(foreign)));
        } finally {
            other.close();
        }
    }

    @Test
    void aTaskCannotAwaitItself() throws Exception {
        @SuppressWarnings("unchecked")
        Task<String>[] self = new Task[1];
        self[0] = loop.createTask(() -> {
            try {
                await(self[0]);
                return "no error";
            } catch (IllegalStateException e) {
                return e.getMessage();
            }
        });
        String message = loop.runUntilComplete(self[0]);
        assertTrue(message.startsWith("Task cannot await on itself: <Task "), message);
    }

    @Test
    void awaitOutsideATaskIsAClearIllegalStateException() throws Exception {
        Future<String> f = loop.createFuture();
        IllegalStateException fromMain = assertThrows(IllegalStateException.class, () -> await(f));
        assertTrue(fromMain.getMessage().contains("must be called inside a task"), fromMain.getMessage());
        assertTrue(fromMain.getMessage().contains("no running event loop"), fromMain.getMessage());
        Throwable[] fromCallback = new Throwable[1];
        loop.callSoon(() -> {
            try {
                await(f);
            } catch (Throwable t) {
                fromCallback[0] = t;
            }
        });
        spin(1);
        assertTrue(fromCallback[0] instanceof IllegalStateException, String.valueOf(fromCallback[0]));
        assertTrue(fromCallback[0].getMessage().contains("there is no current task"));
        assertThrows(IllegalArgumentException.class, () -> loop.runUntilComplete(() -> await(null)));
    }

    @Test
    void defaultNamesAreTaskNAndIncrease() throws Exception {
        Task<Void> a = loop.createTask(() -> null);
        Task<Void> b = loop.createTask(() -> null);
        assertTrue(a.getName().matches("Task-\\d+"), a.getName());
        long na = Long.parseLong(a.getName().substring(5));
        long nb = Long.parseLong(b.getName().substring(5));
        assertTrue(nb > na);
        loop.runUntilComplete(b);
    }

    @Test
    void namesGivenAtCreationOrSetLater() throws Exception {
        Task<Void> named = loop.createTask(() -> null, "worker");
        assertEquals("worker", named.getName());
        named.setName("renamed");
        assertEquals("renamed", named.getName());
        assertTrue(named.toString().contains("name='renamed'"), named.toString());
        named.setName(null);
        assertEquals("null", named.getName());
        loop.runUntilComplete(named);
    }

    @Test
    void getCoroReturnsTheCoroutine() throws Exception {
        Coroutine<Integer> coro = () -> 3;
        Task<Integer> t = loop.createTask(coro);
        assertSame(coro, t.getCoro());
        loop.runUntilComplete(t);
        assertSame(coro, t.getCoro());
    }

    @Test
    void reprFollowsTheStates() throws Exception {
        Future<Void> f = loop.createFuture();
        Task<String> t = loop.createTask(() -> {
            await(f);
            return "fine";
        }, "repr");
        t.addDoneCallback(done -> { });
        assertTrue(t.toString().startsWith("<Task pending name='repr' coro="), t.toString());
        assertTrue(t.toString().matches("<Task pending name='repr' coro=\\S+ cb=\\[[^,]+\\]>"), t.toString());
        spin(1);
        assertTrue(t.toString().contains(" wait_for=" + f + " cb=["), t.toString());
        t.cancel();
        assertTrue(t.toString().startsWith("<Task cancelling name='repr'"), "cancelling() > 0: " + t);
        assertThrows(org.jasyncio.CancelledError.class, () -> loop.runUntilComplete(t));
        assertTrue(t.toString().startsWith("<Task cancelled name='repr' coro="), t.toString());
        Task<String> u = loop.createTask(() -> "fine", "done");
        u.cancel();
        assertTrue(u.toString().startsWith("<Task cancelling name='done'"), u.toString());
        Task<String> v = loop.createTask(() -> "fine", "finished");
        loop.runUntilComplete(v);
        assertTrue(v.toString().startsWith("<Task finished name='finished' coro="), v.toString());
        assertTrue(v.toString().endsWith(" result='fine'>"), v.toString());
        assertNotEquals(v.toString(), f.toString());
    }

    @Test
    void aTaskAwaitingANonBlockingCoroutineCallRunsItInline() throws Exception {
        Coroutine<Integer> helper = () -> {
            await(Asyncio.sleep(0));
            return 20;
        };
        assertEquals(42, loop.runUntilComplete(() -> helper.call() + helper.call() + 2));
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> E sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
