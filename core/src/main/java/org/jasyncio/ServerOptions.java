package org.jasyncio;

import java.net.ProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The keyword arguments of {@code loop.create_server}, {@code loop.create_unix_server} and
 * {@code loop.connect_accepted_socket}: an immutable value; each wither returns a copy with one option changed.
 *
 * <!-- sample: statements
 *      given: EventLoop loop; SSLContext serverContext; class Handler implements Protocol {} -->
 * <pre>{@code
 * ServerOptions o = ServerOptions.defaults().ssl(serverContext).backlog(1024).reusePort(true);
 * Server server = await(loop.createServer(Handler::new, "0.0.0.0", 8443, o));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param ssl the TLS context every accepted connection is wrapped in, or null for plain TCP
 * @param backlog the listen backlog (asyncio's default: {@link #DEFAULT_BACKLOG})
 * @param reuseAddress {@code SO_REUSEADDR} on the listening sockets (on by default, as asyncio on Unix)
 * @param reusePort {@code SO_REUSEPORT}, so several servers can share the port
 * @param startServing whether to accept at once (true by default); false waits for {@link Server#startServing()}
 * @param family restricts the resolved addresses to {@link java.net.StandardProtocolFamily#INET} or {@code INET6};
 *     null for both
 * @param sock an already bound server channel to listen on instead of binding (host and port must then be null)
 * @param sslHandshakeTimeout seconds each TLS handshake may take before that connection is aborted
 * @param sslShutdownTimeout seconds each TLS close may take before that connection is aborted
 * @param cleanupSocket whether closing a Unix server removes its socket file (true by default; asyncio's
 *     {@code cleanup_socket}, 3.13); only {@code create_unix_server} reads it
 * @param keepAlive whether accepted TCP connections have {@code SO_KEEPALIVE} on (asyncio's {@code keep_alive},
 *     3.13); only {@code create_server} reads it
 */
public record ServerOptions(SSLContext ssl, int backlog, boolean reuseAddress, boolean reusePort, boolean startServing,
        ProtocolFamily family, ServerSocketChannel sock, double sslHandshakeTimeout, double sslShutdownTimeout,
        boolean cleanupSocket, boolean keepAlive) {

    /** asyncio's default listen backlog. */
    public static final int DEFAULT_BACKLOG = 100;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when {@code backlog} is negative or a TLS timeout is not positive
     */
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

    /**
     * The options without {@code cleanupSocket} and {@code keepAlive} (the shape before they were added): a Unix
     * server's socket file is removed on close, and TCP keep-alive is off.
     *
     * @param ssl the TLS context, or null
     * @param backlog the listen backlog
     * @param reuseAddress SO_REUSEADDR
     * @param reusePort SO_REUSEPORT
     * @param startServing whether to accept at once
     * @param family the address family, or null for both
     * @param sock an already bound server channel, or null
     * @param sslHandshakeTimeout the TLS handshake timeout in seconds (NaN: not given)
     * @param sslShutdownTimeout the TLS shutdown timeout in seconds (NaN: not given)
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ServerOptions(SSLContext ssl, int backlog, boolean reuseAddress, boolean reusePort, boolean startServing,
            ProtocolFamily family, ServerSocketChannel sock, double sslHandshakeTimeout, double sslShutdownTimeout) {
        this(ssl, backlog, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout,
                true, false);
    }

    /**
     * asyncio's defaults: plain TCP, backlog 100, SO_REUSEADDR on, serving at once, TLS timeouts of 60 and 30 seconds.
     *
     * @return the default options
     */
    public static ServerOptions defaults() {
        // NaN: not given (asyncio's None), as in ConnectOptions.defaults()
        return new ServerOptions(null, DEFAULT_BACKLOG, true, false, true, null, null, Double.NaN, Double.NaN, true, false);
    }

    /**
     * With TLS. asyncio: {@code ssl=}.
     *
     * @param v the TLS context, or null for plain TCP
     * @return a copy with this option
     */
    public ServerOptions ssl(SSLContext v) {
        return new ServerOptions(v, backlog, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket, keepAlive);
    }

    /**
     * The listen backlog. asyncio: {@code backlog=}.
     *
     * @param v the backlog, not negative
     * @return a copy with this option
     * @throws IllegalArgumentException when negative
     */
    public ServerOptions backlog(int v) {
        return new ServerOptions(ssl, v, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket, keepAlive);
    }

    /**
     * {@code SO_REUSEADDR}. asyncio: {@code reuse_address=}.
     *
     * @param v whether to set it
     * @return a copy with this option
     */
    public ServerOptions reuseAddress(boolean v) {
        return new ServerOptions(ssl, backlog, v, reusePort, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket, keepAlive);
    }

    /**
     * {@code SO_REUSEPORT}. asyncio: {@code reuse_port=}.
     *
     * @param v whether to set it
     * @return a copy with this option
     */
    public ServerOptions reusePort(boolean v) {
        return new ServerOptions(ssl, backlog, reuseAddress, v, startServing, family, sock, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket, keepAlive);
    }

    /**
     * Whether to accept at once. asyncio: {@code start_serving=}.
     *
     * @param v false to wait for {@link Server#startServing()}
     * @return a copy with this option
     */
    public ServerOptions startServing(boolean v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, v, family, sock, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket, keepAlive);
    }

    /**
     * The address family. asyncio: {@code family=}.
     *
     * @param v INET, INET6, or null for both
     * @return a copy with this option
     */
    public ServerOptions family(ProtocolFamily v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, v, sock, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket, keepAlive);
    }

    /**
     * A bound channel to listen on instead of binding. asyncio: {@code sock=}.
     *
     * @param v the channel, or null
     * @return a copy with this option
     */
    public ServerOptions sock(ServerSocketChannel v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, family, v, sslHandshakeTimeout, sslShutdownTimeout, cleanupSocket, keepAlive);
    }

    /**
     * The TLS handshake timeout. asyncio: {@code ssl_handshake_timeout=}.
     *
     * @param v seconds, positive
     * @return a copy with this option
     * @throws IllegalArgumentException when not positive
     */
    public ServerOptions sslHandshakeTimeout(double v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, family, sock, v, sslShutdownTimeout, cleanupSocket, keepAlive);
    }

    /**
     * The TLS shutdown timeout. asyncio: {@code ssl_shutdown_timeout=}.
     *
     * @param v seconds, positive
     * @return a copy with this option
     * @throws IllegalArgumentException when not positive
     */
    public ServerOptions sslShutdownTimeout(double v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout, v, cleanupSocket, keepAlive);
    }

    /**
     * {@link #sslHandshakeTimeout(double)} with a {@link Duration}.
     *
     * @param v the timeout, positive
     * @return a copy with this option
     * @throws IllegalArgumentException when null or not positive
     */
    public ServerOptions sslHandshakeTimeout(Duration v) {
        return sslHandshakeTimeout(Seconds.of(v, "ssl_handshake_timeout"));
    }

    /**
     * {@link #sslShutdownTimeout(double)} with a {@link Duration}.
     *
     * @param v the timeout, positive
     * @return a copy with this option
     * @throws IllegalArgumentException when null or not positive
     */
    public ServerOptions sslShutdownTimeout(Duration v) {
        return sslShutdownTimeout(Seconds.of(v, "ssl_shutdown_timeout"));
    }

    /**
     * Whether closing a Unix server removes its socket file: with true (the default), {@link Server#close()} unlinks
     * the path the server listens on, if it is still the file the server bound (a file put there since by someone
     * else is left alone); with false the file stays. This applies to a {@link #sock(ServerSocketChannel)} given to
     * {@code createUnixServer} too. TCP servers ignore it. asyncio: {@code cleanup_socket=} (3.13).
     *
     * @param v false to leave the socket file in place
     * @return a copy with this option
     */
    public ServerOptions cleanupSocket(boolean v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout,
                sslShutdownTimeout, v, keepAlive);
    }

    /**
     * Turns TCP keep-alive ({@code SO_KEEPALIVE}) on for every connection the server accepts, so the system probes
     * idle peers and a vanished one ends the connection with an error. asyncio sets it on the listening socket,
     * which Linux copies to each accepted one; Java cannot set it on a {@code ServerSocketChannel}, so it is set on
     * each accepted channel before its protocol is made. Unix servers ignore it. asyncio: {@code keep_alive=True}
     * (3.13).
     *
     * @param v true for keep-alive
     * @return a copy with this option
     */
    public ServerOptions keepAlive(boolean v) {
        return new ServerOptions(ssl, backlog, reuseAddress, reusePort, startServing, family, sock, sslHandshakeTimeout,
                sslShutdownTimeout, cleanupSocket, v);
    }
}
