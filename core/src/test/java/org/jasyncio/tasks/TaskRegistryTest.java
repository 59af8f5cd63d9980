package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.TaskFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** currentTask, allTasks, task factories and contexts (test_tasks.py, test_base_events.py task factory tests). */
@Tag("coroutines")
class TaskRegistryTest extends LoopFixture {

    @Test
    void currentTaskIsTheRunningTask() throws Exception {
        @SuppressWarnings("unchecked")
        Task<Object>[] t = new Task[1];
        t[0] = loop.createTask(() -> Asyncio.currentTask());
        assertSame(t[0], loop.runUntilComplete(t[0]));
    }

    @Test
    void currentTaskIsNullInAPlainCallbackAndThrowsWithoutALoop() throws Exception {
        Object[] seen = {"unset"};
        loop.callSoon(() -> seen[0] = Asyncio.currentTask());
        spin(1);
        assertNull(seen[0]);
        IllegalStateException e = assertThrows(IllegalStateException.class, Asyncio::currentTask);
        assertEquals("no running event loop", e.getMessage());
        assertNull(Asyncio.currentTask(loop));
    }

    @Test
    void currentTaskStaysCorrectAcrossAwaits() throws Exception {
        List<Boolean> same = new ArrayList<>();
        Coroutine<Void> body = () -> {
            Task<?> me = Asyncio.currentTask();
            for (int i = 0; i < 3; i++) {
                await(Asyncio.sleep(0));
                same.add(Asyncio.currentTask() == me);
            }
            return null;
        };
        loop.runUntilComplete(Asyncio.gather(loop.createTask(body), loop.createTask(body)));
        assertEquals(6, same.size());
        assertFalse(same.contains(false));
    }

    @Test
    void allTasksListsPendingTasksOnlyAndDoneTasksLeave() throws Exception {
        Future<Void> gate = loop.createFuture();
        Task<Void> waiting = loop.createTask(() -> {
            await(gate);
            return null;
        });
        Task<Void> quick = loop.createTask(() -> null);
        Set<Task<?>> during = loop.runUntilComplete(() -> {
            await(Asyncio.sleep(0));
            return Asyncio.allTasks();
        });
        assertTrue(during.contains(waiting));
        assertFalse(during.contains(quick));
        assertTrue(quick.done());
        gate.setResult(null);
        loop.runUntilComplete(waiting);
        assertFalse(Asyncio.allTasks(loop).contains(waiting));
        assertTrue(Asyncio.allTasks(loop).isEmpty());
    }

    @Test
    void allTasksIncludesTheCurrentTaskAndNeedsARunningLoop() throws Exception {
        Task<Boolean> t = loop.createTask(() -> Asyncio.allTasks().contains(Asyncio.currentTask()));
        assertTrue(loop.runUntilComplete(t));
        assertThrows(IllegalStateException.class, Asyncio::allTasks);
    }

    @Test
    void aNullLoopMeansTheRunningOne() throws Exception {
        Task<Boolean> t = loop.createTask(() -> Asyncio.currentTask(null) == Asyncio.currentTask()
                && Asyncio.allTasks(null).equals(Asyncio.allTasks(loop)));
        assertTrue(loop.runUntilComplete(t));
        assertThrows(IllegalStateException.class, () -> Asyncio.allTasks(null));
    }

    @Test
    void taskFactoryIsUsedAndCanBeReset() throws Exception {
        assertNull(loop.getTaskFactory());
        List<String> made = new ArrayList<>();
        TaskFactory factory = new TaskFactory() {
            @Override
            public <T> Task<T> createTask(EventLoop l, Coroutine<T> coro, Context ctx) {
                made.add("made");
                return Task.create(l, coro, ctx);
            }
        };
        loop.setTaskFactory(factory);
        assertSame(factory, loop.getTaskFactory());
        Task<Integer> t = loop.createTask(() -> 4);
        assertEquals(4, loop.runUntilComplete(t));
        assertEquals(List.of("made"), made);
        loop.setTaskFactory(null);
        assertNull(loop.getTaskFactory());
        loop.runUntilComplete(loop.createTask(() -> 5));
        assertEquals(1, made.size());
    }

    @Test
    void theRequestedNameIsAppliedToTheFactorysTask() throws Exception {
        loop.setTaskFactory(new TaskFactory() {
            @Override
            public <T> Task<T> createTask(EventLoop l, Coroutine<T> coro, Context ctx) {
                return Task.create(l, coro, ctx);
            }
        });
        Task<Void> t = loop.createTask(() -> null, "from-factory");
        assertEquals("from-factory", t.getName());
        loop.runUntilComplete(t);
    }

    @Test
    void runUntilCompleteOfACoroutineGoesThroughTheFactory() throws Exception {
        int[] calls = {0};
        loop.setTaskFactory(new TaskFactory() {
            @Override
            public <T> Task<T> createTask(EventLoop l, Coroutine<T> coro, Context ctx) {
                calls[0]++;
                Task<T> task = Task.create(l, coro, ctx);
                task.setName("decorated-" + calls[0]);
                return task;
            }
        });
        String name = loop.runUntilComplete(() -> Asyncio.currentTask().getName());
        assertEquals(1, calls[0]);
        assertEquals("decorated-1", name);
    }

    @Test
    void theFactoryReceivesTheContextGivenToCreateTask() throws Exception {
        Context given = new Context();
        Context[] received = new Context[1];
        loop.setTaskFactory(new TaskFactory() {
            @Override
            public <T> Task<T> createTask(EventLoop l, Coroutine<T> coro, Context ctx) {
                received[0] = ctx;
                return Task.create(l, coro, ctx);
            }
        });
        loop.runUntilComplete(loop.createTask(() -> null, null, given));
        assertSame(given, received[0]);
        loop.runUntilComplete(loop.createTask(() -> null));
        assertTrue(received[0] != null && received[0] != given, "a copy of the current context otherwise");
    }

    @Test
    void aTasksContextIsACopyMadeAtCreation() throws Exception {
        ContextVar<String> var = new ContextVar<>("var", "default");
        Context outer = new Context();
        String[] seen = new String[3];
        outer.run(() -> {
            var.set("creator");
            Task<Void> t = loop.createTask(() -> {
                seen[0] = var.get();
                var.set("changed by task");
                await(Asyncio.sleep(0));
                seen[1] = var.get();
                return null;
            });
            var.set("creator changed after");
            try {
                loop.runUntilComplete(t);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            seen[2] = var.get();
        });
        assertEquals("creator", seen[0]);
        assertEquals("changed by task", seen[1]);
        assertEquals("creator changed after", seen[2], "the task's change did not leak to its creator");
    }

    @Test
    void theContextArgumentIsHonoured() throws Exception {
        ContextVar<Integer> var = new ContextVar<>("n", 0);
        Context ctx = new Context();
        ctx.run(() -> var.set(41));
        int seen = loop.runUntilComplete(loop.createTask(() -> {
            int v = var.get();
            var.set(v + 1);
            await(Asyncio.sleep(0));
            return var.get();
        }, null, ctx));
        assertEquals(42, seen);
        assertEquals(42, ctx.get(var), "the task ran in the given context itself");
        assertEquals(0, var.get());
    }

    @Test
    void tasksDoNotSeeEachOthersChanges() throws Exception {
        ContextVar<String> var = new ContextVar<>("who", "nobody");
        List<String> log = new ArrayList<>();
        Coroutine<Void> a = () -> {
            var.set("a");
            await(Asyncio.sleep(0));
            log.add("a sees " + var.get());
            return null;
        };
        Coroutine<Void> b = () -> {
            log.add("b sees " + var.get());
            var.set("b");
            await(Asyncio.sleep(0));
            return null;
        };
        loop.runUntilComplete(Asyncio.gather(loop.createTask(a), loop.createTask(b)));
        assertEquals(List.of("b sees nobody", "a sees a"), log);
    }

    @Test
    void childTasksInheritTheParentsContextAtCreation() throws Exception {
        ContextVar<String> var = new ContextVar<>("v", "none");
        String child = loop.runUntilComplete(() -> {
            var.set("parent");
            Task<String> c = loop.createTask(() -> var.get());
            var.set("parent later");
            return await(c);
        });
        assertEquals("parent", child);
    }

    @Test
    void createTaskNeedsACoroutineAndAnOpenLoop() {
        assertThrows(IllegalArgumentException.class, () -> loop.createTask(null));
        assertThrows(IllegalArgumentException.class, () -> Task.create(loop, null, null));
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.createTask(() -> null));
        assertEquals("Event loop is closed", e.getMessage());
    }
}
