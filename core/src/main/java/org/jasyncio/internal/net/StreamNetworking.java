package org.jasyncio.internal.net;

import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jasyncio.BaseProtocol;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** Stream connections and servers over TCP and Unix sockets, and sendfile, for one loop. */
public final class StreamNetworking {
    private final SelectorEventLoop loop;

    public StreamNetworking(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public <P extends BaseProtocol> Future<Connection<Transport, P>> createConnection(Supplier<P> factory, String host, int port,
            ConnectOptions options) {
        throw new UnsupportedOperationException("createConnection: in progress");
    }

    public <P extends BaseProtocol> Future<Server> createServer(Supplier<P> factory, String host, int port, ServerOptions options) {
        throw new UnsupportedOperationException("createServer: in progress");
    }

    public <P extends BaseProtocol> Future<Connection<Transport, P>> createUnixConnection(Supplier<P> factory, Path path,
            ConnectOptions options) {
        throw new UnsupportedOperationException("createUnixConnection: in progress");
    }

    public <P extends BaseProtocol> Future<Server> createUnixServer(Supplier<P> factory, Path path, ServerOptions options) {
        throw new UnsupportedOperationException("createUnixServer: in progress");
    }

    public <P extends BaseProtocol> Future<Connection<Transport, P>> connectAcceptedSocket(Supplier<P> factory, SocketChannel sock,
            ServerOptions options) {
        throw new UnsupportedOperationException("connectAcceptedSocket: in progress");
    }

    public Future<Long> sendfile(WriteTransport transport, FileChannel file, long offset, long count, boolean fallback) {
        throw new UnsupportedOperationException("sendfile: in progress");
    }
}
