package org.jasyncio;

/**
 * When {@link Asyncio#wait(java.util.Collection, double, ReturnWhen)} returns (asyncio: {@code asyncio.FIRST_COMPLETED},
 * {@code FIRST_EXCEPTION}, {@code ALL_COMPLETED}).
 *
 * <p>Immutable and thread-safe.
 */
public enum ReturnWhen {
    /** As soon as any future is done or cancelled. */
    FIRST_COMPLETED,
    /** As soon as any future fails with an exception (not a cancellation), else when all are done. */
    FIRST_EXCEPTION,
    /** When every future is done or cancelled. */
    ALL_COMPLETED
}
