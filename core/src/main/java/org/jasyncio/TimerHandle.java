package org.jasyncio;

/**
 * A callback scheduled for a loop time by {@link EventLoop#callLater} or {@link EventLoop#callAt}
 * ({@code asyncio: asyncio.TimerHandle}). Cancelling it removes the timer. Loop-only.
 */
public interface TimerHandle extends Handle {
    /**
     * The loop time at which the callback is scheduled, on the clock of {@link EventLoop#time()}. asyncio:
     * {@code TimerHandle.when}.
     *
     * @return the due time in seconds
     */
    double when();
}
