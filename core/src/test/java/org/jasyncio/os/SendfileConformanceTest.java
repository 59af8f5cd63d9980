package org.jasyncio.os;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import javax.net.ssl.SSLContext;
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
import org.jasyncio.WriteTransport;
import org.jasyncio.tls.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * test_sendfile.py's SendfileMixin cases that the net tests leave out: a peer that closes after everything or in the
 * middle, and TLS transports, which always take the read-and-write fallback. Real sockets and a real file.
 */
class SendfileConformanceTest {
    /** test_sendfile's DATA: 128 KiB and a little, so that the end of a block is not the end of the file. */
    private static final byte[] DATA = "SendfileBaseData".repeat(1024 * 8 + 1).getBytes();

    @TempDir
    static Path certDir;
    /** Made once: keytool is slow. */
    private static TestCertificates certs;

    @TempDir
    Path dir;
    private EventLoop loop;
    private FileChannel file;
    private Server server;
    private Transport client;

    @BeforeEach
    void setUp() throws IOException {
        loop = Asyncio.newEventLoop();
        Path p = dir.resolve("data.bin");
        Files.write(p, DATA);
        file = FileChannel.open(p, StandardOpenOption.READ);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null && !client.isClosing()) {
            client.abort(); // a failed test may leave it open, and waitClosed waits for every connection
        }
        if (server != null) {
            server.close();
            run(server.waitClosed());
        }
        loop.close();
        file.close();
    }

    /** test_sendfile's MySendfileProto: counts what arrives and may close the transport after {@code closeAfter}. */
    final class Receiver implements Protocol {
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Void> done = loop.createFuture();
        final int closeAfter;
        BaseTransport transport;

        Receiver(int closeAfter) {
            this.closeAfter = closeAfter;
        }

        /** The transport of a socket connection. */
        Transport stream() {
            return (Transport) transport;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = t;
        }

        @Override
        public void dataReceived(byte[] d) {
            data.write(d, 0, d.length);
            if (closeAfter > 0 && data.size() >= closeAfter) {
                transport.close();
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            done.setResult(null);
        }
    }

    private <T> T run(Future<T> f) throws Exception {
        return loop.runUntilComplete(() -> Asyncio.await(Asyncio.waitFor(f, 30)));
    }

    /** test_sendfile's reduce_*_buffer_size: 4 KiB kernel buffers, so that the file cannot all be in flight. */
    private static void smallBuffer(Transport t, java.net.SocketOption<Integer> option) throws IOException {
        ((java.nio.channels.SocketChannel) t.getExtraInfo("socket")).setOption(option, 4 * 1024);
    }

    /** Connects a client to a server whose protocol is {@code srv}, with small buffers as test_sendfile's. */
    private Receiver connect(Receiver srv, boolean tls) throws Exception {
        SSLContext serverCtx = null;
        SSLContext clientCtx = null;
        if (tls) {
            if (certs == null) {
                certs = TestCertificates.create(certDir);
            }
            serverCtx = certs.serverContext();
            clientCtx = certs.clientContext();
        }
        ServerOptions so = ServerOptions.defaults();
        ConnectOptions co = ConnectOptions.defaults();
        if (tls) {
            so = so.ssl(serverCtx);
            co = co.ssl(clientCtx).serverHostname("localhost");
        }
        server = loop.runUntilComplete(loop.createServer(() -> srv, "127.0.0.1", 0, so));
        int port = ((InetSocketAddress) server.sockets().getFirst().getLocalAddress()).getPort();
        Receiver cli = new Receiver(0);
        Connection<Transport, Receiver> c = run(loop.createConnection(() -> cli, "127.0.0.1", port, co));
        client = c.transport();
        c.transport().setWriteBufferLimits(4 * 1024);
        smallBuffer(c.transport(), java.net.StandardSocketOptions.SO_SNDBUF);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (srv.transport == null && System.nanoTime() < deadline) {
            // a TLS server's protocol hears of the connection once its own side of the handshake is done
            loop.runUntilComplete(() -> Asyncio.await(Asyncio.sleep(0.01)));
        }
        assertNotNull(srv.transport, "the server never saw the connection");
        smallBuffer(srv.stream(), java.net.StandardSocketOptions.SO_RCVBUF);
        return cli;
    }

    private void sendAllAndCheck(boolean tls) throws Exception {
        Receiver srv = new Receiver(0);
        Receiver cli = connect(srv, tls);
        long sent = run(loop.sendfile(cli.stream(), file));
        cli.stream().close();
        run(srv.done);
        assertEquals(DATA.length, sent);
        assertArrayEquals(DATA, srv.data.toByteArray());
        assertEquals(DATA.length, file.position());
    }

    @Test
    void tlsTakesTheFallbackAndSendsTheWholeFile() throws Exception {
        sendAllAndCheck(true); // test_sendfile_ssl
    }

    @Test
    void tlsSendsAPartOfTheFileBetweenOtherWrites() throws Exception {
        // test_sendfile_ssl_pre_and_post_data and test_sendfile_ssl_partial
        Receiver srv = new Receiver(0);
        Receiver cli = connect(srv, true);
        byte[] prefix = "zxcvbnm".repeat(1024).getBytes();
        byte[] suffix = "0987654321".repeat(1024).getBytes();
        cli.stream().write(prefix);
        long sent = run(loop.sendfile(cli.stream(), file, 1000, 100, true));
        cli.stream().write(suffix);
        cli.stream().close();
        run(srv.done);
        assertEquals(100, sent);
        assertEquals(1100, file.position());
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(prefix);
        expected.write(DATA, 1000, 100);
        expected.write(suffix);
        assertArrayEquals(expected.toByteArray(), srv.data.toByteArray());
    }

    @Test
    void aPeerClosingOnceItHasEverythingLeavesTheResultWhole() throws Exception {
        // test_sendfile_close_peer_after_receiving
        Receiver srv = new Receiver(DATA.length);
        Receiver cli = connect(srv, false);
        long sent = run(loop.sendfile(cli.stream(), file));
        cli.stream().close();
        run(srv.done);
        assertEquals(DATA.length, sent);
        assertArrayEquals(DATA, srv.data.toByteArray());
        assertEquals(DATA.length, file.position());
    }

    @Test
    void aTlsPeerClosingOnceItHasEverythingLeavesTheResultWhole() throws Exception {
        // test_sendfile_ssl_close_peer_after_receiving
        Receiver srv = new Receiver(DATA.length);
        Receiver cli = connect(srv, true);
        long sent = run(loop.sendfile(cli.stream(), file));
        run(srv.done);
        assertEquals(DATA.length, sent);
        assertArrayEquals(DATA, srv.data.toByteArray());
        assertEquals(DATA.length, file.position());
    }

    @Test
    void aPeerClosingInTheMiddleFailsTheSendWithAConnectionError() throws Exception {
        // test_sendfile_close_peer_in_the_middle_of_receiving
        Receiver srv = new Receiver(1024);
        Receiver cli = connect(srv, false);
        Exception e = assertThrows(Exception.class, () -> run(loop.sendfile(cli.stream(), file)));
        assertInstanceOf(IOException.class, e, "asyncio's ConnectionError");
        run(srv.done);
        int got = srv.data.size();
        assertTrue(1024 <= got && got < DATA.length, "the peer got " + got);
        long pos = file.position();
        assertTrue(1024 <= pos && pos < DATA.length, "the file position is " + pos);
        assertTrue(cli.stream().isClosing());
    }

    @Test
    void aReaderClosingInTheMiddleOfTheFallbackFailsItWithAConnectionError() throws Exception {
        // test_sendfile_fallback_close_peer_in_the_middle_of_receiving: a write pipe has no native path
        Pipe pipe = Pipe.open();
        try {
            Receiver reader = new Receiver(1024);
            run(loop.connectReadPipe(() -> reader, pipe.source())); // it closes its end after 1024 bytes
            Connection<WriteTransport, Receiver> w = run(loop.connectWritePipe(() -> new Receiver(0), pipe.sink()));
            w.transport().setWriteBufferLimits(4 * 1024);
            Exception e = assertThrows(Exception.class, () -> run(loop.sendfile(w.transport(), file)));
            assertInstanceOf(IOException.class, e, "asyncio's ConnectionError");
            run(reader.done);
            int got = reader.data.size();
            assertTrue(1024 <= got && got < DATA.length, "the reader got " + got);
            long pos = file.position();
            assertTrue(1024 <= pos && pos < DATA.length, "the file position is " + pos);
            assertTrue(w.transport().isClosing());
        } finally {
            pipe.source().close();
            pipe.sink().close();
        }
    }

    @Test
    void sockSendfileMixesWithSendall() throws Exception {
        // test_sendfile.py's test_sock_sendfile_mix_with_regular_send
        Receiver srv = new Receiver(0);
        server = loop.runUntilComplete(loop.createServer(() -> srv, "127.0.0.1", 0));
        byte[] buf = "mix_regular_send".repeat(4 * 1024).getBytes();
        long sent;
        try (java.nio.channels.SocketChannel sock = java.nio.channels.SocketChannel.open()) {
            sock.configureBlocking(false);
            run(loop.sockConnect(sock, server.sockets().getFirst().getLocalAddress()));
            run(loop.sockSendall(sock, buf));
            sent = run(loop.sockSendfile(sock, file, 0, 0, true));
            run(loop.sockSendall(sock, buf));
        }
        run(srv.done);
        assertEquals(DATA.length, sent);
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(buf);
        expected.write(DATA);
        expected.write(buf);
        assertArrayEquals(expected.toByteArray(), srv.data.toByteArray());
        assertEquals(DATA.length, file.position());
    }
}
