package org.jasyncio;

/**
 * The deadline of one {@link Asyncio#timeout(double, TimeoutBody)} block, handed to its body (asyncio:
 * {@code asyncio.Timeout}, what {@code async with asyncio.timeout(...) as t} binds). Loop-only.
 */
public interface Timeout {
    /**
     * The deadline in the loop's clock ({@link EventLoop#time()}), or {@code Double.POSITIVE_INFINITY} for none
     * (asyncio: {@code Timeout.when()}, None there).
     *
     * @return the current deadline
     */
    double when();

    /**
     * Moves the deadline to {@code when} in the loop's clock; {@code Double.POSITIVE_INFINITY} removes it, a time
     * already past expires the block on the next loop iteration (asyncio: {@code Timeout.reschedule(when)}).
     *
     * @param when the new deadline
     * @throws IllegalStateException once the block has expired or ended: "Cannot change state of expiring Timeout",
     *     "Cannot change state of expired Timeout", "Cannot change state of finished Timeout"
     * @throws IllegalArgumentException when {@code when} is NaN
     */
    void reschedule(double when);

    /**
     * True once the deadline passed and the block's task was cancelled for it, also after the block ended (asyncio:
     * {@code Timeout.expired()}).
     *
     * @return whether this timeout fired
     */
    boolean expired();
}
