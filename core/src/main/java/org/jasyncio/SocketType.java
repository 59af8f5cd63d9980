package org.jasyncio;

/**
 * Socket types for {@link EventLoop#getaddrinfo}: asyncio's {@code socket.SOCK_STREAM} and {@code SOCK_DGRAM}.
 *
 * <p>Immutable and thread-safe.
 */
public enum SocketType {
    /** A stream socket (TCP). */
    STREAM,
    /** A datagram socket (UDP). */
    DGRAM
}
