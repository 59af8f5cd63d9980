package org.jasyncio;

import java.net.SocketAddress;

/**
 * What {@link EventLoop#sockRecvfromInto} received into the caller's buffer: asyncio's {@code (nbytes, address)}
 * tuple.
 *
 * <p>Immutable and thread-safe.
 *
 * @param nbytes how many bytes of the datagram were put into the buffer (a longer datagram is truncated)
 * @param address the sender
 */
public record DatagramReceipt(int nbytes, SocketAddress address) {
}
