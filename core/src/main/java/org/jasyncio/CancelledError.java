package org.jasyncio;

import java.util.concurrent.CancellationException;

/**
 * The operation was cancelled ({@code asyncio: asyncio.CancelledError}). Thrown by {@link Asyncio#await} in a task
 * that was cancelled, and by {@link Future#result()} of a cancelled future.
 *
 * <p>It is a {@link RuntimeException} (through {@link CancellationException}), so a {@code catch (Exception e)}
 * around an {@code await} catches it, where Python's {@code except Exception} would not. A task that catches it must
 * rethrow it (or call {@link Task#uncancel()} on purpose); see {@code docs/PORTING.md}:
 *
 * <!-- sample: statements
 *      given: StreamReader reader; void log(Exception e) -->
 * <pre>{@code
 * try {
 *     await(reader.readline());
 * } catch (CancelledError e) {
 *     throw e;                        // never swallow a cancellation
 * } catch (Exception e) {
 *     log(e);
 * }
 * }</pre>
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class CancelledError extends CancellationException {
    private static final long serialVersionUID = 1L;

    /** A cancellation without a message. */
    public CancelledError() {
        super();
    }

    /**
     * A cancellation with the message given to {@link Future#cancel(String)}.
     *
     * @param message the cancellation's message, may be null
     */
    public CancelledError(String message) {
        super(message);
    }
}
