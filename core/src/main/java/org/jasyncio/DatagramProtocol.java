package org.jasyncio;

import java.net.SocketAddress;

/** asyncio.DatagramProtocol. */
public interface DatagramProtocol extends BaseProtocol {
    default void datagramReceived(byte[] data, SocketAddress address) {
    }

    /** A previous send or receive failed (for example ICMP port unreachable on a connected socket). */
    default void errorReceived(Exception exc) {
    }
}
