package org.jasyncio.internal.events;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jasyncio.AddrInfo;
import org.jasyncio.BaseProtocol;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Datagram;
import org.jasyncio.DatagramReceipt;
import org.jasyncio.DatagramOptions;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.Future;
import org.jasyncio.NameInfo;
import org.jasyncio.ReadTransport;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.SocketType;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.Transport;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.net.DatagramNetworking;
import org.jasyncio.internal.net.Dns;
import org.jasyncio.internal.net.SocketOperations;
import org.jasyncio.internal.net.StreamNetworking;
import org.jasyncio.internal.os.SignalHandlers;
import org.jasyncio.internal.os.SignalNames;
import org.jasyncio.internal.process.PipeConnections;
import org.jasyncio.internal.process.Subprocesses;
import org.jasyncio.internal.tls.TlsSupport;

/**
 * The event loop users get (asyncio's selector_events + unix_events): the {@link SelectorEventLoop} core plus every
 * area that needs channels. Networking, TLS, pipes, processes and signals live in their own packages and are
 * reached through one object each, made on first use, so a program that never opens a socket never loads the
 * networking classes.
 */
public final class StandardEventLoop extends SelectorEventLoop {
    private StreamNetworking streams;
    private DatagramNetworking datagrams;
    private SocketOperations sockets;
    private Dns dns;
    private TlsSupport tls;
    private PipeConnections pipes;
    private Subprocesses subprocesses;
    private volatile SignalHandlers signals;
    private final Object signalsCreation = new Object();

    /**
     * A new loop; IllegalStateException at once when {@code -Djasyncio.engine} names an engine that cannot run
     * (checked before the poller is opened, so nothing is left to close).
     */
    public StandardEventLoop() {
        EngineReport.requireEngine();
        super();
    }

    /** The first loop of the JVM to start says which engine and I/O paths it runs on. */
    @Override
    public void runForever() {
        EngineReport.announceOnce();
        super.runForever();
    }

    private StreamNetworking streams() {
        checkClosed();
        return streams != null ? streams : (streams = new StreamNetworking(this));
    }

    private DatagramNetworking datagrams() {
        checkClosed();
        return datagrams != null ? datagrams : (datagrams = new DatagramNetworking(this));
    }

    private SocketOperations sockets() {
        checkClosed();
        return sockets != null ? sockets : (sockets = new SocketOperations(this));
    }

    private Dns dns() {
        checkClosed();
        return dns != null ? dns : (dns = new Dns(this));
    }

    private TlsSupport tls() {
        checkClosed();
        return tls != null ? tls : (tls = new TlsSupport(this));
    }

    private PipeConnections pipes() {
        checkClosed();
        return pipes != null ? pipes : (pipes = new PipeConnections(this));
    }

    private Subprocesses subprocesses() {
        checkClosed();
        return subprocesses != null ? subprocesses : (subprocesses = new Subprocesses(this));
    }

    /** Any thread may add signal handlers, so the first two to come must not make two sets of them. */
    private SignalHandlers signals() {
        checkClosed();
        SignalHandlers s = signals;
        if (s != null) {
            return s;
        }
        synchronized (signalsCreation) {
            if (signals == null) {
                SignalHandlers made = new SignalHandlers(this);
                onClose(made::removeAll);
                signals = made;
            }
            return signals;
        }
    }

    @Override
    public Future<List<AddrInfo>> getaddrinfo(String host, int port) {
        return dns().getaddrinfo(host, port, null, null, 0);
    }

    @Override
    public Future<List<AddrInfo>> getaddrinfo(String host, int port, ProtocolFamily family, SocketType type, int flags) {
        return dns().getaddrinfo(host, port, family, type, flags);
    }

    @Override
    public Future<NameInfo> getnameinfo(InetSocketAddress address, int flags) {
        return dns().getnameinfo(address, flags);
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<Transport, P>> createConnection(Supplier<P> factory, String host, int port) {
        return streams().createConnection(factory, host, port, ConnectOptions.defaults());
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<Transport, P>> createConnection(Supplier<P> factory, String host, int port,
            ConnectOptions options) {
        return streams().createConnection(factory, host, port, options);
    }

    @Override
    public <P extends BaseProtocol> Future<Server> createServer(Supplier<P> factory, String host, int port) {
        return streams().createServer(factory, host, port, ServerOptions.defaults());
    }

    @Override
    public <P extends BaseProtocol> Future<Server> createServer(Supplier<P> factory, String host, int port, ServerOptions options) {
        return streams().createServer(factory, host, port, options);
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<Transport, P>> createUnixConnection(Supplier<P> factory, Path path) {
        return streams().createUnixConnection(factory, path, ConnectOptions.defaults());
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<Transport, P>> createUnixConnection(Supplier<P> factory, Path path,
            ConnectOptions options) {
        return streams().createUnixConnection(factory, path, options);
    }

    @Override
    public <P extends BaseProtocol> Future<Server> createUnixServer(Supplier<P> factory, Path path) {
        return streams().createUnixServer(factory, path, ServerOptions.defaults());
    }

    @Override
    public <P extends BaseProtocol> Future<Server> createUnixServer(Supplier<P> factory, Path path, ServerOptions options) {
        return streams().createUnixServer(factory, path, options);
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<Transport, P>> connectAcceptedSocket(Supplier<P> factory, SocketChannel sock) {
        return streams().connectAcceptedSocket(factory, sock, ServerOptions.defaults());
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<Transport, P>> connectAcceptedSocket(Supplier<P> factory, SocketChannel sock,
            ServerOptions options) {
        return streams().connectAcceptedSocket(factory, sock, options);
    }

    @Override
    public <P extends DatagramProtocol> Future<Connection<DatagramTransport, P>> createDatagramEndpoint(Supplier<P> factory,
            InetSocketAddress localAddr, InetSocketAddress remoteAddr) {
        return datagrams().createDatagramEndpoint(factory, localAddr, remoteAddr, DatagramOptions.defaults());
    }

    @Override
    public <P extends DatagramProtocol> Future<Connection<DatagramTransport, P>> createDatagramEndpoint(Supplier<P> factory,
            InetSocketAddress localAddr, InetSocketAddress remoteAddr, DatagramOptions options) {
        return datagrams().createDatagramEndpoint(factory, localAddr, remoteAddr, options);
    }

    @Override
    public Future<Long> sendfile(WriteTransport transport, FileChannel file) {
        return streams().sendfile(transport, file, 0, 0, true);
    }

    @Override
    public Future<Long> sendfile(WriteTransport transport, FileChannel file, long offset, long count, boolean fallback) {
        return streams().sendfile(transport, file, offset, count, fallback);
    }

    @Override
    public Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname) {
        return tls().startTls(transport, protocol, ctx, serverSide, serverHostname,
                ConnectOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT, ConnectOptions.DEFAULT_SSL_SHUTDOWN_TIMEOUT);
    }

    @Override
    public Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname, double handshakeTimeout, double shutdownTimeout) {
        return tls().startTls(transport, protocol, ctx, serverSide, serverHostname, handshakeTimeout, shutdownTimeout);
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, Pipe.SourceChannel pipe) {
        return pipes().connectReadPipe(factory, pipe);
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, Pipe.SinkChannel pipe) {
        return pipes().connectWritePipe(factory, pipe);
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, InputStream pipe) {
        return pipes().connectReadPipe(factory, pipe);
    }

    @Override
    public <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, OutputStream pipe) {
        return pipes().connectWritePipe(factory, pipe);
    }

    @Override
    public <S extends SelectableChannel & ByteChannel> Future<byte[]> sockRecv(S sock, int nbytes) {
        return sockets().sockRecv(sock, nbytes);
    }

    @Override
    public <S extends SelectableChannel & ByteChannel> Future<Integer> sockRecvInto(S sock, ByteBuffer buf) {
        return sockets().sockRecvInto(sock, buf);
    }

    @Override
    public <S extends SelectableChannel & ByteChannel> Future<Void> sockSendall(S sock, ByteBuffer data) {
        return sockets().sockSendall(sock, data);
    }

    @Override
    public <S extends SelectableChannel & ByteChannel> Future<Void> sockSendall(S sock, byte[] data) {
        return sockets().sockSendall(sock, ByteBuffer.wrap(data));
    }

    @Override
    public Future<Void> sockConnect(SocketChannel sock, SocketAddress address) {
        return sockets().sockConnect(sock, address);
    }

    @Override
    public Future<SocketChannel> sockAccept(ServerSocketChannel sock) {
        return sockets().sockAccept(sock);
    }

    @Override
    public Future<Long> sockSendfile(SocketChannel sock, FileChannel file, long offset, long count, boolean fallback) {
        return sockets().sockSendfile(sock, file, offset, count, fallback);
    }

    @Override
    public Future<Datagram> sockRecvfrom(DatagramChannel sock, int nbytes) {
        return sockets().sockRecvfrom(sock, nbytes);
    }

    @Override
    public Future<DatagramReceipt> sockRecvfromInto(DatagramChannel sock, ByteBuffer buf, int nbytes) {
        return sockets().sockRecvfromInto(sock, buf, nbytes);
    }

    @Override
    public Future<Void> sockSendto(DatagramChannel sock, ByteBuffer data, SocketAddress address) {
        return sockets().sockSendto(sock, data, address);
    }

    @Override
    public void addSignalHandler(String signal, Runnable cb) {
        checkCallback(cb, "add_signal_handler");
        SignalNames.shortName(signal); // a bad name is reported before a closed loop, as asyncio does
        signals().add(signal, cb);
    }

    @Override
    public boolean removeSignalHandler(String signal) {
        SignalNames.shortName(signal); // a bad name is an error even on a loop that never had handlers
        return signals != null && signals.remove(signal);
    }

    @Override
    public <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessExec(Supplier<P> factory,
            List<String> args) {
        return subprocesses().exec(factory, args, SubprocessOptions.defaults());
    }

    @Override
    public <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessExec(Supplier<P> factory,
            List<String> args, SubprocessOptions options) {
        return subprocesses().exec(factory, args, options);
    }

    @Override
    public <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessShell(Supplier<P> factory,
            String command) {
        return subprocesses().shell(factory, command, SubprocessOptions.defaults());
    }

    @Override
    public <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessShell(Supplier<P> factory,
            String command, SubprocessOptions options) {
        return subprocesses().shell(factory, command, options);
    }
}
