package org.jasyncio;

/** Makes the tasks of a loop; see {@link EventLoop#setTaskFactory}. */
@FunctionalInterface
public interface TaskFactory {
    <T> Task<T> createTask(EventLoop loop, Coroutine<T> coro, Context ctx);
}
