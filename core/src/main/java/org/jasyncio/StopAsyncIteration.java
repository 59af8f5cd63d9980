package org.jasyncio;

import java.util.NoSuchElementException;

/** asyncio's StopAsyncIteration: {@link AsyncGenerator#next()} fails with it once the generator's body has returned. */
public class StopAsyncIteration extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    public StopAsyncIteration() {
        super();
    }

    public StopAsyncIteration(String message) {
        super(message);
    }
}
