package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jasyncio.AddrInfo;
import org.jasyncio.Future;
import org.jasyncio.SocketType;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * Address helpers for the stream side: resolving a host (no executor hop for a numeric literal, as asyncio's
 * {@code _ensure_resolved}), RFC 8305 interleaving, and Python-style address text for error messages.
 */
final class Addresses {
    private static volatile Boolean ipv6;

    private Addresses() {
    }

    /**
     * What the JDK's {@code UnsupportedAddressTypeException} (no message) means, worded as asyncio's socket would
     * fail: an inet address of the other family is a failed lookup, an OSError (gaierror) that a datagram endpoint
     * hands to errorReceived; an address of another kind (a path for an inet socket) is a TypeError, here an
     * IllegalArgumentException naming the address.
     */
    static Exception unsupported(SocketAddress address, java.nio.channels.UnsupportedAddressTypeException e) {
        Exception mapped = address instanceof InetSocketAddress
                ? new java.net.SocketException("Address family for hostname not supported: " + address)
                : new IllegalArgumentException("Invalid address: " + address + " is not an address of this socket's family");
        mapped.initCause(e);
        return mapped;
    }

    /** The literal's address, or null when {@code host} is a name that needs resolving. */
    static InetAddress numeric(String host) {
        try {
            return InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ProtocolFamily familyOf(InetAddress a) {
        return a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    static boolean matches(InetAddress a, ProtocolFamily family) {
        return family == null || familyOf(a) == family;
    }

    /**
     * {@code host}'s stream addresses with {@code port}, filtered by {@code family} (null: any), through the loop's
     * getaddrinfo (a numeric host never leaves the loop thread); fails when none is left, as asyncio's
     * {@code _ensure_resolved} callers do.
     */
    static Future<List<InetSocketAddress>> resolve(SelectorEventLoop loop, String host, int port, ProtocolFamily family) {
        BaseFuture<List<InetSocketAddress>> result = new BaseFuture<>(loop);
        Future<List<AddrInfo>> infos;
        try {
            infos = loop.getaddrinfo(host, port, family, SocketType.STREAM, 0);
        } catch (IllegalArgumentException e) {
            result.setException(e);
            return result;
        }
        infos.addDoneCallback(f -> {
            if (f.cancelled()) {
                result.cancel();
                return;
            }
            Throwable error = f.exception();
            if (error != null) {
                result.setException(error);
                return;
            }
            List<InetSocketAddress> out = new ArrayList<>();
            try {
                for (AddrInfo info : f.result()) {
                    if (matches(info.address().getAddress(), family)) {
                        out.add(info.address());
                    }
                }
            } catch (Exception impossible) {
                result.setException(impossible);
                return;
            }
            if (out.isEmpty()) {
                result.setException(new IOException("getaddrinfo() returned empty list"));
            } else {
                result.setResult(out);
            }
        });
        return result;
    }

    /**
     * RFC 8305 section 4 ordering, as asyncio's {@code _interleave_addrinfos}: group by family in order of first
     * appearance, take {@code firstFamilyCount - 1} extra addresses of the first family, then alternate families.
     */
    static List<InetSocketAddress> interleave(List<InetSocketAddress> addresses, int firstFamilyCount) {
        Map<ProtocolFamily, List<InetSocketAddress>> byFamily = new LinkedHashMap<>();
        for (InetSocketAddress a : addresses) {
            byFamily.computeIfAbsent(familyOf(a.getAddress()), f -> new ArrayList<>()).add(a);
        }
        List<List<InetSocketAddress>> lists = new ArrayList<>();
        for (List<InetSocketAddress> l : byFamily.values()) {
            lists.add(new ArrayList<>(l));
        }
        List<InetSocketAddress> out = new ArrayList<>(addresses.size());
        if (firstFamilyCount > 1 && !lists.isEmpty()) {
            List<InetSocketAddress> first = lists.get(0);
            int extra = Math.min(firstFamilyCount - 1, first.size());
            out.addAll(first.subList(0, extra));
            first.subList(0, extra).clear();
        }
        for (int i = 0; out.size() < addresses.size(); i++) {
            for (List<InetSocketAddress> l : lists) {
                if (i < l.size()) {
                    out.add(l.get(i));
                }
            }
        }
        return out;
    }

    /** Python's repr of a socket address: {@code ('127.0.0.1', 80)}, {@code ('::1', 80, 0, 0)}, {@code '/path'}. */
    static String repr(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            InetAddress a = inet.getAddress();
            if (a == null) {
                return "('" + inet.getHostString() + "', " + inet.getPort() + ")";
            }
            if (a instanceof Inet6Address v6) {
                String text = v6.getHostAddress();
                int pct = text.indexOf('%');
                String host = compressIpv6(pct < 0 ? text : text.substring(0, pct));
                return "('" + host + "', " + inet.getPort() + ", 0, " + Math.max(0, v6.getScopeId()) + ")";
            }
            return "('" + a.getHostAddress() + "', " + inet.getPort() + ")";
        }
        if (address instanceof UnixDomainSocketAddress unix) {
            return "'" + unix.getPath() + "'";
        }
        return String.valueOf(address);
    }

    /** Java spells IPv6 addresses in full ("0:0:0:0:0:0:0:1"); Python uses the RFC 5952 form ("::1"). */
    static String compressIpv6(String full) {
        String[] parts = full.split(":");
        if (parts.length != 8) {
            return full;
        }
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < 8 && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String left = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        String right = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, 8));
        return left + "::" + right;
    }

    /** The wildcard addresses a server with no host binds: IPv4, and IPv6 when the machine has it. */
    static List<InetAddress> wildcards(ProtocolFamily family) {
        List<InetAddress> out = new ArrayList<>(2);
        if (family == null || family == StandardProtocolFamily.INET) {
            out.add(InetAddress.ofLiteral("0.0.0.0"));
        }
        if ((family == null || family == StandardProtocolFamily.INET6) && ipv6Available()) {
            out.add(InetAddress.ofLiteral("::"));
        }
        return out;
    }

    /** Whether IPv6 loopback sockets work here (checked once). */
    static boolean ipv6Available() {
        Boolean known = ipv6;
        if (known == null) {
            try (ServerSocketChannel probe = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
                probe.bind(new InetSocketAddress(InetAddress.ofLiteral("::1"), 0));
                known = true;
            } catch (IOException | UnsupportedOperationException e) {
                known = false;
            }
            ipv6 = known;
        }
        return known;
    }
}
