package org.jasyncio.internal.task;

import org.jasyncio.Context;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;
import org.jasyncio.TaskFactory;

/** {@code asyncio.eager_task_factory} (3.12): tasks that run their first step inside {@code createTask}. */
public final class EagerTasks implements TaskFactory {
    public static final EagerTasks FACTORY = new EagerTasks();

    private EagerTasks() {
    }

    @Override
    public <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, Context ctx) {
        return CoroutineTask.createEager(loop, coro, ctx, null);
    }

    @Override
    public <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, String name, Context ctx) {
        return CoroutineTask.createEager(loop, coro, ctx, name);
    }

    /** asyncio's {@code create_eager_task_factory}: {@code eager_start} defaults to true, and false is honoured. */
    @Override
    public <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, String name, Context ctx, boolean eagerStart) {
        return eagerStart ? CoroutineTask.createEager(loop, coro, ctx, name) : CoroutineTask.create(loop, coro, ctx, name);
    }

    @Override
    public String toString() {
        return "eager_task_factory";
    }
}
