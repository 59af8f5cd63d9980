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

    int getWriteBufferLowLimit();

    int getWriteBufferHighLimit();
}
