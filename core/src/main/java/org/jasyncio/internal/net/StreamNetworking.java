package org.jasyncio.internal.net;

import java.io.IOException;
import java.lang.System.Logger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jasyncio.BaseProtocol;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.os.NativeSocketIo;
import org.jasyncio.internal.tls.TlsSupport;
import org.jasyncio.internal.task.BaseFuture;

/**
 * Stream connections and servers over TCP and Unix sockets, and sendfile, for one loop (asyncio's
 * {@code create_connection}, {@code create_server}, their Unix twins and {@code connect_accepted_socket}).
 * It also owns what every stream transport of the loop shares: the direct read buffer, and the list of live
 * sockets that are released if the loop is closed under them.
 */
public final class StreamNetworking {
    static final Logger LOGGER = org.jasyncio.internal.transport.ErrorReports.LOGGER;

    private final SelectorEventLoop loop;
    private final Set<SocketTransport> transports = new HashSet<>();
    private final Set<AcceptingServer> servers = new HashSet<>();
    /** Connects in flight: their sockets belong to no transport yet. */
    private final Set<Connector> connecting = new HashSet<>();
    private ByteBuffer readBuffer;
    private byte[] readArray;
    private NativeSocketIo nativeSocketIo;
    private TlsSupport tls;

    public StreamNetworking(SelectorEventLoop loop) {
        this.loop = loop;
        loop.onClose(this::releaseAll);
    }

    SelectorEventLoop loop() {
        return loop;
    }

    /** The one direct buffer every Protocol transport of this loop reads into (reads never overlap on one thread). */
    ByteBuffer readBuffer() {
        ByteBuffer b = readBuffer;
        return b != null ? b : (readBuffer = ByteBuffer.allocateDirect(SocketTransport.MAX_READ));
    }

    /** The native path's counterpart of {@link #readBuffer}: recv goes straight into this heap array. */
    byte[] readArray() {
        byte[] a = readArray;
        return a != null ? a : (readArray = new byte[SocketTransport.MAX_READ]);
    }

    /** The loop's recv/send calls (with the errno segment they share); only where {@link NativeSocketIo#available()}. */
    NativeSocketIo nativeSocketIo() {
        NativeSocketIo io = nativeSocketIo;
        return io != null ? io : (nativeSocketIo = new NativeSocketIo());
    }

    TlsSupport tls() {
        return tls != null ? tls : (tls = new TlsSupport(loop));
    }

    void track(SocketTransport t) {
        if (transports.add(t)) {
            loop.countTransport(1);
        }
    }

    /** True when {@code t} was tracked (the first release of it). */
    boolean untrack(SocketTransport t) {
        if (transports.remove(t)) {
            loop.countTransport(-1);
            return true;
        }
        return false;
    }

    void track(Connector c) {
        connecting.add(c);
    }

    void untrack(Connector c) {
        connecting.remove(c);
    }

    void track(AcceptingServer s) {
        servers.add(s);
    }

    void untrack(AcceptingServer s) {
        servers.remove(s);
    }

    /** The loop is closing: asyncio would leak these sockets until collected; we close them now. */
    private void releaseAll() {
        for (AcceptingServer s : List.copyOf(servers)) {
            s.releaseOnLoopClose();
        }
        servers.clear();
        for (SocketTransport t : List.copyOf(transports)) {
            t.release();
        }
        transports.clear();
        for (Connector c : List.copyOf(connecting)) {
            c.abandon();
        }
        connecting.clear();
    }

    // ------------------------------------------------------------------ clients

    public <P extends BaseProtocol> Future<Connection<Transport, P>> createConnection(Supplier<P> factory, String host, int port,
            ConnectOptions options) {
        checkFactory(factory);
        ConnectOptions o = options == null ? ConnectOptions.defaults() : options;
        TlsOptions tlsOptions = clientTls(o, host, "You must set server_hostname when using ssl without a host");
        BaseFuture<Connection<Transport, P>> result = new BaseFuture<>(loop);
        if (host == null && port == 0) {
            SocketChannel sock = o.sock();
            if (sock == null) {
                throw new IllegalArgumentException("host and port was not specified and no sock specified");
            }
            prepareGivenSocket(sock);
            makeTransport(sock, null, factory, result, tlsOptions, false);
            return result;
        }
        if (o.sock() != null) {
            throw new IllegalArgumentException("host/port and sock can not be specified at the same time");
        }
        checkPort(port);
        double delay = o.happyEyeballsDelay();
        int interleave = o.interleave();
        if (delay >= 0 && interleave == 0) {
            interleave = 1;
        }
        int firstFamilyCount = interleave;
        Future<List<InetSocketAddress>> resolved = host == null ? loopbacks(port) : Addresses.resolve(loop, host, port, o.family());
        then(resolved, result, addresses -> {
            InetSocketAddress local = o.localAddr();
            if (local == null) {
                connectTo(addresses, null, delay, firstFamilyCount, o.allErrors(), factory, result, tlsOptions);
            } else {
                Future<List<InetSocketAddress>> locals = local.isUnresolved()
                        ? Addresses.resolve(loop, local.getHostString(), local.getPort(), o.family())
                        : done(List.of(local));
                then(locals, result, ls -> connectTo(addresses, ls, delay, firstFamilyCount, o.allErrors(), factory, result,
                        tlsOptions));
            }
        });
        return result;
    }

    private <P extends BaseProtocol> void connectTo(List<InetSocketAddress> addresses, List<InetSocketAddress> locals,
            double delay, int interleave, boolean allErrors, Supplier<P> factory, BaseFuture<Connection<Transport, P>> result,
            TlsOptions tlsOptions) {
        List<InetSocketAddress> order = interleave > 0 ? Addresses.interleave(addresses, interleave) : addresses;
        BaseFuture<Connector> attempts = new ConnectionAttempts(this, order, locals, delay, allErrors).start();
        then(attempts, result, c -> makeTransport(c.channel(), c, factory, result, tlsOptions, false));
    }

    /** With no host, a client goes to this machine, as getaddrinfo(None, port) answers. */
    private Future<List<InetSocketAddress>> loopbacks(int port) {
        List<InetSocketAddress> out = new ArrayList<>(2);
        if (Addresses.ipv6Available()) {
            out.add(new InetSocketAddress(InetAddress.ofLiteral("::1"), port));
        }
        out.add(new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port));
        return done(out);
    }

    public <P extends BaseProtocol> Future<Connection<Transport, P>> createUnixConnection(Supplier<P> factory, Path path,
            ConnectOptions options) {
        checkFactory(factory);
        ConnectOptions o = options == null ? ConnectOptions.defaults() : options;
        TlsOptions tlsOptions = clientTls(o, null, "you have to pass server_hostname when using ssl");
        BaseFuture<Connection<Transport, P>> result = new BaseFuture<>(loop);
        if (path != null) {
            if (o.sock() != null) {
                throw new IllegalArgumentException("path and sock can not be specified at the same time");
            }
            SocketChannel ch;
            try {
                ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                ch.configureBlocking(false);
            } catch (IOException e) {
                result.setException(e);
                return result;
            }
            BaseFuture<Connector> connected = new BaseFuture<>(loop);
            Connector c = new Connector(this, UnixDomainSocketAddress.of(path), (conn, error) -> {
                if (error != null) {
                    connected.setException(error);
                } else if (connected.done()) {
                    conn.abandon();
                } else {
                    connected.setResult(conn);
                }
            });
            connected.addDoneCallback(f -> {
                if (f.cancelled()) {
                    c.abandon();
                }
            });
            c.start(ch);
            then(connected, result, conn -> makeTransport(conn.channel(), conn, factory, result, tlsOptions, false));
            return result;
        }
        SocketChannel sock = o.sock();
        if (sock == null) {
            throw new IllegalArgumentException("no path and sock were specified");
        }
        if (!(remoteAddress(sock) instanceof UnixDomainSocketAddress)) {
            throw new IllegalArgumentException("A UNIX Domain Stream Socket was expected, got " + sock);
        }
        prepareGivenSocket(sock);
        makeTransport(sock, null, factory, result, tlsOptions, false);
        return result;
    }

    public <P extends BaseProtocol> Future<Connection<Transport, P>> connectAcceptedSocket(Supplier<P> factory, SocketChannel sock,
            ServerOptions options) {
        checkSslOnly(options);
        checkFactory(factory);
        if (sock == null) {
            throw new IllegalArgumentException("sock must not be null");
        }
        prepareGivenSocket(sock);
        BaseFuture<Connection<Transport, P>> result = new BaseFuture<>(loop);
        makeTransport(sock, null, factory, result, serverTls(options), true);
        return result;
    }

    /**
     * Makes the protocol and the transport; the result completes after connectionMade, as asyncio's waiter, or
     * with TLS once the handshake is done (the socket transport then carries the TLS layer's protocol).
     */
    private <P extends BaseProtocol> void makeTransport(SocketChannel ch, Connector connector, Supplier<P> factory,
            BaseFuture<Connection<Transport, P>> result, TlsOptions tlsOptions, boolean serverSide) {
        SocketTransport transport = null;
        try {
            P protocol = factory.get();
            if (protocol == null) {
                throw new IllegalArgumentException("protocol factory returned null");
            }
            BaseFuture<Transport> waiter = new BaseFuture<>(loop);
            Transport appTransport;
            BaseProtocol rawProtocol;
            if (tlsOptions == null) {
                rawProtocol = protocol;
                appTransport = null;
            } else {
                TlsSupport.Wrapped w = tls().wrap(protocol, tlsOptions.context(), serverSide, tlsOptions.serverHostname(),
                        peerPort(ch), waiter, tlsOptions.handshakeTimeout(), tlsOptions.shutdownTimeout());
                rawProtocol = w.rawProtocol();
                appTransport = w.appTransport();
            }
            SocketTransport raw = transport = new SocketTransport(this, ch, rawProtocol, null);
            PollKey key = connector == null ? null : connector.key();
            if (connector != null) {
                connector.relayTo(raw);
            }
            raw.start(key, tlsOptions == null ? waiter : null);
            waiter.addDoneCallback(w -> {
                if (result.done() || w.cancelled()) {
                    raw.close();
                    return;
                }
                if (w.exception() != null) {
                    raw.close();
                    result.setException(w.exception());
                    return;
                }
                result.setResult(new Connection<>(appTransport != null ? appTransport : raw, protocol));
            });
            // Cancelling the call while the TLS handshake runs closes the connection, as asyncio's awaited waiter.
            result.addDoneCallback(r -> {
                if (r.cancelled()) {
                    waiter.cancel();
                }
            });
        } catch (Throwable t) {
            if (transport != null) {
                transport.abort();
            } else if (connector != null) {
                connector.abandon();
            } else {
                closeQuietly(ch);
            }
            if (!result.done()) {
                result.setException(t);
            }
        }
    }

    private static int peerPort(SocketChannel ch) {
        return remoteAddress(ch) instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    private void prepareGivenSocket(SocketChannel sock) {
        if (!sock.isOpen()) {
            throw new IllegalArgumentException("the socket is closed: " + sock);
        }
        if (!sock.isConnected()) {
            throw new IllegalArgumentException("the socket must be connected: " + sock);
        }
        loop.ensureNoWatcher(sock);
        try {
            sock.configureBlocking(false);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot make the socket non-blocking: " + e.getMessage(), e);
        }
    }

    // ------------------------------------------------------------------ servers

    public <P extends BaseProtocol> Future<Server> createServer(Supplier<P> factory, String host, int port, ServerOptions options) {
        checkSslOnly(options);
        checkFactory(factory);
        ServerOptions o = options == null ? ServerOptions.defaults() : options;
        BaseFuture<Server> result = new BaseFuture<>(loop);
        if (o.sock() != null) {
            if (host != null || port != 0) {
                throw new IllegalArgumentException("host/port and sock can not be specified at the same time");
            }
            ServerSocketChannel sock = o.sock();
            prepareGivenListener(sock);
            serve(List.of(sock), null, factory, o, o.keepAlive(), result);
            return result;
        }
        checkPort(port);
        Future<List<InetSocketAddress>> addresses;
        if (host == null || host.isEmpty()) {
            List<InetSocketAddress> any = new ArrayList<>();
            for (InetAddress a : Addresses.wildcards(o.family())) {
                any.add(new InetSocketAddress(a, port));
            }
            addresses = done(any);
        } else {
            addresses = Addresses.resolve(loop, host, port, o.family());
        }
        then(addresses, result, list -> {
            List<ServerSocketChannel> bound;
            try {
                bound = ServerBinding.bindAll(list, o);
            } catch (IOException | RuntimeException e) {
                result.setException(e);
                return;
            }
            serve(bound, null, factory, o, o.keepAlive(), result);
        });
        return result;
    }

    public <P extends BaseProtocol> Future<Server> createUnixServer(Supplier<P> factory, Path path, ServerOptions options) {
        checkSslOnly(options);
        checkFactory(factory);
        ServerOptions o = options == null ? ServerOptions.defaults() : options;
        BaseFuture<Server> result = new BaseFuture<>(loop);
        ServerSocketChannel sock;
        if (path != null) {
            if (o.sock() != null) {
                throw new IllegalArgumentException("path and sock can not be specified at the same time");
            }
            try {
                sock = ServerBinding.bindUnix(path, o.backlog());
            } catch (IOException e) {
                result.setException(e);
                return result;
            }
        } else {
            sock = o.sock();
            if (sock == null) {
                throw new IllegalArgumentException("path was not specified, and no sock specified");
            }
            if (!(localAddress(sock) instanceof UnixDomainSocketAddress)) {
                throw new IllegalArgumentException("A UNIX Domain Stream Socket was expected, got " + sock);
            }
            prepareGivenListener(sock);
        }
        Object inode = o.cleanupSocket() ? ServerBinding.inodeOf(sock) : null; // null: close leaves the file
        serve(List.of(sock), inode == null ? null : Map.of(sock, inode), factory, o, false, result);
        return result;
    }

    private void serve(List<ServerSocketChannel> sockets, Map<ServerSocketChannel, Object> inodes,
            Supplier<? extends BaseProtocol> factory, ServerOptions o, boolean keepAlive, BaseFuture<Server> result) {
        try {
            for (ServerSocketChannel s : sockets) {
                s.configureBlocking(false);
            }
        } catch (IOException e) {
            sockets.forEach(StreamNetworking::closeQuietly);
            result.setException(e);
            return;
        }
        AcceptingServer server = new AcceptingServer(this, sockets, factory, o.backlog(), inodes, serverTls(o), keepAlive);
        if (!o.startServing()) {
            result.setResult(server);
            return;
        }
        try {
            server.beginServing();
        } catch (IOException e) {
            server.close();
            result.setException(e);
            return;
        }
        // asyncio yields once (sleep(0)) after starting to serve, so the accept readers are in place.
        loop.schedule(() -> {
            if (!result.done()) {
                result.setResult(server);
            } else {
                server.close();
            }
        }, null);
    }

    private void prepareGivenListener(ServerSocketChannel sock) {
        if (!sock.isOpen()) {
            throw new IllegalArgumentException("the socket is closed: " + sock);
        }
        if (localAddress(sock) == null) {
            throw new IllegalArgumentException("the listening socket must be bound: " + sock);
        }
        loop.ensureNoWatcher(sock);
    }

    // ------------------------------------------------------------------ sendfile

    public Future<Long> sendfile(WriteTransport transport, FileChannel file, long offset, long count, boolean fallback) {
        return Sendfile.start(this, transport, file, offset, count, fallback);
    }

    // ------------------------------------------------------------------ helpers

    private static void checkFactory(Supplier<?> factory) {
        if (factory == null) {
            throw new IllegalArgumentException("protocol factory must not be null");
        }
    }

    /** asyncio's ssl/server_hostname rules for a client; the hostname defaults to the host connected to. */
    private static TlsOptions clientTls(ConnectOptions o, String host, String missingHostname) {
        TlsOptions.checkSslOnly(o.ssl(), o.serverHostname(), o.sslHandshakeTimeout(), o.sslShutdownTimeout());
        if (o.ssl() == null) {
            return null;
        }
        String hostname = o.serverHostname() != null ? o.serverHostname() : host;
        if (o.serverHostname() == null && (host == null || host.isEmpty())) {
            throw new IllegalArgumentException(missingHostname); // asyncio's "if not host": empty counts as none
        }
        TlsSupport.checkClientHostname(o.ssl(), hostname);
        return new TlsOptions(o.ssl(), hostname, o.sslHandshakeTimeout(), o.sslShutdownTimeout());
    }

    private static void checkSslOnly(ServerOptions o) {
        if (o != null) {
            TlsOptions.checkSslOnly(o.ssl(), null, o.sslHandshakeTimeout(), o.sslShutdownTimeout());
        }
    }

    private static TlsOptions serverTls(ServerOptions o) {
        return o == null || o.ssl() == null ? null
                : new TlsOptions(o.ssl(), null, o.sslHandshakeTimeout(), o.sslShutdownTimeout());
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
    }

    private <T> Future<T> done(T value) {
        BaseFuture<T> f = new BaseFuture<>(loop);
        f.setResult(value);
        return f;
    }

    /**
     * Continues with {@code step} once {@code inner} succeeds; its failure fails {@code outer}; cancelling
     * {@code outer} cancels {@code inner}.
     */
    private static <T> void then(Future<T> inner, BaseFuture<?> outer, Consumer<T> step) {
        outer.addDoneCallback(o -> {
            if (o.cancelled() && !inner.done()) {
                inner.cancel();
            }
        });
        inner.addDoneCallback(f -> {
            if (outer.done()) {
                if (!f.cancelled() && f.exception() == null && resultOf(f) instanceof Connector late) {
                    late.abandon(); // connected after the caller gave up
                }
                return;
            }
            if (f.cancelled()) {
                outer.cancel();
                return;
            }
            Throwable e = f.exception();
            if (e != null) {
                outer.setException(e);
                return;
            }
            T value;
            try {
                value = f.result();
            } catch (Exception impossible) {
                outer.setException(impossible);
                return;
            }
            step.accept(value);
        });
    }

    private static Object resultOf(Future<?> f) {
        try {
            return f.result();
        } catch (Exception e) {
            return null;
        }
    }

    private static SocketAddress remoteAddress(SocketChannel ch) {
        try {
            return ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private static SocketAddress localAddress(ServerSocketChannel ch) {
        try {
            return ch.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }

    static void closeQuietly(java.nio.channels.Channel ch) {
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing on an error path; the original error is what gets reported
        }
    }
}
