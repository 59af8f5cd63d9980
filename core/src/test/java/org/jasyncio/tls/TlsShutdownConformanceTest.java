package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Peers;
import org.jasyncio.Server;
import org.jasyncio.Streams;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS shutdown and end of stream against CPython's own ssl module (OpenSSL) as the peer, ported from CPython's
 * test_ssl.py / test_sslproto.py and checked against asyncio 3.14's sslproto.
 */
class TlsShutdownConformanceTest extends TlsFixture {
    private static final int CHUNK = 128 * 1024;

    @TempDir
    Path dir;
    private Process peer;
    private BufferedReader peerOut;

    @AfterEach
    void stopPeer() {
        if (peer != null) {
            peer.destroyForcibly();
        }
    }

    /**
     * A CPython peer running {@code script} with {@code args}, then the certificate and key files; it prints its
     * port (0 for a client) first, then reads commands from stdin and prints results. Returns the port.
     */
    private int startPeer(String script, String... args) throws Exception {
        Peers.assumePython3();
        Path key = certs.writePemPrivateKey(dir.resolve("key.pem"));
        Path file = dir.resolve("peer.py");
        Files.writeString(file, script);
        List<String> command = new java.util.ArrayList<>(List.of("python3", file.toString()));
        command.addAll(List.of(args));
        command.addAll(List.of(certs.pemCertificate.toString(), key.toString()));
        peer = new ProcessBuilder(command).redirectErrorStream(true).start();
        peerOut = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
        return Integer.parseInt(peerOut.readLine().trim());
    }

    private void tellPeer(String line) {
        try {
            OutputStream in = peer.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.US_ASCII));
            in.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The peer's last line (it prints "ok ..." or a traceback), read off the loop thread. */
    private Future<String> peerResult() {
        return loop.runInExecutor(null, () -> {
            StringBuilder all = new StringBuilder();
            String line;
            while ((line = peerOut.readLine()) != null) {
                all.append(line).append('\n');
            }
            peer.waitFor(30, TimeUnit.SECONDS);
            return all.toString();
        });
    }

    private Connection<Transport, Recorder> connectTo(int port, Recorder client) throws Exception {
        return await(loop.createConnection(() -> client, "127.0.0.1", port,
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost")));
    }

    // ------------------------------------------------------------------ test_remote_shutdown_receives_trailing_data

    /**
     * CPython's two servers of test_remote_shutdown_receives_trailing_data. "notify": a memory-BIO server that, once
     * our writes are paused, reads a little, sends close_notify without waiting, and then must still receive every
     * byte we wrote and our close_notify. "eof": an SSLSocket server that, once our writes are paused, half-closes
     * the TCP stream under TLS (ragged EOF) and then must still receive every byte we wrote.
     */
    private static final String TRAILING_DATA_SERVER = """
            import socket, ssl, sys
            mode, cert, key = sys.argv[1:4]
            CHUNK = 128 * 1024
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, key)
            lsock = socket.socket()
            lsock.bind(('127.0.0.1', 0))
            lsock.listen(1)
            print(lsock.getsockname()[1], flush=True)
            sock, _ = lsock.accept()
            sock.settimeout(60)

            def command(name):
                words = sys.stdin.readline().split()
                assert words and words[0] == name, words
                return words[1:]

            if mode == 'notify':
                incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
                sslobj = ctx.wrap_bio(incoming, outgoing, server_side=True)
                while True:
                    try:
                        sslobj.do_handshake()
                    except ssl.SSLWantReadError:
                        if outgoing.pending:
                            sock.send(outgoing.read())
                        incoming.write(sock.recv(16384))
                    else:
                        if outgoing.pending:
                            sock.send(outgoing.read())
                        break
                while True:
                    try:
                        data = sslobj.read(4)
                    except ssl.SSLWantReadError:
                        incoming.write(sock.recv(16384))
                    else:
                        break
                assert data == b'ping', data
                sslobj.write(b'pong')
                sock.send(outgoing.read())
                count = int(command('filled')[0])
                data_len = 0
                incoming.write(sock.recv(65536 * 4))  # lets the client resume writing
                while True:
                    try:
                        data_len += len(sslobj.read(16384))
                    except ssl.SSLWantReadError:
                        break
                try:  # close_notify out, without waiting for the answer
                    sslobj.unwrap()
                    raise AssertionError('unwrap() did not want to read')
                except ssl.SSLWantReadError:
                    pass
                sock.send(outgoing.read())
                command('eof')
                while True:
                    try:
                        data_len += len(sslobj.read(16384))
                    except ssl.SSLWantReadError:
                        incoming.write(sock.recv(16384))
                        if not incoming.pending:
                            break
                    except ssl.SSLZeroReturnError:
                        break
                assert count > 0
                assert data_len == CHUNK * count, (data_len, CHUNK * count)
                sslobj.unwrap()  # our close_notify came
                sock.close()
                print('ok', data_len, flush=True)
            else:
                tls = ctx.wrap_socket(sock, server_side=True)
                buf = b''
                while len(buf) < 4:
                    buf += tls.recv(4 - len(buf))
                assert buf == b'ping', buf
                tls.send(b'pong')
                count = int(command('filled')[0])
                tls.shutdown(socket.SHUT_WR)  # a FIN under TLS; from here recv() reads the raw stream
                got = 0
                while got < CHUNK * count:
                    data = tls.recv(CHUNK * count - got)
                    if not data:
                        raise ConnectionAbortedError('EOF after %d of %d bytes' % (got, CHUNK * count))
                    got += len(data)
                tls.close()
                print('ok', got, flush=True)
            """;

    /** The client of test_remote_shutdown_receives_trailing_data: ping, pong, write until paused, then read to EOF. */
    private void trailingDataClient(String mode) throws Exception {
        int port = startPeer(TRAILING_DATA_SERVER, mode);
        Future<Void> eof = loop.createFuture();
        int[] count = {0};
        Recorder client = new Recorder() {
            private void fill() {
                if (events.contains("pause")) {
                    tellPeer("filled " + count[0]);
                    return;
                }
                transport.write(new byte[CHUNK]);
                count[0]++;
                loop.callSoon(this::fill); // asyncio.sleep(0)
            }

            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                if (received.size() == 4) {
                    fill();
                }
            }

            @Override
            public boolean eofReceived() {
                boolean keep = super.eofReceived();
                eof.setResult(null);
                return keep;
            }
        };
        Connection<Transport, Recorder> c = connectTo(port, client);
        c.transport().write("ping".getBytes(StandardCharsets.US_ASCII));
        Future<String> result = peerResult();
        await(eof);
        assertEquals("pong", new String(client.received.toByteArray(), StandardCharsets.US_ASCII));
        if (mode.equals("notify")) {
            tellPeer("eof");
        }
        String out = await(result);
        assertEquals("ok " + CHUNK * count[0] + "\n", out, "the peer got every byte we wrote");
        c.transport().close();
        Throwable lost = await(client.lost);
        assertNull(lost, String.valueOf(lost));
        assertEquals(List.of("made", "data", "eof", "lost"), withoutFlow(client));
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
    }

    private static List<String> withoutFlow(Recorder r) {
        return r.events.stream().filter(e -> !e.equals("pause") && !e.equals("resume")).toList();
    }

    /** The same client as CPython's: streams, writing until the transport's buffer is over its high-water mark. */
    private void trailingDataStreamClient(String mode) throws Exception {
        int port = startPeer(TRAILING_DATA_SERVER, mode);
        Future<String> result = peerResult();
        int count = loop.runUntilComplete(Asyncio.waitFor(loop.createTask(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port,
                    ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost")));
            s.writer().write("ping".getBytes(StandardCharsets.US_ASCII));
            assertEquals("pong", new String(Asyncio.await(s.reader().readexactly(4)), StandardCharsets.US_ASCII));
            int n = 0;
            Transport t = (Transport) s.writer().transport();
            while (t.getWriteBufferSize() <= t.getWriteBufferHighLimit()) {
                s.writer().write(new byte[CHUNK]);
                n++;
                Asyncio.await(Asyncio.sleep(0));
            }
            tellPeer("filled " + n);
            assertEquals(0, Asyncio.await(s.reader().read()).length);
            if (mode.equals("notify")) {
                tellPeer("eof");
            }
            String out = Asyncio.await(result);
            assertEquals("ok " + CHUNK * n + "\n", out, "the peer got every byte we wrote");
            s.writer().close();
            Asyncio.await(s.writer().waitClosed());
            return n;
        }), 60));
        assertTrue(count > 0);
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
    }

    @Test
    void streamsAPeerCloseNotifyWhileOurWritesArePausedStillGetsEveryByte() throws Exception {
        trailingDataStreamClient("notify");
    }

    @Test
    void streamsAPeerRaggedEofWhileOurWritesArePausedStillGetsEveryByte() throws Exception {
        trailingDataStreamClient("eof");
    }

    // test_ssl.py: test_remote_shutdown_receives_trailing_data (the close_notify server)
    @Test
    void aPeerCloseNotifyWhileOurWritesArePausedStillGetsEveryByteThenOurCloseNotify() throws Exception {
        trailingDataClient("notify");
    }

    // test_ssl.py: test_remote_shutdown_receives_trailing_data (the eof_server: ragged EOF)
    @Test
    void aPeerRaggedEofWhileOurWritesArePausedStillGetsEveryByte() throws Exception {
        trailingDataClient("eof");
    }

    // ------------------------------------------------------------------ ragged EOF (no close_notify)

    /**
     * A memory-BIO CPython peer ({@code role} "server", or "client:PORT"): handshake, "hello", then it ends its side
     * ({@code how}: "ragged", a TCP half-close with no close_notify; or "notify", close_notify alone, TCP left open).
     * It goes on reading TLS to the end and prints what came and how it ended: "close_notify", "eof" (the stream
     * ended with no close_notify, SSLEOFError) or "error REASON" (an alert).
     */
    private static final String HALF_CLOSING_PEER = """
            import socket, ssl, sys
            role, how, cert, key = sys.argv[1:5]
            if role == 'server':
                ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                ctx.load_cert_chain(cert, key)
                lsock = socket.socket()
                lsock.bind(('127.0.0.1', 0))
                lsock.listen(1)
                print(lsock.getsockname()[1], flush=True)
                sock, _ = lsock.accept()
            else:
                ctx = ssl.create_default_context(cafile=cert)
                print('0', flush=True)
                sock = socket.create_connection(('127.0.0.1', int(role.split(':')[1])))
            sock.settimeout(30)
            if how.endswith('-tls12'):
                ctx.maximum_version = ssl.TLSVersion.TLSv1_2
                how = how[:-len('-tls12')]
            incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            if role == 'server':
                sslobj = ctx.wrap_bio(incoming, outgoing, server_side=True)
            else:
                sslobj = ctx.wrap_bio(incoming, outgoing, server_hostname='localhost')
            while True:
                try:
                    sslobj.do_handshake()
                except ssl.SSLWantReadError:
                    if outgoing.pending:
                        sock.send(outgoing.read())
                    incoming.write(sock.recv(16384))
                else:
                    if outgoing.pending:
                        sock.send(outgoing.read())
                    break
            sslobj.write(b'hello')
            sock.send(outgoing.read())
            if how == 'notify':
                try:
                    sslobj.unwrap()
                except ssl.SSLWantReadError:
                    pass
                sock.send(outgoing.read())
            else:
                sock.shutdown(socket.SHUT_WR)
            got, end = b'', None
            while end is None:
                try:
                    chunk = sslobj.read(16384)
                    if not chunk:  # SSLObject.read gives b'' for a close_notify
                        end = 'close_notify'
                    got += chunk
                except ssl.SSLWantReadError:
                    data = sock.recv(16384)
                    if data:
                        incoming.write(data)
                    else:
                        incoming.write_eof()
                except ssl.SSLZeroReturnError:
                    end = 'close_notify'
                except ssl.SSLEOFError:
                    end = 'eof'
                except ssl.SSLError as e:
                    end = 'error ' + str(e.reason)
            print('got', got.decode(), 'end', end, flush=True)
            """;

    /**
     * Records what a ported program looks at when the peer ends its side: isClosing() in eofReceived, on the next
     * loop turn and in connectionLost; and it writes "late" from eofReceived.
     */
    class EndWatcher extends Recorder {
        final List<String> seen = new java.util.ArrayList<>();

        @Override
        public boolean eofReceived() {
            seen.add("eof closing=" + transport.isClosing());
            transport.write("late".getBytes(StandardCharsets.US_ASCII));
            loop.callSoon(() -> seen.add("after eof closing=" + transport.isClosing()));
            return super.eofReceived();
        }

        @Override
        public void connectionLost(Throwable exc) {
            seen.add("lost closing=" + transport.isClosing());
            super.connectionLost(exc);
        }
    }

    /**
     * asyncio (checked on CPython with this peer): after a ragged EOF the data comes, then eof_received with
     * is_closing() false; a write in it is dropped (the protocol is already shutting down), is_closing() stays false
     * until connection_lost(None), and nothing more goes to the peer: no close_notify and no alert, the TCP stream
     * just closes.
     */
    @Test
    void aRaggedEofFromTheServerEndsCleanlyAndSendsNothingBack() throws Exception {
        int port = startPeer(HALF_CLOSING_PEER, "server", "ragged");
        Future<String> result = peerResult();
        EndWatcher client = new EndWatcher();
        connectTo(port, client);
        Throwable lost = await(client.lost);
        assertNull(lost, String.valueOf(lost));
        assertEquals("got  end eof\n", await(result), "the peer sees our stream end with nothing after it");
        assertEquals("hello", new String(client.received.toByteArray(), StandardCharsets.US_ASCII));
        assertEquals(List.of("made", "data", "eof", "lost"), client.events);
        assertEquals(List.of("eof closing=false", "after eof closing=false", "lost closing=true"), client.seen);
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
    }

    /** The same from a client: a jasyncio server sees the same callbacks and sends nothing back. */
    @Test
    void aRaggedEofFromTheClientEndsCleanlyAndSendsNothingBack() throws Exception {
        List<EndWatcher> served = new java.util.ArrayList<>();
        Server server = tlsServer(() -> {
            EndWatcher w = new EndWatcher();
            served.add(w);
            return w;
        });
        startPeer(HALF_CLOSING_PEER, "client:" + portOf(server), "ragged");
        Future<String> result = peerResult();
        assertEquals("got  end eof\n", await(result), "the peer sees our stream end with nothing after it");
        EndWatcher w = served.get(0);
        Throwable lost = await(w.lost);
        assertNull(lost, String.valueOf(lost));
        assertEquals("hello", new String(w.received.toByteArray(), StandardCharsets.US_ASCII));
        assertEquals(List.of("made", "data", "eof", "lost"), w.events);
        assertEquals(List.of("eof closing=false", "after eof closing=false", "lost closing=true"), w.seen);
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
        server.close();
    }

    // ------------------------------------------------------------------ the peer's close_notify while we still write

    /**
     * asyncio (checked on CPython with this peer): the peer's close_notify gives eofReceived with is_closing() false,
     * and a write in it still goes out (the peer can read after its close_notify); then the shutdown starts:
     * is_closing() is true, later writes are dropped, our close_notify goes out and connection_lost(None).
     */
    @Test
    void aPeerCloseNotifyLetsEofReceivedWriteThenClosesWithOurs() throws Exception {
        peerCloseNotifyWhileWeWrite("notify");
    }

    /**
     * The same over TLS 1.2, where the JDK's engine answers a close_notify with its own at once and takes no more
     * data (no half-close; OpenSSL, under asyncio, still writes): the write in eofReceived is dropped with a warning,
     * and the connection still ends cleanly, as asyncio's, instead of failing with an SSLException.
     */
    @Test
    void aPeerCloseNotifyOverTls12EndsCleanlyThoughTheEngineTakesNoMoreData() throws Exception {
        try (org.jasyncio.loop.LogCapture log = new org.jasyncio.loop.LogCapture()) {
            peerCloseNotifyWhileWeWrite("notify-tls12", "");
            assertEquals(1, log.matching(m -> m.startsWith("SSL connection closed for writing by the peer")).size());
        }
    }

    private void peerCloseNotifyWhileWeWrite(String how) throws Exception {
        peerCloseNotifyWhileWeWrite(how, "late");
    }

    private void peerCloseNotifyWhileWeWrite(String how, String peerGets) throws Exception {
        int port = startPeer(HALF_CLOSING_PEER, "server", how);
        Future<String> result = peerResult();
        EndWatcher client = new EndWatcher() {
            @Override
            public boolean eofReceived() {
                boolean keep = super.eofReceived();
                loop.callSoon(() -> transport.write("dropped".getBytes(StandardCharsets.US_ASCII)));
                return keep;
            }
        };
        connectTo(port, client);
        Throwable lost = await(client.lost);
        assertNull(lost, String.valueOf(lost));
        assertEquals("got " + peerGets + " end close_notify\n", await(result));
        assertEquals(List.of("made", "data", "eof", "lost"), client.events);
        assertEquals(List.of("eof closing=false", "after eof closing=true", "lost closing=true"), client.seen);
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
    }

    // ------------------------------------------------------------------ reading paused during the shutdown

    /**
     * asyncio's pause_reading only stops data_received: the raw transport still reads, so the peer's close_notify
     * completes our shutdown while reading is paused (eof_received, then connection_lost(None)); it never waits for
     * the shutdown timeout.
     */
    @Test
    void pausedReadingDoesNotHoldUpTheShutdown() throws Exception {
        Server server = tlsServer(Echo::new);
        Recorder client = new Recorder();
        Connection<Transport, Recorder> c = await(loop.createConnection(() -> client, "127.0.0.1", portOf(server),
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost").sslShutdownTimeout(5)));
        c.transport().pauseReading();
        c.transport().close();
        assertNull(await(client.lost), "the peer's close_notify ends it, not the shutdown timeout");
        assertEquals(List.of("made", "eof", "lost"), client.events);
        server.close();
    }

    /**
     * asyncio's pause_reading stops data_received, not the socket (it reads on up to 256 KiB of ciphertext): a
     * ragged EOF that comes while paused is noticed, so a write made then is dropped and is_closing() stays false;
     * on resume the data, eof_received and connection_lost(None) follow.
     */
    @Test
    void aRaggedEofWhilePausedIsNoticedSoWritesAreDroppedThenResumeDeliversAll() throws Exception {
        int port = startPeer(HALF_CLOSING_PEER, "server", "ragged");
        Future<String> result = peerResult();
        Recorder client = new Recorder() {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                transport.pauseReading();
            }
        };
        Connection<Transport, Recorder> c = connectTo(port, client);
        idle(1.0); // the peer's "hello" and its FIN arrive meanwhile
        assertEquals(List.of("made"), client.events);
        c.transport().write("while paused".getBytes(StandardCharsets.US_ASCII));
        assertTrue(!c.transport().isClosing(), "a ragged EOF is not a close of the app transport");
        c.transport().resumeReading();
        assertNull(await(client.lost));
        assertEquals(List.of("made", "data", "eof", "lost"), client.events);
        assertEquals("hello", new String(client.received.toByteArray(), StandardCharsets.US_ASCII));
        assertEquals("got  end eof\n", await(result), "the write after the EOF is dropped");
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
    }

    /**
     * Reading on while paused is bounded (asyncio: 256 KiB of ciphertext): past it the raw transport stops, so the
     * sender is pushed back; on resume everything arrives.
     */
    @Test
    void pausedReadingStillPushesBackOnTheSender() throws Exception {
        byte[] payload = randomBytes(32 * 1024 * 1024, 11); // more than the loopback's socket buffers hold
        List<Transport> served = new java.util.ArrayList<>();
        Server server = tlsServer(() -> new Recorder() {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                served.add(transport);
                transport.write(payload);
            }
        });
        Recorder client = new Recorder() {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                transport.pauseReading();
            }
        }.expecting(payload.length);
        Connection<Transport, Recorder> c = connect(server, () -> client);
        idle(1.0);
        assertEquals(0, client.received.size(), "paused: nothing delivered");
        assertTrue(served.get(0).getWriteBufferSize() > 0, "the sender is held back, not drained into our memory");
        c.transport().resumeReading();
        org.junit.jupiter.api.Assertions.assertArrayEquals(payload, await(client.done));
        server.close();
    }

    /** Pausing after close(), while our close_notify waits for the answer, does not hold it up either. */
    @Test
    void pausingReadingDuringTheShutdownDoesNotHoldItUp() throws Exception {
        Server server = tlsServer(Echo::new);
        Recorder client = new Recorder();
        Connection<Transport, Recorder> c = await(loop.createConnection(() -> client, "127.0.0.1", portOf(server),
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost").sslShutdownTimeout(5)));
        c.transport().close();
        c.transport().pauseReading();
        assertNull(await(client.lost), "the peer's close_notify ends it, not the shutdown timeout");
        assertEquals(List.of("made", "eof", "lost"), client.events);
        server.close();
    }

    // ------------------------------------------------------------------ abort, writes after the end

    /**
     * abort() while our close_notify waits for an answer that never comes: the connection ends at once with
     * connection_lost(None), and the shutdown timer is gone with it (asyncio's _abort).
     */
    @Test
    void abortDuringTheShutdownEndsItAtOnceWithNoTimeoutLater() throws Exception {
        Server server = tlsServer(() -> new Recorder() {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                transport.pauseReading(); // never reads the client's close_notify
            }
        });
        Recorder client = new Recorder();
        Connection<Transport, Recorder> c = await(loop.createConnection(() -> client, "127.0.0.1", portOf(server),
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost").sslShutdownTimeout(0.5)));
        c.transport().close();
        idle(0.1);
        assertEquals(List.of("made"), client.events, "still waiting for the peer's close_notify");
        c.transport().abort();
        assertTrue(c.transport().isClosing());
        assertNull(await(client.lost));
        idle(1.0); // past the shutdown timeout
        assertEquals(List.of("made", "lost"), client.events);
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
        server.close();
    }

    /**
     * asyncio counts the loss itself as one dropped write (_conn_lost): after connection_lost the warning "SSL
     * connection is closed" comes from the 5th write on, not the 6th as after close() alone.
     */
    @Test
    void writesAfterTheConnectionIsLostWarnFromTheFifthOn() throws Exception {
        Server server = tlsServer(Echo::new);
        Connection<Transport, Recorder> c = connect(server, Recorder::new);
        c.transport().close();
        assertNull(await(c.protocol().lost));
        try (org.jasyncio.loop.LogCapture log = new org.jasyncio.loop.LogCapture()) {
            for (int i = 0; i < 4; i++) {
                c.transport().write("late".getBytes(StandardCharsets.US_ASCII));
            }
            assertEquals(0, logged(log, "SSL connection is closed"));
            c.transport().write("later".getBytes(StandardCharsets.US_ASCII));
            assertEquals(1, logged(log, "SSL connection is closed"));
        }
        assertTrue(c.transport().isClosing());
        server.close();
    }

    /** A CPython server that reads until our close_notify, then closes TCP without answering it. */
    private static final String NO_ANSWER_SERVER = """
            import socket, ssl, sys
            cert, key = sys.argv[1:3]
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            ctx.load_cert_chain(cert, key)
            lsock = socket.socket()
            lsock.bind(('127.0.0.1', 0))
            lsock.listen(1)
            print(lsock.getsockname()[1], flush=True)
            sock, _ = lsock.accept()
            sock.settimeout(30)
            tls = ctx.wrap_socket(sock, server_side=True)
            while tls.recv(16384):  # b'' once our close_notify came
                pass
            tls.close()  # a FIN, and no close_notify of its own
            print('ok', flush=True)
            """;

    /**
     * Our close_notify is out and the peer closes TCP without answering: asyncio takes the EOF as the end of the
     * shutdown, eof_received then connection_lost(None), at once rather than at the shutdown timeout.
     */
    @Test
    void aPeerThatClosesWithoutAnsweringOurCloseNotifyEndsTheShutdownCleanly() throws Exception {
        int port = startPeer(NO_ANSWER_SERVER);
        Future<String> result = peerResult();
        Recorder client = new Recorder();
        Connection<Transport, Recorder> c = await(loop.createConnection(() -> client, "127.0.0.1", port,
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost").sslShutdownTimeout(10)));
        long start = System.nanoTime();
        c.transport().close();
        assertNull(await(client.lost));
        assertTrue(System.nanoTime() - start < 5_000_000_000L, "ended by the EOF, not by the shutdown timeout");
        assertEquals(List.of("made", "eof", "lost"), client.events);
        assertEquals("ok\n", await(result));
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
    }
}
