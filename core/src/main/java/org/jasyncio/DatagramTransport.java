package org.jasyncio;

import java.net.SocketAddress;

/** asyncio.DatagramTransport. */
public interface DatagramTransport extends BaseTransport {
    /** Sends to the remote address the endpoint was connected to. */
    void sendto(byte[] data);

    void sendto(byte[] data, SocketAddress address);

    void abort();

    int getWriteBufferSize();

    /** asyncio: DatagramTransport.set_write_buffer_limits(high); the low-water mark becomes high / 4. */
    void setWriteBufferLimits(int high);

    /** asyncio: DatagramTransport.set_write_buffer_limits(high, low). */
    void setWriteBufferLimits(int high, int low);

    /** asyncio: set_write_buffer_limits() with high=None, low=None: back to 64 KiB and 16 KiB. */
    default void setWriteBufferLimits() {
        setWriteBufferLimits(64 * 1024);
    }

    /** asyncio: DatagramTransport.get_write_buffer_limits()[0]. */
    int getWriteBufferLowLimit();

    /** asyncio: DatagramTransport.get_write_buffer_limits()[1]. */
    int getWriteBufferHighLimit();
}
