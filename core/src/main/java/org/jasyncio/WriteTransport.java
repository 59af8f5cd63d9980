package org.jasyncio;

import java.nio.ByteBuffer;

/** asyncio.WriteTransport. */
public interface WriteTransport extends BaseTransport {
    void write(byte[] data);

    /** Writes the buffer's remaining bytes; the transport copies what it cannot send at once. */
    void write(ByteBuffer data);

    void writelines(Iterable<byte[]> chunks);

    boolean canWriteEof();

    void writeEof();

    void abort();

    int getWriteBufferSize();

    void setWriteBufferLimits(int high);

    void setWriteBufferLimits(int high, int low);

    /**
     * asyncio's set_write_buffer_limits() with high=None, low=None: back to 64 KiB and 16 KiB. (high=None with a low
     * is {@code setWriteBufferLimits(4 * low, low)}.)
     */
    default void setWriteBufferLimits() {
        setWriteBufferLimits(64 * 1024);
    }

    int getWriteBufferLowLimit();

    int getWriteBufferHighLimit();
}
