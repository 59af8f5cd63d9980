package org.jasyncio;

/** asyncio.InvalidStateError: an operation not allowed in the future's current state. */
public class InvalidStateError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public InvalidStateError(String message) {
        super(message);
    }
}
