package org.jasyncio.internal.net;

/**
 * asyncio's SendfileNotAvailableError (a RuntimeError): the zero-copy path cannot be used for this file and socket,
 * and the caller asked for no fallback.
 */
public final class SendfileNotAvailableError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public SendfileNotAvailableError(String message, Throwable cause) {
        super(message, cause);
    }
}
