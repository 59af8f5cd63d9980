package org.jasyncio;

/**
 * Makes the tasks of a loop, in place of the built-in task ({@code asyncio: loop.set_task_factory}'s factory). See
 * {@link EventLoop#setTaskFactory}; a factory that only decorates tasks calls {@link Task#create}.
 */
@FunctionalInterface
public interface TaskFactory {
    /**
     * Makes and schedules a task that runs {@code coro} on {@code loop}. Called on the loop thread.
     *
     * @param <T> the task's result type
     * @param loop the loop the task belongs to
     * @param coro the task's body
     * @param ctx the context to run it in; null means a copy of the current context
     * @return the new task, already scheduled
     */
    <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, Context ctx);
}
