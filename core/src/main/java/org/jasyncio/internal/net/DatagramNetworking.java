package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jasyncio.AddrInfo;
import org.jasyncio.Connection;
import org.jasyncio.DatagramOptions;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.Future;
import org.jasyncio.SocketType;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * {@code create_datagram_endpoint} for one loop: resolve the local and remote addresses, pair them by family as
 * asyncio does, open and set up a channel for the first pair that works, then hand it to a
 * {@link DatagramSocketTransport}. Every endpoint of the loop receives through one shared buffer: the loop runs one
 * read at a time, and each datagram is copied out into its own array before the protocol sees it.
 */
public final class DatagramNetworking {
    /** Holds any UDP datagram short of an IPv6 jumbogram (65,507 bytes over IPv4, 65,527 over IPv6). */
    static final int RECEIVE_BUFFER_SIZE = 64 * 1024;

    private final SelectorEventLoop loop;
    private final Dns dns;
    private ByteBuffer receiveBuffer;
    /** The endpoints whose sockets are open, closed with the loop. */
    private final java.util.Set<DatagramSocketTransport> live = new java.util.HashSet<>();

    public DatagramNetworking(SelectorEventLoop loop) {
        this.loop = loop;
        this.dns = new Dns(loop);
        loop.onClose(this::releaseAll);
    }

    /**
     * The loop is closing: close every endpoint's socket now, as the stream side does, marking each lost so that a
     * later sendto or close is dropped (no send on the closed channel, no errorReceived, no callSoon on the closed
     * loop) instead of reaching for what the endpoint no longer owns.
     */
    private void releaseAll() {
        for (DatagramSocketTransport t : List.copyOf(live)) {
            t.releaseNow();
        }
        live.clear();
    }

    public <P extends DatagramProtocol> Future<Connection<DatagramTransport, P>> createDatagramEndpoint(Supplier<P> factory,
            InetSocketAddress localAddr, InetSocketAddress remoteAddr, DatagramOptions options) {
        if (factory == null) {
            throw new IllegalArgumentException("protocol_factory must not be null");
        }
        DatagramOptions o = options == null ? DatagramOptions.defaults() : options;
        BaseFuture<Connection<DatagramTransport, P>> result = new BaseFuture<>(loop);
        if (o.sock() != null) {
            checkNoModifiers(localAddr, remoteAddr, o);
            DatagramChannel sock = o.sock();
            // Refused at once and left open: the transport's own check would come after the channel is the call's.
            loop.ensureNoWatcher(sock);
            ChannelOwnership.ensureNoTransport(loop, sock);
            try {
                sock.configureBlocking(false);
            } catch (IOException e) {
                result.setException(e);
                return result;
            }
            startTransport(result, factory, sock, null);
            return result;
        }
        ProtocolFamily family = o.family();
        if (family == StandardProtocolFamily.UNIX) {
            throw new IllegalArgumentException("AF_UNIX datagram endpoints are not supported: java.nio's "
                    + "DatagramChannel has no Unix domain sockets");
        }
        if (family != null && family != StandardProtocolFamily.INET && family != StandardProtocolFamily.INET6) {
            throw new IllegalArgumentException("unexpected address family " + family);
        }
        if (o.reusePort()) {
            checkReusePort();
        }
        if (localAddr == null && remoteAddr == null) {
            if (family == null) {
                throw new IllegalArgumentException("unexpected address family");
            }
            open(result, factory, o, family, null, null);
            return result;
        }
        // Resolve the local then the remote address; already-resolved ones are answered at once, inline.
        Future<List<AddrInfo>> local = localAddr == null ? null : dns.ensureResolved(localAddr, family, SocketType.DGRAM);
        whenDone(local, result, l -> {
            if (result.done() || failedInto(l, result)) {
                return;
            }
            Future<List<AddrInfo>> remote = remoteAddr == null ? null
                    : dns.ensureResolved(remoteAddr, family, SocketType.DGRAM);
            whenDone(remote, result, r -> {
                if (result.done() || failedInto(r, result)) {
                    return;
                }
                List<SocketAddress[]> pairs = pairByFamily(l, r, localAddr != null, remoteAddr != null);
                openFirstWorking(result, factory, o, pairs, localAddr != null, remoteAddr != null);
            });
        });
        return result;
    }

    /** asyncio's pairing: one (local, remote) pair per family; a family missing an address that was asked for is dropped. */
    private static List<SocketAddress[]> pairByFamily(Future<List<AddrInfo>> local, Future<List<AddrInfo>> remote,
            boolean wantLocal, boolean wantRemote) {
        Map<ProtocolFamily, SocketAddress[]> byFamily = new LinkedHashMap<>();
        for (int idx = 0; idx < 2; idx++) {
            Future<List<AddrInfo>> f = idx == 0 ? local : remote;
            if (f == null) {
                continue;
            }
            for (AddrInfo info : resultOf(f)) {
                byFamily.computeIfAbsent(info.family(), k -> new SocketAddress[3])[idx] = info.address();
            }
        }
        List<SocketAddress[]> pairs = new ArrayList<>();
        for (Map.Entry<ProtocolFamily, SocketAddress[]> e : byFamily.entrySet()) {
            SocketAddress[] pair = e.getValue();
            if ((wantLocal && pair[0] == null) || (wantRemote && pair[1] == null)) {
                continue;
            }
            pairs.add(new SocketAddress[] {pair[0], pair[1]});
        }
        if (pairs.isEmpty()) {
            throw new IllegalArgumentException("can not get address information");
        }
        return pairs;
    }

    private <P extends DatagramProtocol> void openFirstWorking(BaseFuture<Connection<DatagramTransport, P>> result,
            Supplier<P> factory, DatagramOptions o, List<SocketAddress[]> pairs, boolean wantLocal, boolean wantRemote) {
        IOException first = null;
        for (SocketAddress[] pair : pairs) {
            ProtocolFamily family = Dns.familyOf(((InetSocketAddress) (pair[0] != null ? pair[0] : pair[1])).getAddress());
            try {
                open(result, factory, o, family, wantLocal ? pair[0] : null, wantRemote ? pair[1] : null);
                return;
            } catch (EndpointFailure e) {
                if (first == null) {
                    first = e.failure;
                }
            }
        }
        result.setException(first);
    }

    /** Opens, sets up, binds and connects one channel; an OSError is thrown as an EndpointFailure for the next pair. */
    private <P extends DatagramProtocol> void open(BaseFuture<Connection<DatagramTransport, P>> result, Supplier<P> factory,
            DatagramOptions o, ProtocolFamily family, SocketAddress local, SocketAddress remote) {
        DatagramChannel ch = null;
        SocketAddress rAddr = null;
        try {
            ch = DatagramChannel.open(family);
            if (o.reusePort()) {
                ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (o.allowBroadcast()) {
                ch.setOption(StandardSocketOptions.SO_BROADCAST, true);
            }
            ch.configureBlocking(false);
            if (local != null) {
                ch.bind(local);
            }
            if (remote != null) {
                if (!o.allowBroadcast()) {
                    ch.connect(remote); // immediate for UDP: it only sets the default peer
                }
                rAddr = remote;
            }
        } catch (IOException e) {
            closeQuietly(ch);
            if (result.done()) {
                return;
            }
            if (local == null && remote == null) {
                result.setException(e);
                return;
            }
            throw new EndpointFailure(e);
        } catch (RuntimeException e) {
            closeQuietly(ch);
            throw e;
        }
        startTransport(result, factory, ch, rAddr);
    }

    private <P extends DatagramProtocol> void startTransport(BaseFuture<Connection<DatagramTransport, P>> result,
            Supplier<P> factory, DatagramChannel ch, SocketAddress rAddr) {
        DatagramSocketTransport transport;
        P protocol;
        BaseFuture<Void> waiter = new BaseFuture<>(loop);
        try {
            protocol = factory.get();
            transport = new DatagramSocketTransport(loop, ch, protocol, rAddr, waiter, receiveBuffer());
            live.add(transport);
            DatagramSocketTransport t = transport;
            transport.whenReleased(() -> live.remove(t));
        } catch (IOException | RuntimeException e) {
            closeQuietly(ch);
            if (!result.done()) {
                result.setException(e);
            }
            return;
        }
        waiter.addDoneCallback(w -> {
            if (result.done()) {
                transport.close(); // the caller gave up (cancelled) meanwhile
            } else {
                result.setResult(new Connection<>(transport, protocol));
            }
        });
    }

    private ByteBuffer receiveBuffer() {
        ByteBuffer b = receiveBuffer;
        if (b == null) {
            b = receiveBuffer = ByteBuffer.allocateDirect(RECEIVE_BUFFER_SIZE);
        }
        return b;
    }

    private static void checkNoModifiers(InetSocketAddress localAddr, InetSocketAddress remoteAddr, DatagramOptions o) {
        StringJoiner problems = new StringJoiner(", ");
        if (localAddr != null) {
            problems.add("local_addr=" + localAddr);
        }
        if (remoteAddr != null) {
            problems.add("remote_addr=" + remoteAddr);
        }
        if (o.family() != null) {
            problems.add("family=" + o.family());
        }
        if (o.reusePort()) {
            problems.add("reuse_port=true");
        }
        if (o.allowBroadcast()) {
            problems.add("allow_broadcast=true");
        }
        if (problems.length() > 0) {
            throw new IllegalArgumentException(
                    "socket modifier keyword arguments can not be used when sock is specified. (" + problems + ")");
        }
    }

    private static void checkReusePort() {
        try (DatagramChannel probe = DatagramChannel.open()) {
            if (!probe.supportedOptions().contains(StandardSocketOptions.SO_REUSEPORT)) {
                throw new IllegalArgumentException("reuse_port not supported by socket module");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("reuse_port not supported by socket module", e);
        }
    }

    /**
     * Runs {@code next} at once when {@code f} is null or done (its argument errors then reach the caller), else
     * when {@code f} completes (its errors then fail {@code result}).
     */
    private static <T> void whenDone(Future<T> f, BaseFuture<?> result, Consumer<Future<T>> next) {
        if (f == null || f.done()) {
            next.accept(f);
            return;
        }
        f.addDoneCallback(done -> {
            try {
                next.accept(done);
            } catch (RuntimeException e) {
                if (!result.done()) {
                    result.setException(e);
                }
            }
        });
    }

    /** Copies a failed or cancelled resolution into {@code result}; true when it did. */
    private static boolean failedInto(Future<?> f, BaseFuture<?> result) {
        if (f == null) {
            return false;
        }
        if (f.cancelled()) {
            result.cancel();
            return true;
        }
        Throwable e = f.exception();
        if (e != null) {
            result.setException(e);
            return true;
        }
        return false;
    }

    private static List<AddrInfo> resultOf(Future<List<AddrInfo>> f) {
        try {
            return f.result();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void closeQuietly(DatagramChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing; the first error is the one reported
            }
        }
    }

    /** An OSError while setting up one address pair: the next pair is tried. */
    private static final class EndpointFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final IOException failure;

        EndpointFailure(IOException cause) {
            super(null, cause, false, false);
            this.failure = cause;
        }
    }
}
