package org.jasyncio;

import java.net.SocketAddress;

/** One datagram received by {@link EventLoop#sockRecvfrom}. */
public record Datagram(byte[] data, SocketAddress address) {
}
