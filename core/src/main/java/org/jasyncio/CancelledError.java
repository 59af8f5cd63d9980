package org.jasyncio;

import java.util.concurrent.CancellationException;

/** asyncio.CancelledError: the operation was cancelled. Thrown at the await point of a cancelled task. */
public class CancelledError extends CancellationException {
    private static final long serialVersionUID = 1L;

    public CancelledError() {
        super();
    }

    public CancelledError(String message) {
        super(message);
    }
}
