package org.jasyncio;

/** A callback scheduled for a loop time ({@code asyncio.TimerHandle}). */
public interface TimerHandle extends Handle {
    /** The loop time, in seconds, at which the callback is scheduled. */
    double when();
}
