package org.jasyncio;

/** asyncio.Transport: a bidirectional stream. */
public interface Transport extends ReadTransport, WriteTransport {
}
