package org.jasyncio;

/**
 * The transport and protocol of a new connection, endpoint, pipe or child process: what asyncio returns as the
 * {@code (transport, protocol)} tuple of {@code loop.create_connection} and its kin.
 *
 * <!-- sample: statements
 *      given: EventLoop loop; class MyProtocol implements Protocol {} -->
 * <pre>{@code
 * Connection<Transport, MyProtocol> c = await(loop.createConnection(MyProtocol::new, "example.org", 80));
 * c.transport().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
 * }</pre>
 *
 * <p>Thread-safe to pass between threads as a value; the transport and protocol it holds are loop-only.
 *
 * @param <T> the transport's type
 * @param <P> the protocol's type, as made by the factory given to the call
 * @param transport the connection's transport
 * @param protocol the protocol the factory made for it
 */
public record Connection<T extends BaseTransport, P extends BaseProtocol>(T transport, P protocol) {
}
