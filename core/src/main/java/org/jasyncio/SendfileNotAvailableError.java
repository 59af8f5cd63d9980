package org.jasyncio;

/**
 * The zero-copy path cannot send this file over this socket, and the caller asked for no fallback: the future of
 * {@code sockSendfile} (or {@code sendfile}) fails with it. Catch it to fall back yourself, or pass
 * {@code fallback = true}.
 *
 * <p>asyncio: {@code asyncio.SendfileNotAvailableError}, a RuntimeError subclass (here an IllegalStateException).
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public final class SendfileNotAvailableError extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    /**
     * An error saying the zero-copy path cannot be used here.
     *
     * @param message what made the zero-copy path unavailable
     * @param cause the error that showed it, or null
     */
    public SendfileNotAvailableError(String message, Throwable cause) {
        super(message, cause);
    }
}
