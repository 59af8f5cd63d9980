package org.jasyncio;

/**
 * Makes the tasks of a loop, in place of the built-in task ({@code asyncio: loop.set_task_factory}'s factory). See
 * {@link EventLoop#setTaskFactory}; a factory that only decorates tasks calls {@link Task#create}.
 *
 * <p>Loop-only: the loop calls it from {@link EventLoop#createTask}, on the thread calling that (loop-only) method.
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

    /**
     * {@link #createTask(EventLoop, Coroutine, Context)} with the task's name (null: none given), which is what the
     * loop calls (asyncio passes {@code name} to the factory). By default the three-argument method makes the task
     * and the name is set on it afterwards; a factory whose task may run code at once (the eager one) overrides this
     * so the body sees its name.
     *
     * @param <T> the task's result type
     * @param loop the loop the task belongs to
     * @param coro the task's body
     * @param name the task's name, or null
     * @param ctx the context to run it in; null means a copy of the current context
     * @return the new task, already scheduled
     */
    default <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, String name, Context ctx) {
        Task<T> task = createTask(loop, coro, ctx);
        if (name != null) {
            task.setName(name);
        }
        return task;
    }

    /**
     * Makes a task for {@code loop.createTask(coro, name, ctx, eagerStart)}: the factory's answer to asyncio 3.14's
     * {@code eager_start=} keyword, which asyncio passes on to the factory. A factory that decorates tasks forwards
     * it to {@link Task#create(EventLoop, Coroutine, String, Context, boolean)}; the eager factory honours it (false
     * makes a task that is scheduled as usual).
     *
     * <p>By default the factory does not take the keyword: it throws, as asyncio's call of a factory without
     * {@code **kwargs} raises TypeError.
     *
     * @param <T> the task's result type
     * @param loop the loop the task belongs to
     * @param coro the task's body
     * @param name the task's name, or null
     * @param ctx the context to run it in; never null when the loop calls it
     * @param eagerStart whether the task's first step should run now (when the loop is running)
     * @return the new task, already scheduled or already started
     * @throws IllegalArgumentException by default: "... got an unexpected keyword argument 'eager_start'"
     */
    default <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, String name, Context ctx, boolean eagerStart) {
        throw new IllegalArgumentException("task factory " + this + " got an unexpected keyword argument 'eager_start'");
    }
}
