package org.jasyncio;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;

/**
 * One answer of {@link EventLoop#getaddrinfo}: asyncio's {@code (family, type, proto, canonname, sockaddr)}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param family {@link java.net.StandardProtocolFamily#INET} or {@link java.net.StandardProtocolFamily#INET6}
 * @param type the socket type the address is for
 * @param proto the protocol number ({@code 6} TCP, {@code 17} UDP)
 * @param canonname the canonical host name when {@link #AI_CANONNAME} was asked for (first answer only), else
 *     the empty string
 * @param address the resolved address and port
 */
public record AddrInfo(ProtocolFamily family, SocketType type, int proto, String canonname, InetSocketAddress address) {
    /** {@code AI_PASSIVE}: addresses for binding (a null host means every interface). */
    public static final int AI_PASSIVE = 1;
    /** {@code AI_CANONNAME}: fill in {@link #canonname()}. */
    public static final int AI_CANONNAME = 2;
    /** {@code AI_NUMERICHOST}: the host must be a numeric address; no name lookup. */
    public static final int AI_NUMERICHOST = 4;
    /** {@code AI_NUMERICSERV}: the service is a port number (always true in this API). */
    public static final int AI_NUMERICSERV = 0x400;
}
