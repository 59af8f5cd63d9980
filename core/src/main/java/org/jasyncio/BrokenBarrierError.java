package org.jasyncio;

/**
 * A {@link Barrier} was reset or aborted while a task waited at it (asyncio: {@code asyncio.BrokenBarrierError}).
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class BrokenBarrierError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with asyncio's message ("Barrier aborted", "Abort or reset of barrier").
     *
     * @param message what happened
     */
    public BrokenBarrierError(String message) {
        super(message);
    }
}
