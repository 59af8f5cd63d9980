package org.jasyncio;

import java.util.NoSuchElementException;

/**
 * The end of an asynchronous iteration ({@code asyncio: StopAsyncIteration}): {@link AsyncGenerator#next()} fails
 * with it once the generator's body has returned or the generator is closed.
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class StopAsyncIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    /** The end, without a message. */
    public StopAsyncIteration() {
        super();
    }

    /**
     * The end, with a message.
     *
     * @param message the message, may be null
     */
    public StopAsyncIteration(String message) {
        super(message);
    }
}
