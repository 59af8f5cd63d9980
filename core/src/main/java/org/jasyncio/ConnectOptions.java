package org.jasyncio;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLContext;

/** The keyword arguments of {@code create_connection} and {@code create_unix_connection}. */
public record ConnectOptions(SSLContext ssl, String serverHostname, InetSocketAddress localAddr, ProtocolFamily family,
        double happyEyeballsDelay, int interleave, SocketChannel sock, double sslHandshakeTimeout,
        double sslShutdownTimeout) {

    /** No Happy Eyeballs: addresses are tried one after another. */
    public static final double NO_HAPPY_EYEBALLS = -1;
    /** asyncio's default TLS handshake timeout, in seconds. */
    public static final double DEFAULT_SSL_HANDSHAKE_TIMEOUT = 60.0;
    /** asyncio's default TLS shutdown timeout, in seconds. */
    public static final double DEFAULT_SSL_SHUTDOWN_TIMEOUT = 30.0;

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

    public static ConnectOptions defaults() {
        // NaN: not given (asyncio's None), so the DEFAULT_* apply with ssl and an explicit value without it is refused
        return new ConnectOptions(null, null, null, null, NO_HAPPY_EYEBALLS, 0, null, Double.NaN, Double.NaN);
    }

    public ConnectOptions ssl(SSLContext v) {
        return new ConnectOptions(v, serverHostname, localAddr, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ConnectOptions serverHostname(String v) {
        return new ConnectOptions(ssl, v, localAddr, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ConnectOptions localAddr(InetSocketAddress v) {
        return new ConnectOptions(ssl, serverHostname, v, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ConnectOptions family(ProtocolFamily v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, v, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    /** Turns on Happy Eyeballs (RFC 8305) with this delay, in seconds, between connection attempts. */
    public ConnectOptions happyEyeballsDelay(double v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, v, interleave, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ConnectOptions interleave(int v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, v, sock, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ConnectOptions sock(SocketChannel v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, interleave, v, sslHandshakeTimeout, sslShutdownTimeout);
    }

    public ConnectOptions sslHandshakeTimeout(double v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, interleave, sock, v, sslShutdownTimeout);
    }

    public ConnectOptions sslShutdownTimeout(double v) {
        return new ConnectOptions(ssl, serverHostname, localAddr, family, happyEyeballsDelay, interleave, sock, sslHandshakeTimeout, v);
    }
}
