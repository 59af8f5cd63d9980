package org.jasyncio;

/**
 * The body of {@link Asyncio#timeout(double, TimeoutBody)}: the block of {@code async with asyncio.timeout(...) as t:}.
 * It runs inline in the calling task and may await.
 *
 * <p>Loop-only: it runs in the calling task, on that task's loop.
 *
 * @param <T> what the body returns, and so what the timeout call returns
 */
@FunctionalInterface
public interface TimeoutBody<T> {
    /**
     * Runs the block.
     *
     * @param t the block's deadline, to read or move
     * @return the block's result
     * @throws Exception anything; it propagates out of the timeout call as is
     */
    T run(Timeout t) throws Exception;
}
