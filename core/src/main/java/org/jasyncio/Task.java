package org.jasyncio;

import org.jasyncio.internal.task.CoroutineTask;

/** asyncio.Task: a future that runs a {@link Coroutine} on its loop. */
public interface Task<T> extends Future<T> {
    String getName();

    void setName(String name);

    Coroutine<T> getCoro();

    /** How many cancellation requests are pending. */
    int cancelling();

    /** Withdraws one cancellation request; returns how many remain. */
    int uncancel();

    /**
     * A task of the library's own kind, scheduled on {@code loop} to run in {@code ctx} (null: a copy of the current
     * context). This is what a {@link TaskFactory} that only decorates tasks calls.
     */
    static <T> Task<T> create(EventLoop loop, Coroutine<T> coro, Context ctx) {
        return CoroutineTask.create(loop, coro, ctx, null);
    }
}
