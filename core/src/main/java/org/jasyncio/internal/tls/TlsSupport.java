package org.jasyncio.internal.tls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import java.util.List;
import javax.net.ssl.SNIHostName;
import org.jasyncio.BaseProtocol;
import org.jasyncio.Future;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamWriter;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.streams.StreamsAccess;

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
        if (serverSide) {
            // A ClientHello that came in with the plaintext before it sits in a stream reader: it is the start of
            // the handshake (asyncio, gh-142352). A client's reader keeps its bytes: they are plaintext.
            tls.receivedBeforeHandshake(StreamsAccess.get(StreamReader.class, StreamWriter.class).takeBuffered(protocol));
        }
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

    /**
     * The client-side rule every path shares, checked before any I/O: with hostname verification on (every context
     * but one {@code SslContexts.withoutHostnameCheck} made), a client needs a name to verify. asyncio fails the same
     * way (its default context has check_hostname set); the absence of a name never turns the check off.
     */
    public static void checkClientHostname(SSLContext ctx, String serverHostname) {
        if (ctx instanceof UncheckedHostnameContext) {
            return;
        }
        if (serverHostname == null || serverHostname.isEmpty()) {
            throw new IllegalArgumentException("check_hostname requires server_hostname");
        }
    }

    private static SSLEngine newEngine(SSLContext ctx, boolean serverSide, String serverHostname, int peerPort) {
        if (serverSide) {
            if (serverHostname != null) {
                throw new IllegalArgumentException("server_hostname can only be specified in client mode");
            }
            SSLEngine engine = ctx.createSSLEngine();
            engine.setUseClientMode(false);
            return engine;
        }
        checkClientHostname(ctx, serverHostname);
        boolean named = serverHostname != null && !serverHostname.isEmpty();
        // The engine knows the peer's name (the port only keys session resumption), so an IP literal is matched
        // against the certificate's IP addresses and a name against its DNS names.
        SSLEngine engine = named ? ctx.createSSLEngine(serverHostname, Math.max(peerPort, 0)) : ctx.createSSLEngine();
        engine.setUseClientMode(true);
        if (named) {
            SSLParameters params = engine.getSSLParameters();
            if (!(ctx instanceof UncheckedHostnameContext)) {
                params.setEndpointIdentificationAlgorithm("HTTPS");
            }
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
