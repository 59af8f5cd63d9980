package org.jasyncio;

/**
 * A stream protocol that receives each read as a fresh byte array ({@code asyncio: asyncio.Protocol}). The callbacks
 * come in the order {@code connectionMade}, any number of {@code dataReceived}, at most one {@code eofReceived},
 * {@code connectionLost}.
 *
 * <!-- sample: statements
 *      given: EventLoop loop -->
 * <pre>{@code
 * class Echo implements Protocol {
 *     private Transport transport;
 *     public void connectionMade(BaseTransport t) { transport = (Transport) t; }
 *     public void dataReceived(byte[] data) { transport.write(data); }
 * }
 * Server server = await(loop.createServer(Echo::new, "127.0.0.1", 8888));
 * }</pre>
 *
 * <p>Loop-only: called by the loop thread.
 */
public interface Protocol extends BaseProtocol {
    /**
     * Bytes arrived. asyncio: {@code Protocol.data_received}.
     *
     * @param data a fresh array holding exactly the bytes read, never empty; the protocol may keep it
     */
    default void dataReceived(byte[] data) {
    }

    /**
     * The peer closed its writing side. asyncio: {@code Protocol.eof_received}.
     *
     * @return true to keep this side open (a half-close: the protocol may still write, and closes the transport
     *     itself later), false to let the transport close
     */
    default boolean eofReceived() {
        return false;
    }
}
