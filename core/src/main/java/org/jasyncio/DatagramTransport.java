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
     *     null or that same address. A destination the socket cannot reach (an IPv6 address for an IPv4
     *     endpoint) goes to {@link DatagramProtocol#errorReceived} as an {@code IOException}, as asyncio's OSError
     * @throws IllegalArgumentException when {@code data} is null, or the address is unresolved, is of another kind
     *     than the endpoint's own (a path for an inet endpoint), or does not match the connected one
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

    /**
     * Sets the high-water mark; the low-water mark becomes high / 4 (rounded down,
     * as Python's {@code high // 4}). Loop-only. asyncio:
     * {@code DatagramTransport.set_write_buffer_limits(high)}.
     *
     * @param high bytes buffered above which the protocol's {@code pauseWriting} is called
     * @throws IllegalArgumentException if {@code high} is negative
     */
    void setWriteBufferLimits(int high);

    /**
     * Sets both water marks. Loop-only. asyncio: {@code DatagramTransport.set_write_buffer_limits(high, low)}.
     *
     * @param high bytes buffered above which the protocol is paused
     * @param low bytes buffered at or below which a paused protocol is resumed
     * @throws IllegalArgumentException unless {@code high >= low >= 0}
     */
    void setWriteBufferLimits(int high, int low);

    /** Both marks back to their defaults, 64 KiB and 16 KiB. asyncio: {@code set_write_buffer_limits()} (None, None). */
    default void setWriteBufferLimits() {
        setWriteBufferLimits(64 * 1024);
    }

    /**
     * The low-water mark. asyncio: {@code DatagramTransport.get_write_buffer_limits()[0]}.
     *
     * @return the low-water mark in bytes
     */
    int getWriteBufferLowLimit();

    /**
     * The high-water mark. asyncio: {@code DatagramTransport.get_write_buffer_limits()[1]}.
     *
     * @return the high-water mark in bytes
     */
    int getWriteBufferHighLimit();
}
