package org.jasyncio.internal.tls;

/** asyncio's SSLProtocolState: the life of a TLS connection. */
enum TlsState {
    /** Before the handshake starts and after the connection is gone. */
    UNWRAPPED,
    DO_HANDSHAKE,
    /** Handshake done: application data flows. */
    WRAPPED,
    /** Closing: pending application writes are sent before close_notify. */
    FLUSHING,
    /** close_notify sent; waiting for the peer's, up to the shutdown timeout. */
    SHUTDOWN
}
