package org.jasyncio;

/** Socket types for {@link EventLoop#getaddrinfo}. */
public enum SocketType {
    STREAM, DGRAM
}
