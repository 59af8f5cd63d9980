package org.jasyncio;

import java.net.SocketAddress;

/**
 * One datagram received by {@link EventLoop#sockRecvfrom}: asyncio's {@code (data, address)} tuple.
 *
 * <p>Thread-safe to hand to another thread; {@code data} is the array itself, not a copy, so do not change it while
 * others read it.
 *
 * @param data the datagram's bytes, a fresh array (possibly empty)
 * @param address the sender
 */
public record Datagram(byte[] data, SocketAddress address) {
}
