package org.jasyncio;

/**
 * The body of a task: asyncio's coroutine function ({@code async def}). Inside it, {@link Asyncio#await(Future)}
 * suspends the body until the awaited future is done, without blocking the loop.
 *
 * <pre>{@code
 * Coroutine<String> fetch = () -> {
 *     await(Asyncio.sleep(0.5));
 *     return "done";
 * };
 * Task<String> t = loop.createTask(fetch, "fetch");
 * }</pre>
 *
 * @param <T> the result type ({@code Void} and {@code return null} when there is none)
 */
@FunctionalInterface
public interface Coroutine<T> {
    /**
     * Runs the body. It is called once, by the task that runs it, on the loop's terms.
     *
     * @return the task's result
     * @throws Exception any exception, which becomes the task's exception
     */
    T call() throws Exception;
}
