package org.jasyncio;

/**
 * An operation not allowed in a future's current state ({@code asyncio: asyncio.InvalidStateError}): asking for the
 * result of a future that is not done ("Result is not set."), or setting the result of one that is done
 * ("invalid state"). The texts are those of asyncio's C futures, which CPython uses by default.
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An error with asyncio's message.
     *
     * @param message what was wrong
     */
    public InvalidStateError(String message) {
        super(message);
    }
}
