package org.jasyncio;

import java.net.ProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import javax.net.ssl.SSLContext;

/** The keyword arguments of {@code create_server}, {@code create_unix_server} and {@code connect_accepted_socket}. */
public record ServerOptions(SSLContext ssl, int backlog, boolean reuseAddress, boolean reusePort, boolean startServing,
        ProtocolFamily family, ServerSocketChannel sock, double sslHandshakeTimeout, double sslShutdownTimeout) {

    /** asyncio's default listen backlog. */
    public static final int DEFAULT_BACKLOG = 100;

    public ServerOptions {
        if (backlog < 0) {
            throw new IllegalArgumentException("backlog must be a non-negative integer, got " + backlog);
        }
        if (sslHandshakeTimeout <= 0) {
            throw new IllegalArgumentException("ssl_handshake_timeout should be a positive number, got " + sslHandshakeTimeout);
        }
        if (sslShutdownTimeout <= 0) {
            throw new IllegalArgumentException("ssl_shutdown_timeout should be a positive number, got " + sslShutdownTimeout);
        }
    }

    public static ServerOptions defaults() {
        // NaN: not given (asyncio's None), as in ConnectOptions.defaults()
        return new ServerOptions(null, DEFAULT_BACKLOG, true, false, true, null, null, Double.NaN, Double.NaN);
    }

    public ServerOptions ssl(SSLContext v) {
        return new ServerOptions(v, backlog, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions backlog(int v) {
        return new ServerOptions(ssl, v, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions reuseAddress(boolean v) {
        return new ServerOptions(ssl, backlog, v, reusePort, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions reusePort(boolean v) {
        return new ServerOptions(ssl, backlog, reuseAddress, v, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions startServing(boolean v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, v, family, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions family(ProtocolFamily v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, v, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions sock(ServerSocketChannel v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, family, v, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ServerOptions sslHandshakeTimeout(double v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, family, sock, v, sslShutdownTimeout);
    }

    public ServerOptions sslShutdownTimeout(double v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout, v);
    }
}
