package org.jasyncio;

import java.net.SocketAddress;

/**
 * One datagram received by {@link EventLoop#sockRecvfrom}: asyncio's {@code (data, address)} tuple.
 *
 * @param data the datagram's bytes, a fresh array (possibly empty)
 * @param address the sender
 */
public record Datagram(byte[] data, SocketAddress address) {
}
