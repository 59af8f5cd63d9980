package org.jasyncio;

/**
 * What {@link EventLoop#getnameinfo} answers: asyncio's {@code (host, service)} tuple.
 *
 * <p>Immutable and thread-safe.
 *
 * @param host the host name, or the numeric address with {@link #NI_NUMERICHOST}
 * @param service the service name (for example {@code "http"}), or the port number as text with
 *     {@link #NI_NUMERICSERV}
 */
public record NameInfo(String host, String service) {
    /** {@code NI_NUMERICHOST}: answer the numeric address, no reverse lookup. */
    public static final int NI_NUMERICHOST = 1;
    /** {@code NI_NUMERICSERV}: answer the port number, not a service name. */
    public static final int NI_NUMERICSERV = 2;
    /** {@code NI_NOFQDN}: for local hosts, only the first label of the name. */
    public static final int NI_NOFQDN = 4;
    /** {@code NI_NAMEREQD}: fail when the address has no name, rather than answer it numerically. */
    public static final int NI_NAMEREQD = 8;
    /** {@code NI_DGRAM}: the service is a datagram one (matters for the few ports that differ). */
    public static final int NI_DGRAM = 16;
}
