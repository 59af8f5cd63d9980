package org.jasyncio;

/**
 * A {@link Barrier} was reset or aborted while a task waited at it (asyncio: {@code asyncio.BrokenBarrierError}).
 * asyncio's is a {@code RuntimeError}, which jasyncio maps to {@link IllegalStateException}, so code that catches
 * IllegalStateException (asyncio's {@code except RuntimeError}) catches this too.
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class BrokenBarrierError extends IllegalStateException {
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
