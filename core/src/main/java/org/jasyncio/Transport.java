package org.jasyncio;

/**
 * A bidirectional stream transport: TCP, Unix socket or TLS ({@code asyncio: asyncio.Transport}). Loop-only.
 */
public interface Transport extends ReadTransport, WriteTransport {
}
