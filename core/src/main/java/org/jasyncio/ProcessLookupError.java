package org.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * asyncio's (Python's) {@code ProcessLookupError}: a signal was asked for a process that is gone, as
 * {@link SubprocessTransport#kill()}, {@link SubprocessTransport#terminate()} and
 * {@link SubprocessTransport#sendSignal(String)} throw once the transport has let its child go (after
 * {@code connectionLost}). Python's is an {@code OSError} (errno 3, ESRCH); the methods that throw it declare no
 * checked exception, so it is an {@link UncheckedIOException} whose cause is the {@link IOException} of the OS error
 * (the IOException family of API.md's mapping), and a {@code catch (UncheckedIOException e)} still catches it.
 * Like asyncio, the transport never throws it for a child that exited but is not yet collected, and
 * {@link SubprocessTransport#close()} never throws it.
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class ProcessLookupError extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    /**
     * An error for a signal sent to a process that no longer exists.
     *
     * @param message what was signalled and why it is gone (asyncio's text is the errno's: "No such process")
     */
    public ProcessLookupError(String message) {
        super(message, new IOException("[Errno 3] No such process"));
    }
}
