package org.jasyncio;

/** What {@link EventLoop#getnameinfo} answers: a host and a service. */
public record NameInfo(String host, String service) {
    public static final int NI_NUMERICHOST = 1;
    public static final int NI_NUMERICSERV = 2;
    public static final int NI_NOFQDN = 4;
    public static final int NI_NAMEREQD = 8;
    public static final int NI_DGRAM = 16;
}
