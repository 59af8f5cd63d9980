package org.jasyncio;

/**
 * The reading side of a transport: pausing and resuming delivery to the protocol
 * ({@code asyncio: asyncio.ReadTransport}). Loop-only.
 */
public interface ReadTransport extends BaseTransport {
    /**
     * True while the transport delivers incoming data. asyncio: {@code ReadTransport.is_reading}.
     *
     * @return false after {@link #pauseReading()} or once closing
     */
    boolean isReading();

    /**
     * Stops delivering data to the protocol until {@link #resumeReading()}; the kernel's buffers fill and the peer
     * slows down. Pausing a paused or closing transport does nothing. asyncio: {@code ReadTransport.pause_reading}.
     */
    void pauseReading();

    /**
     * Delivers data again after {@link #pauseReading()}. Resuming a reading or closing transport does nothing.
     * asyncio: {@code ReadTransport.resume_reading}.
     */
    void resumeReading();
}
