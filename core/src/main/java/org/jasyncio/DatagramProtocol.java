package org.jasyncio;

import java.net.SocketAddress;

/**
 * The callbacks of a datagram endpoint made by {@link EventLoop#createDatagramEndpoint}
 * ({@code asyncio: asyncio.DatagramProtocol}).
 *
 * <!-- sample: statements
 *      given: EventLoop loop -->
 * <pre>{@code
 * class Echo implements DatagramProtocol {
 *     private DatagramTransport transport;
 *     public void connectionMade(BaseTransport t) { transport = (DatagramTransport) t; }
 *     public void datagramReceived(byte[] data, SocketAddress from) { transport.sendto(data, from); }
 * }
 * var ep = await(loop.createDatagramEndpoint(Echo::new, new InetSocketAddress("127.0.0.1", 9999), null));
 * }</pre>
 *
 * <p>Loop-only: called by the loop thread.
 */
public interface DatagramProtocol extends BaseProtocol {
    /**
     * A datagram arrived. asyncio: {@code DatagramProtocol.datagram_received}.
     *
     * @param data a fresh array with the datagram's bytes (possibly empty); the protocol may keep it
     * @param address the sender
     */
    default void datagramReceived(byte[] data, SocketAddress address) {
    }

    /**
     * A previous send or receive failed, for example with an ICMP port unreachable on a connected endpoint
     * ({@link java.net.PortUnreachableException}); the endpoint stays open. asyncio:
     * {@code DatagramProtocol.error_received}.
     *
     * @param exc the error, an {@link java.io.IOException} in practice
     */
    default void errorReceived(Exception exc) {
    }
}
