package org.jasyncio;

import java.nio.ByteBuffer;

/**
 * The writing side of a transport ({@code asyncio: asyncio.WriteTransport}). Writes never block: what the socket
 * or pipe does not take at once is copied into the transport's buffer and sent as it drains. Flow control: past the
 * high-water mark (64 KiB by default) the protocol's {@link BaseProtocol#pauseWriting()} is called, and
 * {@link BaseProtocol#resumeWriting()} once the buffer is down to the low-water mark (high / 4 by default).
 *
 * <p>Loop-only.
 */
public interface WriteTransport extends BaseTransport {
    /**
     * Sends {@code data}. asyncio: {@code WriteTransport.write}.
     *
     * @param data the bytes; the transport does not keep the array, so it may be reused at once
     * @throws IllegalArgumentException when {@code data} is null
     * @throws IllegalStateException "Cannot call write() after write_eof()"
     */
    void write(byte[] data);

    /**
     * Sends the buffer's remaining bytes; its position moves past them. The transport copies what it cannot send at
     * once, so the buffer may be reused when the call returns.
     *
     * @param data the bytes from position to limit
     * @throws IllegalArgumentException when {@code data} is null
     * @throws IllegalStateException "Cannot call write() after write_eof()"
     */
    void write(ByteBuffer data);

    /**
     * Sends every chunk, in order, as one write. asyncio: {@code WriteTransport.writelines}.
     *
     * @param chunks the byte arrays to send
     * @throws IllegalStateException "Cannot call writelines() after write_eof()"
     */
    void writelines(Iterable<byte[]> chunks);

    /**
     * Whether {@link #writeEof()} is supported: true for TCP and Unix sockets and write pipes, false for TLS.
     * asyncio: {@code WriteTransport.can_write_eof}.
     *
     * @return whether this transport can half-close
     */
    boolean canWriteEof();

    /**
     * Closes the writing side once the buffered data is sent (a TCP half-close); reading goes on. asyncio:
     * {@code WriteTransport.write_eof}.
     *
     * @throws UnsupportedOperationException on a transport whose {@link #canWriteEof()} is false
     */
    void writeEof();

    /**
     * Closes the transport at once, dropping buffered data; the protocol's {@link BaseProtocol#connectionLost} is
     * called with null. asyncio: {@code WriteTransport.abort}.
     */
    void abort();

    /**
     * Bytes buffered and not yet sent. asyncio: {@code WriteTransport.get_write_buffer_size}.
     *
     * @return the buffered byte count
     */
    int getWriteBufferSize();

    /**
     * Sets the high-water mark; the low one becomes {@code high / 4} (rounded down,
     * as Python's {@code high // 4}). asyncio:
     * {@code WriteTransport.set_write_buffer_limits(high)}.
     *
     * @param high bytes buffered above which the protocol is paused
     * @throws IllegalArgumentException when {@code high} is negative
     */
    void setWriteBufferLimits(int high);

    /**
     * Sets both water marks. asyncio: {@code WriteTransport.set_write_buffer_limits(high, low)}.
     *
     * @param high bytes buffered above which the protocol is paused
     * @param low bytes buffered at or below which a paused protocol is resumed
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    void setWriteBufferLimits(int high, int low);

    /**
     * asyncio's set_write_buffer_limits() with high=None, low=None: back to 64 KiB and 16 KiB. (high=None with a low
     * is {@code setWriteBufferLimits(4 * low, low)}.)
     */
    default void setWriteBufferLimits() {
        setWriteBufferLimits(64 * 1024);
    }

    /**
     * The low-water mark. asyncio: {@code get_write_buffer_limits()[0]}.
     *
     * @return the low-water mark in bytes
     */
    int getWriteBufferLowLimit();

    /**
     * The high-water mark. asyncio: {@code get_write_buffer_limits()[1]}.
     *
     * @return the high-water mark in bytes
     */
    int getWriteBufferHighLimit();
}
