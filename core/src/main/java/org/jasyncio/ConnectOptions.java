package org.jasyncio;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * The keyword arguments of {@code loop.create_connection} and {@code loop.create_unix_connection}: an immutable
 * value; each wither returns a copy with one option changed.
 *
 * <!-- sample: statements
 *      given: EventLoop loop; class MyProtocol implements Protocol {} -->
 * <pre>{@code
 * ConnectOptions tls = ConnectOptions.defaults()
 *         .ssl(SSLContext.getDefault())
 *         .happyEyeballsDelay(Duration.ofMillis(250));
 * await(loop.createConnection(MyProtocol::new, "example.org", 443, tls));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param ssl the TLS context to wrap the connection in, or null for plain TCP
 * @param serverHostname the name TLS checks the certificate against (and sends as SNI); null means the host
 *     argument of the call. Only with {@code ssl}
 * @param localAddr the local address to bind before connecting, or null
 * @param family restricts resolution to {@link java.net.StandardProtocolFamily#INET} or {@code INET6}; null for both
 * @param happyEyeballsDelay seconds between connection attempts to successive addresses (RFC 8305), or
 *     {@link #NO_HAPPY_EYEBALLS} to try them one after another
 * @param interleave how many addresses of the first family to try before one of the other (0: asyncio's default,
 *     1 when Happy Eyeballs is on)
 * @param sock an already connected channel to use instead of connecting (host and port must then be null)
 * @param sslHandshakeTimeout seconds the TLS handshake may take before the connection is aborted
 * @param sslShutdownTimeout seconds the TLS close may take before the connection is aborted
 * @param allErrors when every address fails, fail with an {@link ExceptionGroup} of all the errors instead of one
 *     error (asyncio's {@code all_errors=True}, 3.12)
 */
public record ConnectOptions(SSLContext ssl, String serverHostname, InetSocketAddress localAddr, ProtocolFamily family,
        double happyEyeballsDelay, int interleave, SocketChannel sock, double sslHandshakeTimeout,
        double sslShutdownTimeout, boolean allErrors) {

    /** No Happy Eyeballs: addresses are tried one after another. */
    public static final double NO_HAPPY_EYEBALLS = -1;
    /** asyncio's default TLS handshake timeout, in seconds. */
    public static final double DEFAULT_SSL_HANDSHAKE_TIMEOUT = 60.0;
    /** asyncio's default TLS shutdown timeout, in seconds. */
    public static final double DEFAULT_SSL_SHUTDOWN_TIMEOUT = 30.0;

    /**
     * Checks the values.
     *
     * @throws IllegalArgumentException when {@code interleave} is negative or a TLS timeout is not positive
     */
    public ConnectOptions {
        if (interleave < 0) {
            throw new IllegalArgumentException("interleave must be a non-negative integer, got " + interleave);
        }
        if (sslHandshakeTimeout <= 0) {
            throw new IllegalArgumentException("ssl_handshake_timeout should be a positive number, got " + sslHandshakeTimeout);
        }
        if (sslShutdownTimeout <= 0) {
            throw new IllegalArgumentException("ssl_shutdown_timeout should be a positive number, got " + sslShutdownTimeout);
        }
    }

    /**
     * The options without {@code allErrors} (the shape before it was added): one error when every address fails.
     *
     * @param ssl the TLS context, or null
     * @param serverHostname the name TLS checks, or null
     * @param localAddr the local address to bind, or null
     * @param family the address family, or null for both
     * @param happyEyeballsDelay seconds between attempts, or {@link #NO_HAPPY_EYEBALLS}
     * @param interleave how many addresses of the first family to try first
     * @param sock an already connected channel, or null
     * @param sslHandshakeTimeout the TLS handshake timeout in seconds (NaN: not given)
     * @param sslShutdownTimeout the TLS shutdown timeout in seconds (NaN: not given)
     * @throws IllegalArgumentException as the canonical constructor
     */
    public ConnectOptions(SSLContext ssl, String serverHostname, InetSocketAddress localAddr, ProtocolFamily family,
            double happyEyeballsDelay, int interleave, SocketChannel sock, double sslHandshakeTimeout,
            double sslShutdownTimeout) {
        this(ssl, serverHostname, localAddr, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout,
                sslShutdownTimeout, false);
    }

    /**
     * asyncio's defaults: plain TCP, no Happy Eyeballs, TLS timeouts of 60 and 30 seconds.
     *
     * @return the default options
     */
    public static ConnectOptions defaults() {
        // NaN: not given (asyncio's None), so the DEFAULT_* apply with ssl and an explicit value without it is refused
        return new ConnectOptions(null, null, null, null, NO_HAPPY_EYEBALLS, 0, null, Double.NaN, Double.NaN, false);
    }

    /**
     * With TLS. asyncio: {@code ssl=}.
     *
     * @param v the TLS context, or null for plain TCP
     * @return a copy with this option
     */
    public ConnectOptions ssl(SSLContext v) {
        return new ConnectOptions(v, serverHostname, localAddr, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout, allErrors);
    }

    /**
     * The name TLS verifies. asyncio: {@code server_hostname=}.
     *
     * @param v the host name, or null for the call's host
     * @return a copy with this option
     */
    public ConnectOptions serverHostname(String v) {
        return new ConnectOptions(ssl, v, localAddr, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout, allErrors);
    }

    /**
     * The local address to bind. asyncio: {@code local_addr=}.
     *
     * @param v the address, or null
     * @return a copy with this option
     */
    public ConnectOptions localAddr(InetSocketAddress v) {
        return new ConnectOptions(ssl, serverHostname, v, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout, allErrors);
    }

    /**
     * The address family. asyncio: {@code family=}.
     *
     * @param v INET, INET6, or null for both
     * @return a copy with this option
     */
    public ConnectOptions family(ProtocolFamily v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, v, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout, allErrors);
    }

    /**
     * Turns on Happy Eyeballs (RFC 8305). asyncio: {@code happy_eyeballs_delay=}.
     *
     * @param v seconds between connection attempts (asyncio recommends 0.25), or {@link #NO_HAPPY_EYEBALLS}
     * @return a copy with this option
     */
    public ConnectOptions happyEyeballsDelay(double v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, v, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout, allErrors);
    }

    /**
     * {@link #happyEyeballsDelay(double)} with a {@link Duration}.
     *
     * @param v the delay between connection attempts
     * @return a copy with this option
     * @throws IllegalArgumentException when {@code v} is null
     */
    public ConnectOptions happyEyeballsDelay(Duration v) {
        return happyEyeballsDelay(Seconds.of(v, "happy_eyeballs_delay"));
    }

    /**
     * How addresses of the two families alternate. asyncio: {@code interleave=}.
     *
     * @param v addresses of the first family before one of the other; 0 for the default
     * @return a copy with this option
     * @throws IllegalArgumentException when negative
     */
    public ConnectOptions interleave(int v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, v, sock, sslHandshakeTimeout, sslShutdownTimeout, allErrors);
    }

    /**
     * A connected channel to wrap instead of connecting. asyncio: {@code sock=}.
     *
     * @param v the channel, or null
     * @return a copy with this option
     */
    public ConnectOptions sock(SocketChannel v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, interleave, v, sslHandshakeTimeout, sslShutdownTimeout, allErrors);
    }

    /**
     * The TLS handshake timeout. asyncio: {@code ssl_handshake_timeout=}.
     *
     * @param v seconds, positive
     * @return a copy with this option
     * @throws IllegalArgumentException when not positive
     */
    public ConnectOptions sslHandshakeTimeout(double v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, interleave, sock, v, sslShutdownTimeout, allErrors);
    }

    /**
     * {@link #sslHandshakeTimeout(double)} with a {@link Duration}.
     *
     * @param v the timeout, positive
     * @return a copy with this option
     * @throws IllegalArgumentException when null or not positive
     */
    public ConnectOptions sslHandshakeTimeout(Duration v) {
        return sslHandshakeTimeout(Seconds.of(v, "ssl_handshake_timeout"));
    }

    /**
     * The TLS shutdown timeout. asyncio: {@code ssl_shutdown_timeout=}.
     *
     * @param v seconds, positive
     * @return a copy with this option
     * @throws IllegalArgumentException when not positive
     */
    public ConnectOptions sslShutdownTimeout(double v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, v, allErrors);
    }

    /**
     * {@link #sslShutdownTimeout(double)} with a {@link Duration}.
     *
     * @param v the timeout, positive
     * @return a copy with this option
     * @throws IllegalArgumentException when null or not positive
     */
    public ConnectOptions sslShutdownTimeout(Duration v) {
        return sslShutdownTimeout(Seconds.of(v, "ssl_shutdown_timeout"));
    }

    /**
     * When every address fails, fail with {@code ExceptionGroup("create_connection failed", errors)} holding every
     * attempt's error in the order the addresses were tried, even when there was only one, instead of asyncio's
     * default: the one error, or one {@code IOException("Multiple exceptions: ...")} naming them all. asyncio:
     * {@code all_errors=True} (3.12). Errors before any attempt (resolution, bad arguments) are not grouped.
     *
     * @param v true to group the errors
     * @return a copy with this option
     */
    public ConnectOptions allErrors(boolean v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, interleave, sock,
                sslHandshakeTimeout, sslShutdownTimeout, v);
    }
}
