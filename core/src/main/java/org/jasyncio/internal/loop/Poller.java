package org.jasyncio.internal.loop;

import java.io.IOException;
import java.nio.channels.SelectableChannel;

/**
 * The seam between the loop and the operating system's readiness API (mio's tiny poll interface, Netty's IoHandler):
 * register, poll, wake up. Transports only ever see {@link PollKey}, so another poller can be slotted in.
 */
public interface Poller extends AutoCloseable {
    /** Registers {@code channel}, which must be non-blocking, for {@code ops}. */
    PollKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException;

    /** The existing registration of {@code channel}, or null. */
    PollKey keyFor(SelectableChannel channel);

    /**
     * Waits up to {@code timeoutNanos} (0: don't wait, negative: no limit) and calls each ready handler.
     * Returns how many handlers were called.
     */
    int poll(long timeoutNanos) throws IOException;

    /**
     * When the last {@link #poll} that could block ({@code timeoutNanos} not 0) called its first handler, in
     * {@link System#nanoTime()} units, or 0 when it called none: the loop's time blocked in the poller ends there.
     */
    default long firstReadyNanos() {
        return 0;
    }

    /** Makes a blocked or the next {@link #poll} return at once. Thread-safe. */
    void wakeup();

    /**
     * Completes the cancellation of the keys cancelled so far, so that their channels, if closed, are closed for real
     * now rather than at the next poll. A poller without that delay does nothing.
     */
    default void flushCancelled() {
    }

    /** Number of channels registered. */
    int registrations();

    @Override
    void close();
}
