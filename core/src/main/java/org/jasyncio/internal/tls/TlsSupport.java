package org.jasyncio.internal.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.List;
import javax.net.ssl.SNIHostName;
import org.jasyncio.BaseProtocol;
import org.jasyncio.Future;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * TLS over stream transports (asyncio's sslproto): {@code startTls} upgrades a live connection, and the stream
 * networking wraps a protocol when {@code ssl} is given to createConnection/createServer.
 */
public final class TlsSupport {
    private final SelectorEventLoop loop;

    public TlsSupport(SelectorEventLoop loop) {
        this.loop = loop;
    }

    /** What a stream call wraps around the application's protocol: the raw side, and the app side it completes with. */
    public record Wrapped(BaseProtocol rawProtocol, Transport appTransport) {
    }

    /**
     * A TLS layer for a connection about to be made: the raw transport must get {@code rawProtocol}; after the
     * handshake the app protocol's connectionMade is called with {@code appTransport} and {@code waiter} completes.
     */
    public Wrapped wrap(BaseProtocol app, SSLContext ctx, boolean serverSide, String serverHostname, int peerPort,
            Future<Transport> waiter, double handshakeTimeout, double shutdownTimeout) {
        checkTimeouts(handshakeTimeout, shutdownTimeout);
        SSLEngine engine = newEngine(ctx, serverSide, serverHostname, peerPort);
        TlsProtocol tls = new TlsProtocol(loop, app, engine, ctx, waiter, true, handshakeTimeout, shutdownTimeout);
        return new Wrapped(tls, tls.appTransport());
    }

    public Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname, double handshakeTimeout, double shutdownTimeout) {
        if (transport == null || protocol == null || ctx == null) {
            throw new IllegalArgumentException("startTls needs a transport, a protocol and an SSLContext");
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("Transport " + transport + " is not supported by start_tls(): it is closing");
        }
        checkTimeouts(handshakeTimeout, shutdownTimeout);
        Future<Transport> waiter = loop.createFuture();
        SSLEngine engine = newEngine(ctx, serverSide, serverHostname, -1);
        TlsProtocol tls = new TlsProtocol(loop, protocol, engine, ctx, waiter, false, handshakeTimeout, shutdownTimeout);
        // As asyncio: stop reading, switch protocols, then start the handshake and resume reading on the next turns.
        transport.pauseReading();
        transport.setProtocol(tls);
        loop.callSoon(() -> tls.connectionMade(transport));
        loop.callSoon(() -> {
            if (!transport.isClosing()) {
                transport.resumeReading();
            }
        });
        waiter.addDoneCallback(f -> {
            if (f.cancelled()) {
                transport.close();
            }
        });
        return waiter;
    }

    private static void checkTimeouts(double handshakeTimeout, double shutdownTimeout) {
        if (!(handshakeTimeout > 0)) {
            throw new IllegalArgumentException("ssl_handshake_timeout should be a positive number, got " + handshakeTimeout);
        }
        if (!(shutdownTimeout > 0)) {
            throw new IllegalArgumentException("ssl_shutdown_timeout should be a positive number, got " + shutdownTimeout);
        }
    }

    private static SSLEngine newEngine(SSLContext ctx, boolean serverSide, String serverHostname, int peerPort) {
        if (serverSide && serverHostname != null) {
            throw new IllegalArgumentException("server_hostname can only be specified in client mode");
        }
        SSLEngine engine = serverHostname != null && peerPort > 0
                ? ctx.createSSLEngine(serverHostname, peerPort) : ctx.createSSLEngine();
        engine.setUseClientMode(!serverSide);
        if (!serverSide && serverHostname != null && !serverHostname.isEmpty()) {
            SSLParameters params = engine.getSSLParameters();
            // Verify the server's name as asyncio's default context does (check_hostname).
            params.setEndpointIdentificationAlgorithm("HTTPS");
            if (!isIpLiteral(serverHostname)) {
                params.setServerNames(List.of(new SNIHostName(serverHostname)));
            }
            engine.setSSLParameters(params);
        }
        return engine;
    }

    private static boolean isIpLiteral(String host) {
        return host.indexOf(':') >= 0 || host.chars().allMatch(c -> c == '.' || Character.isDigit(c));
    }
}
