package org.jasyncio;

import java.net.SocketAddress;

/**
 * A UDP endpoint made by {@link EventLoop#createDatagramEndpoint} ({@code asyncio: asyncio.DatagramTransport}).
 * Sends never block: what the socket does not take at once is buffered. Loop-only.
 */
public interface DatagramTransport extends BaseTransport {
    /**
     * Sends one datagram to the remote address the endpoint was connected to. asyncio:
     * {@code DatagramTransport.sendto(data)}.
     *
     * @param data the datagram; the transport does not keep the array
     * @throws IllegalArgumentException when {@code data} is null or the endpoint has no remote address
     */
    void sendto(byte[] data);

    /**
     * Sends one datagram to {@code address}. asyncio: {@code DatagramTransport.sendto(data, addr)}.
     *
     * @param data the datagram; the transport does not keep the array
     * @param address the destination; null means the connected remote address. On a connected endpoint it must be
     *     null or that same address
     * @throws IllegalArgumentException when {@code data} is null, or the address is unresolved or does not match
     *     the connected one
     */
    void sendto(byte[] data, SocketAddress address);

    /**
     * Closes at once, dropping buffered datagrams. asyncio: {@code DatagramTransport.abort}.
     */
    void abort();

    /**
     * Bytes of datagrams buffered and not yet sent. asyncio: {@code get_write_buffer_size}.
     *
     * @return the buffered byte count
     */
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
