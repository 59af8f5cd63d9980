package org.jasyncio;

/**
 * The body of a task: asyncio's coroutine function. Inside it, {@link Asyncio#await(Future)} suspends the body
 * until the awaited future is done, without blocking the loop.
 */
@FunctionalInterface
public interface Coroutine<T> {
    T call() throws Exception;
}
