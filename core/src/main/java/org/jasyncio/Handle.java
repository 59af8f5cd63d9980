package org.jasyncio;

/** A callback scheduled on a loop ({@code asyncio.Handle}). */
public interface Handle {
    /** Cancels the callback; a cancelled callback never runs. Cancelling twice does nothing. */
    void cancel();

    boolean cancelled();
}
