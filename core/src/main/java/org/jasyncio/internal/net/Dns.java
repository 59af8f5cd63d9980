package org.jasyncio.internal.net;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.util.List;
import org.jasyncio.AddrInfo;
import org.jasyncio.Future;
import org.jasyncio.NameInfo;
import org.jasyncio.SocketType;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** getaddrinfo and getnameinfo, run in the loop's executor. */
public final class Dns {
    private final SelectorEventLoop loop;

    public Dns(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public Future<List<AddrInfo>> getaddrinfo(String host, int port, ProtocolFamily family, SocketType type, int flags) {
        throw new UnsupportedOperationException("getaddrinfo: in progress");
    }

    public Future<NameInfo> getnameinfo(InetSocketAddress address, int flags) {
        throw new UnsupportedOperationException("getnameinfo: in progress");
    }
}
