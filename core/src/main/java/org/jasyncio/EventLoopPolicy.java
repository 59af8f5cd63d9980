package org.jasyncio;

/**
 * Where the "current" loop of a thread comes from, and how new loops are made
 * ({@code asyncio: asyncio.AbstractEventLoopPolicy}). Install one with {@link Asyncio#setEventLoopPolicy}; most
 * programs keep the {@link DefaultEventLoopPolicy}. Implementations must be thread-safe.
 */
public interface EventLoopPolicy {
    /**
     * The current loop of the calling thread. asyncio: {@code get_event_loop}.
     *
     * @return the loop set for this thread
     * @throws IllegalStateException when none was set
     */
    EventLoop getEventLoop();

    /**
     * Makes {@code loop} the current loop of the calling thread. asyncio: {@code set_event_loop}.
     *
     * @param loop the loop, or null to clear
     */
    void setEventLoop(EventLoop loop);

    /**
     * A new loop, not set as current. asyncio: {@code new_event_loop}.
     *
     * @return a loop that is neither running nor closed
     */
    EventLoop newEventLoop();
}
