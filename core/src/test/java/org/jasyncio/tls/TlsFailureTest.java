package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;

/** Handshakes that fail: the create call fails with the cause, and no channel is left open. */
class TlsFailureTest extends TlsFixture {
    /** Tries a client connection that must fail, a few times, and checks the descriptor count does not move. */
    private Throwable failsWithoutLeaking(int port, ConnectOptions options) throws Exception {
        Throwable first = attempt(port, options); // loads the classes and warms the JDK's TLS provider
        long before = openDescriptors();
        for (int i = 0; i < 4; i++) {
            Throwable again = attempt(port, options);
            assertEquals(first.getClass(), again.getClass(), again.toString());
        }
        idle(0.05);
        assertEquals(before, openDescriptors(), "a failed TLS connection leaves a descriptor open");
        return first;
    }

    private Throwable attempt(int port, ConnectOptions options) throws Exception {
        Future<Connection<Transport, Recorder>> f = loop.createConnection(Recorder::new, "127.0.0.1", port, options);
        Exception e = assertThrows(Exception.class, () -> await(f));
        idle(0.02);
        return e;
    }

    private Server plainServer(Supplier<? extends BaseProtocol> factory) throws Exception {
        return await(loop.createServer(factory, "127.0.0.1", 0));
    }

    private static ConnectOptions trusting(SSLContext ctx) {
        return ConnectOptions.defaults().ssl(ctx).serverHostname("localhost");
    }

    @Test
    void anUntrustedCertificateFailsTheCallAndLeaksNothing() throws Exception {
        Server server = tlsServer(Echo::new);
        SSLContext trustsNothing = SSLContext.getInstance("TLS");
        trustsNothing.init(null, null, null);
        Throwable e = failsWithoutLeaking(portOf(server), trusting(trustsNothing));
        assertInstanceOf(SSLHandshakeException.class, e);
        server.close();
    }

    @Test
    void aWrongHostnameFailsTheCallAndLeaksNothing() throws Exception {
        Server server = tlsServer(Echo::new);
        Throwable e = failsWithoutLeaking(portOf(server),
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("elsewhere.invalid"));
        assertInstanceOf(SSLHandshakeException.class, e);
        server.close();
    }

    @Test
    void aPlainPeerThatAnswersInTheClearFailsTheHandshake() throws Exception {
        Server server = plainServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                ((Transport) t).write("HTTP/1.0 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
        });
        Throwable e = failsWithoutLeaking(portOf(server), trusting(certs.clientContext()));
        assertInstanceOf(SSLException.class, e);
        server.close();
    }

    @Test
    void aPeerThatAbortsDuringTheHandshakeFailsTheCall() throws Exception {
        Server server = plainServer(() -> new Protocol() {
            BaseTransport t;

            @Override
            public void connectionMade(BaseTransport tr) {
                t = tr;
            }

            @Override
            public void dataReceived(byte[] clientHello) {
                ((Transport) t).abort();
            }
        });
        Throwable e = failsWithoutLeaking(portOf(server), trusting(certs.clientContext()));
        assertInstanceOf(IOException.class, e);
        server.close();
    }

    @Test
    void aPeerThatClosesDuringTheHandshakeFailsTheCallWithAReset() throws Exception {
        Server server = plainServer(() -> new Protocol() {
            BaseTransport t;

            @Override
            public void connectionMade(BaseTransport tr) {
                t = tr;
            }

            @Override
            public void dataReceived(byte[] clientHello) {
                t.close();
            }
        });
        Throwable e = failsWithoutLeaking(portOf(server), trusting(certs.clientContext()));
        assertInstanceOf(java.net.SocketException.class, e);
        server.close();
    }

    @Test
    void theHandshakeTimeoutFailsTheCallWithAsyncioMessageAndLeaksNothing() throws Exception {
        Server silent = plainServer(() -> new Protocol() { });
        Throwable e = failsWithoutLeaking(portOf(silent), trusting(certs.clientContext()).sslHandshakeTimeout(0.1));
        assertInstanceOf(SocketTimeoutException.class, e);
        assertEquals("SSL handshake is taking longer than 0.1 seconds: aborting the connection", e.getMessage());
        assertTrue(loopErrors.isEmpty(), "a timeout is an I/O error, not one for the exception handler: " + loopErrors);
        silent.close();
    }

    @Test
    void cancellingTheCallDuringTheHandshakeClosesTheConnection() throws Exception {
        List<Recorder> accepted = new ArrayList<>();
        Server silent = plainServer(() -> {
            Recorder r = new Recorder();
            accepted.add(r);
            return r;
        });
        attempt(portOf(silent), trusting(certs.clientContext()).sslHandshakeTimeout(0.1)); // warm up
        long before = openDescriptors();
        Future<Connection<Transport, Recorder>> f = loop.createConnection(Recorder::new, "127.0.0.1", portOf(silent),
                trusting(certs.clientContext()));
        idle(0.1);
        assertEquals(2, accepted.size());
        assertTrue(f.cancel());
        await(accepted.get(1).lost); // the peer sees the connection go
        accepted.get(1).transport.close();
        idle(0.05);
        assertEquals(before, openDescriptors());
        silent.close();
    }

    @Test
    void aPlainClientIsDroppedByATlsServerThatGoesOnServing() throws Exception {
        int[] made = new int[1];
        Server server = tlsServer(() -> new Echo() {
            @Override
            public void connectionMade(BaseTransport t) {
                made[0]++;
                super.connectionMade(t);
            }
        });
        Connection<Transport, Recorder> plain = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server)));
        plain.transport().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        await(plain.protocol().lost);
        assertEquals(0, made[0], "the application never sees a connection whose handshake failed");
        Connection<Transport, Recorder> good = connect(server, () -> new Recorder().expecting(2));
        good.transport().write("ok".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ok", new String(await(good.protocol().done), StandardCharsets.US_ASCII));
        assertEquals(1, made[0]);
        server.close();
    }

    @Test
    void aServersHandshakeTimeoutDropsASilentClient() throws Exception {
        Server server = await(loop.createServer(Echo::new, "127.0.0.1", 0,
                ServerOptions.defaults().ssl(certs.serverContext()).sslHandshakeTimeout(0.2)));
        Connection<Transport, Recorder> silent = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server)));
        long start = System.nanoTime();
        await(silent.protocol().lost);
        assertTrue(System.nanoTime() - start >= 150_000_000L, "dropped only after the timeout");
        assertEquals(0, silent.protocol().received.size());
        server.close();
    }

    @Test
    void startTlsRefusesAClosingTransportAndBadArguments() throws Exception {
        Server server = plainServer(() -> new Protocol() { });
        Connection<Transport, Recorder> c = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server)));
        SSLContext ctx = certs.clientContext();
        Transport t = c.transport();
        assertThrows(IllegalArgumentException.class, () -> loop.startTls(t, new Recorder(), null, false, "localhost"));
        assertThrows(IllegalArgumentException.class, () -> loop.startTls(t, null, ctx, false, "localhost"));
        assertThrows(IllegalArgumentException.class, () -> loop.startTls(t, new Recorder(), ctx, true, "localhost"),
                "server_hostname is for the client side only");
        assertThrows(IllegalArgumentException.class, () -> loop.startTls(t, new Recorder(), ctx, false, "localhost", 0, 10));
        assertThrows(IllegalArgumentException.class, () -> loop.startTls(t, new Recorder(), ctx, false, "localhost", 10, -1));
        t.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.startTls(t, new Recorder(), ctx, false, "localhost"));
        assertTrue(e.getMessage().contains("is not supported by start_tls()"), e.getMessage());
        server.close();
    }

    @Test
    void aStartTlsWhoseHandshakeFailsFailsItsFutureAndClosesTheConnection() throws Exception {
        List<Transport> accepted = new ArrayList<>();
        Server server = plainServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                accepted.add((Transport) t);
                loop.startTls((Transport) t, new Recorder(), serverContextUnchecked(), true, null);
            }
        });
        Connection<Transport, Recorder> c = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server)));
        SSLContext trustsNothing = SSLContext.getInstance("TLS");
        trustsNothing.init(null, null, null);
        Future<Transport> up = loop.startTls(c.transport(), new Recorder(), trustsNothing, false, "localhost");
        assertThrows(SSLHandshakeException.class, () -> await(up));
        idle(0.05);
        assertTrue(c.transport().isClosing(), "the raw transport is closed after a failed upgrade");
        server.close();
    }

    private static SSLContext serverContextUnchecked() {
        try {
            return certs.serverContext();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
