package org.jasyncio;

import java.nio.ByteBuffer;

/**
 * A stream protocol whose transport reads straight into a buffer the protocol provides, so no array is made per
 * read ({@code asyncio: asyncio.BufferedProtocol}). For each read the transport calls {@link #getBuffer(int)}, reads
 * into it and reports the count with {@link #bufferUpdated(int)}.
 *
 * <p>Loop-only: called by the loop thread.
 */
public interface BufferedProtocol extends BaseProtocol {
    /**
     * A buffer to read into, from its position up to its limit. asyncio: {@code BufferedProtocol.get_buffer}.
     *
     * @param sizeHint the room the transport would like; a smaller buffer is fine, an empty one (or null) is an
     *     error reported to the exception handler, and the connection is closed
     * @return the buffer the next read fills; the transport does not keep it after {@link #bufferUpdated(int)}
     */
    ByteBuffer getBuffer(int sizeHint);

    /**
     * The last buffer returned by {@link #getBuffer(int)} holds {@code nbytes} new bytes, ending at its position: the
     * read advanced the position by {@code nbytes}, as a channel read does. asyncio:
     * {@code BufferedProtocol.buffer_updated}.
     *
     * @param nbytes how many bytes were read, at least 1
     */
    void bufferUpdated(int nbytes);

    /**
     * The peer closed its writing side. asyncio: {@code BufferedProtocol.eof_received}.
     *
     * @return true to keep this side open (half-close), false to let the transport close
     */
    default boolean eofReceived() {
        return false;
    }
}
