package org.jasyncio;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;

/** One answer of {@link EventLoop#getaddrinfo}: asyncio's {@code (family, type, proto, canonname, sockaddr)}. */
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
