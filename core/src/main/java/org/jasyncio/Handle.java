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

    /**
     * The context the callback runs in: the one given to {@code callSoon}/{@code callLater}/{@code callAt}, itself;
     * else a context holding the variables captured when the callback was scheduled, made on the first call and
     * kept: the callback then runs in it, so a variable set through it reaches the callback, as in asyncio. (Until
     * asked, the loop keeps only the captured values: no Context object per callback.) asyncio:
     * {@code Handle.get_context()} (3.12). Loop-only.
     *
     * @return the callback's context, never null
     * @throws UnsupportedOperationException for a handle not made by this library's loops
     */
    default Context getContext() {
        throw new UnsupportedOperationException(
                getClass().getName() + " has no get_context(); the handles of the library's own loops have it");
    }
}
