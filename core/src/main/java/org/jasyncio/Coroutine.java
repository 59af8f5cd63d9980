package org.jasyncio;

/**
 * The body of a task: asyncio's coroutine function ({@code async def}). Inside it, {@link Asyncio#await(Future)}
 * suspends the body until the awaited future is done, without blocking the loop.
 *
 * <!-- sample: statements
 *      given: EventLoop loop -->
 * <pre>{@code
 * Coroutine<String> fetch = () -> {
 *     await(Asyncio.sleep(0.5));
 *     return "done";
 * };
 * Task<String> t = loop.createTask(fetch, "fetch");
 * }</pre>
 *
 * <p>Loop-only: the body runs as a task of one loop, on the loop thread (continuation engine) or on the task's own
 * virtual thread, which runs only while the loop thread waits for it (portable engine); either way it may call that
 * loop's loop-only methods.
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
