package org.jasyncio;

/** Makes the tasks of a loop; see {@link EventLoop#setTaskFactory}. */
@FunctionalInterface
public interface TaskFactory {
    <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, Context ctx);

    /**
     * {@link #createTask(EventLoop, Coroutine, Context)} with the task's name (null: none given), which is what the
     * loop calls (asyncio passes {@code name} to the factory). By default the three-argument method makes the task
     * and the name is set on it afterwards; a factory whose task may run code at once (the eager one) overrides this
     * so the body sees its name.
     */
    default <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, String name, Context ctx) {
        Task<T> task = createTask(loop, coro, ctx);
        if (name != null) {
            task.setName(name);
        }
        return task;
    }
}
