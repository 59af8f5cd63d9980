package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ssl option of the stream calls: the socket transport carries the TLS layer's protocol. */
class StreamTlsTest {
    @TempDir
    static Path certDir;
    static TestCertificates certs;
    @TempDir
    Path dir;
    private final EventLoop loop = Asyncio.newEventLoop();
    private final List<Throwable> loopErrors = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(certDir);
    }

    StreamTlsTest() {
        loop.setExceptionHandler((l, ctx) -> loopErrors.add((Throwable) ctx.get("exception")));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    private <T> T await(Future<T> f) throws Exception {
        return loop.runUntilComplete(Asyncio.waitFor(f, 30));
    }

    /** Echoes through the TLS app transport it is given in connectionMade. */
    static final class Echo implements Protocol {
        Transport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    /** Collects {@code want} bytes. */
    final class Collect implements Protocol {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final Future<byte[]> done = loop.createFuture();
        final Future<Throwable> lost = loop.createFuture();
        final int want;

        Collect(int want) {
            this.want = want;
        }

        @Override
        public void dataReceived(byte[] data) {
            got.writeBytes(data);
            if (got.size() >= want && !done.done()) {
                done.setResult(got.toByteArray());
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost.setResult(exc);
        }
    }

    private static byte[] payload(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void tcpEchoOverTlsCompletesAfterTheHandshake() throws Exception {
        Server server = await(loop.createServer(Echo::new, "127.0.0.1", 0, ServerOptions.defaults().ssl(certs.serverContext())));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        byte[] data = payload(1024 * 1024 + 9);
        Connection<Transport, Collect> c = await(loop.createConnection(() -> new Collect(data.length), "localhost", port,
                ConnectOptions.defaults().ssl(certs.clientContext())));
        assertInstanceOf(SSLEngine.class, c.transport().getExtraInfo("ssl_object"), "the call completes with the TLS transport");
        assertNotNull(c.transport().getExtraInfo("peername"));
        c.transport().write(data);
        assertArrayEquals(data, await(c.protocol().done));
        c.transport().close();
        assertNull(await(c.protocol().lost));
        server.close();
        server.closeClients();
        await(server.waitClosed());
    }

    @Test
    void unixEchoOverTlsWithAServerHostname() throws Exception {
        Path path = dir.resolve("tls.sock");
        await(loop.createUnixServer(Echo::new, path, ServerOptions.defaults().ssl(certs.serverContext())));
        Connection<Transport, Collect> c = await(loop.createUnixConnection(() -> new Collect(5), path,
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost")));
        c.transport().write("hello".getBytes());
        assertEquals("hello", new String(await(c.protocol().done)));
    }

    @Test
    void anAcceptedSocketCanBeTheTlsServerSide() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) listener.getLocalAddress()).getPort();
            Future<Connection<Transport, Collect>> client = loop.createConnection(() -> new Collect(2), "127.0.0.1", port,
                    ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost"));
            listener.configureBlocking(false);
            SocketChannel accepted = loop.runUntilComplete(loop.createTask(() -> {
                SocketChannel ch;
                while ((ch = listener.accept()) == null) {
                    Asyncio.await(Asyncio.sleep(0.005)); // the client connects once the loop runs
                }
                return ch;
            }));
            Connection<Transport, Echo> served = await(loop.connectAcceptedSocket(Echo::new, accepted,
                    ServerOptions.defaults().ssl(certs.serverContext())));
            assertInstanceOf(SSLEngine.class, served.transport().getExtraInfo("ssl_object"));
            Connection<Transport, Collect> c = await(client);
            c.transport().write("ok".getBytes());
            assertEquals("ok", new String(await(c.protocol().done)));
        }
    }

    @Test
    void aFailedHandshakeFailsTheCallAndTheServerGoesOn() throws Exception {
        Server server = await(loop.createServer(Echo::new, "127.0.0.1", 0, ServerOptions.defaults().ssl(certs.serverContext())));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        SSLContext trustsNothing = SSLContext.getInstance("TLS");
        trustsNothing.init(null, null, null);
        Future<Connection<Transport, Collect>> bad = loop.createConnection(() -> new Collect(1), "localhost", port,
                ConnectOptions.defaults().ssl(trustsNothing));
        assertThrows(SSLHandshakeException.class, () -> await(bad));
        Connection<Transport, Collect> good = await(loop.createConnection(() -> new Collect(3), "localhost", port,
                ConnectOptions.defaults().ssl(certs.clientContext())));
        good.transport().write("yes".getBytes());
        assertEquals("yes", new String(await(good.protocol().done)));
    }
}
