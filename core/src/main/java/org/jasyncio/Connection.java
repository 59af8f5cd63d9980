package org.jasyncio;

/** The {@code (transport, protocol)} pair a connection call completes with. */
public record Connection<T extends BaseTransport, P extends BaseProtocol>(T transport, P protocol) {
}
