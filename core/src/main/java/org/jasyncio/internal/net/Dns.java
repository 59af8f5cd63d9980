package org.jasyncio.internal.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.AddrInfo;
import org.jasyncio.Future;
import org.jasyncio.NameInfo;
import org.jasyncio.SocketType;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * getaddrinfo and getnameinfo. Name lookups block, so they run in the loop's executor as asyncio's do; a numeric
 * host (or no host at all) needs no lookup and is answered at once. {@link #resolve} and {@link #ensureResolved} are
 * for the other networking parts (asyncio's {@code _ensure_resolved}).
 */
public final class Dns {
    private static final int KNOWN_AI_FLAGS = AddrInfo.AI_PASSIVE | AddrInfo.AI_CANONNAME | AddrInfo.AI_NUMERICHOST
            | AddrInfo.AI_NUMERICSERV;
    private static final int KNOWN_NI_FLAGS = NameInfo.NI_NUMERICHOST | NameInfo.NI_NUMERICSERV | NameInfo.NI_NOFQDN
            | NameInfo.NI_NAMEREQD | NameInfo.NI_DGRAM;
    /** glibc's gai_strerror texts, which Python's socket.gaierror carries. */
    static final String EAI_NONAME = "Name or service not known";
    static final String EAI_ADDRFAMILY = "Address family for hostname not supported";
    static final String EAI_NODATA = "No address associated with hostname";
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;

    private final SelectorEventLoop loop;

    public Dns(SelectorEventLoop loop) {
        this.loop = loop;
    }

    /** {@code loop.getaddrinfo()}: checks its arguments at once, then {@link #resolve}. */
    public Future<List<AddrInfo>> getaddrinfo(String host, int port, ProtocolFamily family, SocketType type, int flags) {
        if (loop.getDebug()) {
            loop.checkThread();
        }
        return resolve(host, port, family, type, flags);
    }

    /**
     * Resolves {@code host} as getaddrinfo does: one entry per address and socket type (STREAM then DGRAM when
     * {@code type} is null), IPv4 and IPv6 unless {@code family} says which. A numeric or null host completes
     * without leaving the loop thread; a name is looked up in the executor. Failures fail the future with
     * {@link UnknownHostException}.
     */
    public Future<List<AddrInfo>> resolve(String host, int port, ProtocolFamily family, SocketType type, int flags) {
        checkPort(port);
        checkFamily(family);
        if ((flags & ~KNOWN_AI_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown getaddrinfo flags: 0x" + Integer.toHexString(flags & ~KNOWN_AI_FLAGS));
        }
        if (host == null) {
            return completed(wildcardOrLoopback(port, family, type, flags));
        }
        InetAddress literal = parseLiteral(host);
        if (literal != null) {
            if (family != null && familyOf(literal) != family) {
                return failed(new UnknownHostException(host + ": " + EAI_ADDRFAMILY));
            }
            String canon = (flags & AddrInfo.AI_CANONNAME) != 0 ? host : "";
            return completed(entries(List.of(literal), port, type, canon));
        }
        if ((flags & AddrInfo.AI_NUMERICHOST) != 0 || host.isEmpty()) {
            return failed(new UnknownHostException(host + ": " + EAI_NONAME));
        }
        return loop.runInExecutor(null, () -> lookup(host, port, family, type, flags));
    }

    /**
     * asyncio's {@code _ensure_resolved} for one address: a resolved address of the right family is answered at
     * once as a single entry, an unresolved one is looked up by name.
     */
    public Future<List<AddrInfo>> ensureResolved(InetSocketAddress address, ProtocolFamily family, SocketType type) {
        if (address.isUnresolved()) {
            return resolve(address.getHostString(), address.getPort(), family, type, 0);
        }
        InetAddress ip = address.getAddress();
        if (family != null && familyOf(ip) != family) {
            return failed(new UnknownHostException(address.getHostString() + ": " + EAI_ADDRFAMILY));
        }
        return completed(entries(List.of(ip), address.getPort(), type, ""));
    }

    /** {@code loop.getnameinfo()}: the host and service names of {@code address}, looked up in the executor. */
    public Future<NameInfo> getnameinfo(InetSocketAddress address, int flags) {
        if (address == null) {
            throw new IllegalArgumentException("getnameinfo() argument 1 must be an address, not null");
        }
        if ((flags & ~KNOWN_NI_FLAGS) != 0) {
            throw new IllegalArgumentException("unknown getnameinfo flags: 0x" + Integer.toHexString(flags & ~KNOWN_NI_FLAGS));
        }
        if (loop.getDebug()) {
            loop.checkThread();
        }
        if (address.isUnresolved()) {
            return failed(new UnknownHostException(address.getHostString() + ": " + EAI_NONAME));
        }
        int numeric = NameInfo.NI_NUMERICHOST | NameInfo.NI_NUMERICSERV;
        if ((flags & numeric) == numeric) {
            return completed(new NameInfo(numericHost(address.getAddress()), Integer.toString(address.getPort())));
        }
        return loop.runInExecutor(null, () -> nameInfo(address, flags));
    }

    // ------------------------------------------------------------------ getaddrinfo

    private static List<AddrInfo> wildcardOrLoopback(int port, ProtocolFamily family, SocketType type, int flags) {
        boolean passive = (flags & AddrInfo.AI_PASSIVE) != 0;
        InetAddress v4 = passive ? Inet4Address.ofLiteral("0.0.0.0") : Inet4Address.ofLiteral("127.0.0.1");
        InetAddress v6 = passive ? Inet6Address.ofLiteral("::") : Inet6Address.ofLiteral("::1");
        List<InetAddress> addresses = new ArrayList<>(2);
        // glibc's order: IPv4 first for the wildcard, IPv6 first for the loopback.
        for (InetAddress a : passive ? List.of(v4, v6) : List.of(v6, v4)) {
            if (family == null || familyOf(a) == family) {
                addresses.add(a);
            }
        }
        return entries(addresses, port, type, "");
    }

    private static List<AddrInfo> lookup(String host, int port, ProtocolFamily family, SocketType type, int flags)
            throws UnknownHostException {
        InetAddress[] all = InetAddress.getAllByName(host);
        List<InetAddress> kept = new ArrayList<>(all.length);
        for (InetAddress a : all) {
            if (family == null || familyOf(a) == family) {
                kept.add(a);
            }
        }
        if (kept.isEmpty()) {
            throw new UnknownHostException(host + ": " + EAI_NODATA);
        }
        String canon = "";
        if ((flags & AddrInfo.AI_CANONNAME) != 0) {
            // The JDK has no CNAME lookup: the canonical name is the first address's name, or the host as given.
            String name = kept.get(0).getCanonicalHostName();
            canon = parseLiteral(name) == null ? name : host;
        }
        return entries(kept, port, type, canon);
    }

    /** One entry per address and type; only the first carries the canonical name, as glibc does. */
    private static List<AddrInfo> entries(List<InetAddress> addresses, int port, SocketType type, String canonname) {
        List<AddrInfo> out = new ArrayList<>(addresses.size() * (type == null ? 2 : 1));
        for (InetAddress a : addresses) {
            InetSocketAddress sa = new InetSocketAddress(a, port);
            ProtocolFamily f = familyOf(a);
            if (type == null || type == SocketType.STREAM) {
                out.add(new AddrInfo(f, SocketType.STREAM, IPPROTO_TCP, out.isEmpty() ? canonname : "", sa));
            }
            if (type == null || type == SocketType.DGRAM) {
                out.add(new AddrInfo(f, SocketType.DGRAM, IPPROTO_UDP, out.isEmpty() ? canonname : "", sa));
            }
        }
        return List.copyOf(out);
    }

    /** The address {@code host} spells as an IPv4 or IPv6 literal, or null when it is a name. */
    static InetAddress parseLiteral(String host) {
        if (host.isEmpty()) {
            return null;
        }
        try {
            return host.indexOf(':') >= 0 ? Inet6Address.ofLiteral(host) : Inet4Address.ofLiteral(host);
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    static ProtocolFamily familyOf(InetAddress a) {
        return a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    private static void checkFamily(ProtocolFamily family) {
        if (family != null && family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException("ai_family not supported: " + family);
        }
    }

    // ------------------------------------------------------------------ getnameinfo

    private NameInfo nameInfo(InetSocketAddress address, int flags) throws UnknownHostException {
        InetAddress ip = address.getAddress();
        String host;
        if ((flags & NameInfo.NI_NUMERICHOST) != 0) {
            host = numericHost(ip);
        } else {
            InetAddress bare = InetAddress.getByAddress(ip.getAddress());
            String name = bare.getCanonicalHostName();
            if (parseLiteral(name) != null) {
                if ((flags & NameInfo.NI_NAMEREQD) != 0) {
                    throw new UnknownHostException(numericHost(ip) + ": " + EAI_NONAME);
                }
                host = numericHost(ip);
            } else {
                host = (flags & NameInfo.NI_NOFQDN) != 0 ? LocalDomain.strip(name) : name;
            }
        }
        String service = (flags & NameInfo.NI_NUMERICSERV) != 0 ? Integer.toString(address.getPort())
                : ServiceNames.nameOf(address.getPort(), (flags & NameInfo.NI_DGRAM) != 0);
        return new NameInfo(host, service);
    }

    /** inet_ntop's text: dotted quad, or IPv6 in the shortest RFC 5952 form, with {@code %scope} when scoped. */
    static String numericHost(InetAddress ip) {
        if (!(ip instanceof Inet6Address v6)) {
            return ip.getHostAddress();
        }
        String text = Ipv6Text.format(v6.getAddress());
        if (v6.getScopeId() != 0) {
            text += "%" + (v6.getScopedInterface() != null ? v6.getScopedInterface().getName() : v6.getScopeId());
        }
        return text;
    }

    private <T> Future<T> completed(T value) {
        BaseFuture<T> f = new BaseFuture<>(loop);
        f.setResult(value);
        return f;
    }

    private <T> Future<T> failed(Throwable exc) {
        BaseFuture<T> f = new BaseFuture<>(loop);
        f.setException(exc);
        return f;
    }
}
