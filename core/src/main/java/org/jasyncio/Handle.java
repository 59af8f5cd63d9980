package org.jasyncio;

/**
 * A callback scheduled on a loop by {@link EventLoop#callSoon} and its kin; keep it to cancel the callback
 * ({@code asyncio: asyncio.Handle}).
 *
 * <p>Loop-only: cancel from the loop thread; from another thread use
 * {@code loop.callSoonThreadsafe(handle::cancel)}.
 */
public interface Handle {
    /**
     * Cancels the callback: it will not run if it has not run yet. Cancelling twice, or after the callback ran, does
     * nothing. asyncio: {@code Handle.cancel}.
     */
    void cancel();

    /**
     * Whether {@link #cancel()} was called. asyncio: {@code Handle.cancelled}.
     *
     * @return true once cancelled
     */
    boolean cancelled();
}
