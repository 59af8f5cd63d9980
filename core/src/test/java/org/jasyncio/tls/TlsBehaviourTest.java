package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.tls.TlsSupport;
import org.junit.jupiter.api.Test;

/** The application's view of a TLS connection: callback order, writes, closing, flow control, reading control. */
class TlsBehaviourTest extends TlsFixture {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void clientCloseRunsCloseNotifyBothWaysAndCallbacksInOrder() throws Exception {
        List<Recorder> served = new ArrayList<>();
        Server server = tlsServer(() -> {
            Recorder r = new Recorder() {
                @Override
                public void dataReceived(byte[] data) {
                    super.dataReceived(data);
                    transport.write(data);
                }
            };
            served.add(r);
            return r;
        });
        Connection<Transport, Recorder> c = connect(server, () -> new Recorder().expecting(4));
        c.transport().write(ascii("ping"));
        assertEquals("ping", new String(await(c.protocol().done), StandardCharsets.US_ASCII));
        c.transport().close();
        assertTrue(c.transport().isClosing());
        c.transport().close(); // idempotent
        assertNull(await(c.protocol().lost));
        assertNull(await(served.get(0).lost));
        assertEquals(List.of("made", "data", "eof", "lost"), served.get(0).events);
        Recorder client = c.protocol();
        assertEquals("made", client.events.get(0));
        assertEquals("lost", client.events.get(client.events.size() - 1));
        assertTrue(client.count("eof") <= 1 && client.count("lost") == 1, client.events.toString());
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
        server.close();
    }

    @Test
    void dataArrivingAfterOurCloseNotifyEndsTheConnectionWithAnSslError() throws Exception {
        // asyncio on OpenSSL 3: the client closes while the server is still sending, so records arrive after the
        // client's close_notify; the shutdown fails with APPLICATION_DATA_AFTER_CLOSE_NOTIFY and connection_lost
        // gets that SSLError (checked against CPython's asyncio on this machine's OpenSSL 3).
        Server server = tlsServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                ((Transport) t).write(new byte[1 << 20]);
            }
        });
        Connection<Transport, Recorder> c = connect(server, () -> new Recorder() {
            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                if (!transport.isClosing()) {
                    transport.close();
                }
            }
        });
        Throwable lost = await(c.protocol().lost);
        assertInstanceOf(javax.net.ssl.SSLException.class, lost);
        assertEquals("application data after close notify", lost.getMessage());
        assertTrue(loopErrors.isEmpty(), "an SSL error is an OSError to asyncio: not reported " + loopErrors);
        server.close();
    }

    @Test
    void serverCloseDeliversDataThenEofThenLost() throws Exception {
        Server server = tlsServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                ((Transport) t).write(ascii("bye"));
                t.close();
            }
        });
        Connection<Transport, Recorder> c = connect(server, Recorder::new);
        assertNull(await(c.protocol().lost));
        assertEquals(List.of("made", "data", "eof", "lost"), c.protocol().events);
        assertEquals("bye", c.protocol().received.toString(StandardCharsets.US_ASCII));
        assertTrue(c.transport().isClosing(), "the peer's shutdown closes the application's transport too");
        server.close();
    }

    @Test
    void returningTrueFromEofReceivedWarnsAndStillCloses() throws Exception {
        List<Recorder> served = new ArrayList<>();
        Server server = tlsServer(() -> {
            Recorder r = new Recorder();
            r.keepOpenOnEof = true;
            served.add(r);
            return r;
        });
        try (org.jasyncio.loop.LogCapture log = new org.jasyncio.loop.LogCapture()) {
            Connection<Transport, Recorder> c = connect(server, Recorder::new);
            await(c.protocol().made);
            idle(0.05);
            c.transport().close();
            assertNull(await(served.get(0).lost));
            assertEquals(List.of("made", "eof", "lost"), served.get(0).events);
            assertEquals(1, logged(log, "returning true from eof_received() has no effect when using ssl"), log.records().toString());
        }
        server.close();
    }

    @Test
    void aRaggedEofWithoutCloseNotifyIsOneEofThenLost() throws Exception {
        List<Recorder> served = new ArrayList<>();
        Server server = tlsServer(() -> {
            Recorder r = new Recorder();
            served.add(r);
            return r;
        });
        Connection<Transport, Recorder> c = connect(server, Recorder::new);
        c.transport().write(ascii("x"));
        idle(0.1);
        // Shut the TCP stream's write side under the TLS layer: the server sees FIN without close_notify.
        ((SocketChannel) c.transport().getExtraInfo("socket")).shutdownOutput();
        await(served.get(0).lost);
        assertEquals(List.of("made", "data", "eof", "lost"), served.get(0).events);
        server.close();
    }

    @Test
    void writesAfterCloseAreDroppedWithAWarningPastTheThreshold() throws Exception {
        List<Recorder> served = new ArrayList<>();
        Server server = tlsServer(() -> {
            Recorder r = new Recorder();
            served.add(r);
            return r;
        });
        Connection<Transport, Recorder> c = connect(server, Recorder::new);
        try (org.jasyncio.loop.LogCapture log = new org.jasyncio.loop.LogCapture()) {
            c.transport().close();
            for (int i = 0; i < 5; i++) {
                c.transport().write(ascii("late"));
            }
            assertEquals(0, logged(log, "SSL connection is closed"));
            c.transport().write(ascii("later"));
            assertEquals(1, logged(log, "SSL connection is closed"));
            await(c.protocol().lost);
            await(served.get(0).lost);
        }
        assertEquals(0, served.get(0).received.size(), "nothing written after close reaches the peer");
        server.close();
    }

    @Test
    void writesBeforeTheHandshakeAreBufferedThenSent() throws Exception {
        Server server = tlsServer(Echo::new);
        TlsSupport support = new TlsSupport((SelectorEventLoop) loop);
        Future<Transport> waiter = loop.createFuture();
        Recorder app = new Recorder().expecting(11);
        TlsSupport.Wrapped tls = support.wrap(app, certs.clientContext(), false, "localhost", portOf(server), waiter, 10, 10);
        tls.appTransport().write(ascii("early"));
        tls.appTransport().write(ByteBuffer.wrap(ascii(" bird!")));
        assertEquals(11, tls.appTransport().getWriteBufferSize(), "the backlog counts in the write buffer size");
        // The TLS layer's raw side runs over a plain connection, exactly as createConnection(ssl=...) sets it up.
        await(loop.createConnection(tls::rawProtocol, "127.0.0.1", portOf(server)));
        assertSame(tls.appTransport(), await(waiter));
        assertEquals("early bird!", new String(await(app.done), StandardCharsets.US_ASCII));
        assertEquals(0, tls.appTransport().getWriteBufferSize());
        tls.appTransport().close();
        await(app.lost);
        server.close();
    }

    @Test
    void abortSendsNoCloseNotifyAndEndsBothSides() throws Exception {
        List<Recorder> served = new ArrayList<>();
        Server server = tlsServer(() -> {
            Recorder r = new Recorder();
            served.add(r);
            return r;
        });
        Connection<Transport, Recorder> c = connect(server, Recorder::new);
        await(c.protocol().made);
        idle(0.05);
        c.transport().abort();
        assertTrue(c.transport().isClosing());
        assertNull(await(c.protocol().lost));
        await(served.get(0).lost);
        assertEquals(List.of("made", "lost"), c.protocol().events);
        assertEquals("lost", served.get(0).events.get(served.get(0).events.size() - 1));
        server.close();
    }

    @Test
    void theRawTransportsFlowControlPausesAndResumesTheApplication() throws Exception {
        List<Recorder> served = new ArrayList<>();
        Server server = tlsServer(() -> {
            Recorder r = new Recorder() {
                @Override
                public void connectionMade(BaseTransport t) {
                    super.connectionMade(t);
                    transport.pauseReading(); // let the client's buffers fill
                }
            };
            served.add(r);
            return r;
        });
        Connection<Transport, Recorder> c = connect(server, Recorder::new);
        Transport t = c.transport();
        t.setWriteBufferLimits(64 * 1024);
        assertEquals(64 * 1024, t.getWriteBufferHighLimit());
        await(served.get(0).made);
        byte[] chunk = randomBytes(256 * 1024, 3);
        int written = 0;
        while (!c.protocol().events.contains("pause") && written < 256 * 1024 * 1024) {
            t.write(chunk);
            written += chunk.length;
        }
        assertTrue(c.protocol().events.contains("pause"), "the application is paused once the raw buffer is over the mark");
        assertTrue(t.getWriteBufferSize() > 64 * 1024, "size " + t.getWriteBufferSize());
        Recorder receiver = served.get(0);
        receiver.want = written;
        receiver.transport.resumeReading();
        byte[] got = await(receiver.done);
        assertEquals(written, got.length);
        for (int off = 0; off < written; off += chunk.length) {
            assertArrayEquals(chunk, java.util.Arrays.copyOfRange(got, off, off + chunk.length));
        }
        idle(0.05);
        assertEquals(List.of("made", "pause", "resume"), c.protocol().events);
        assertEquals(0, t.getWriteBufferSize());
        server.close();
    }

    @Test
    void pauseReadingStopsDataReceivedEvenForRecordsAlreadyRead() throws Exception {
        byte[] payload = randomBytes(400 * 1000, 5);
        Server server = tlsServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                for (int off = 0; off < payload.length; off += 1000) {
                    ((Transport) t).write(java.util.Arrays.copyOfRange(payload, off, off + 1000));
                }
                t.close();
            }
        });
        Recorder client = new Recorder() {
            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                if (dataCalls == 1) {
                    transport.pauseReading();
                }
            }
        };
        client.want = payload.length;
        Connection<Transport, Recorder> c = connect(server, () -> client);
        await(client.made);
        idle(0.3);
        assertEquals(1, client.dataCalls, "no data while paused");
        assertFalse(c.transport().isReading());
        assertFalse(client.events.contains("eof"), "the EOF waits behind the unread data");
        c.transport().resumeReading();
        assertTrue(c.transport().isReading());
        assertArrayEquals(payload, await(client.done));
        assertNull(await(client.lost));
        assertEquals(List.of("made", "data", "eof", "lost"), client.events);
        server.close();
    }

    @Test
    void aBufferedProtocolReceivesEveryByteThroughSmallBuffers() throws Exception {
        byte[] payload = randomBytes(1024 * 1024 + 77, 11);
        Server server = tlsServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                ((Transport) t).write(payload);
                t.close();
            }
        });
        ByteBuffer sink = ByteBuffer.allocate(payload.length);
        ByteBuffer small = ByteBuffer.allocate(1000);
        Future<Throwable> lost = loop.createFuture();
        int[] eofs = new int[1];
        connect(server, () -> new BufferedProtocol() {
            @Override
            public ByteBuffer getBuffer(int sizeHint) {
                small.clear();
                return small;
            }

            @Override
            public void bufferUpdated(int nbytes) {
                small.flip();
                assertEquals(nbytes, small.remaining());
                sink.put(small);
            }

            @Override
            public boolean eofReceived() {
                eofs[0]++;
                return false;
            }

            @Override
            public void connectionLost(Throwable exc) {
                lost.setResult(exc);
            }
        });
        assertNull(await(lost));
        assertEquals(1, eofs[0]);
        assertArrayEquals(payload, sink.array());
        server.close();
    }

    @Test
    void setProtocolMidStreamRoutesLaterDataToTheNewProtocol() throws Exception {
        Recorder second = new Recorder().expecting(4);
        Server server = tlsServer(() -> new Protocol() {
            Transport t;

            @Override
            public void connectionMade(BaseTransport tr) {
                t = (Transport) tr;
            }

            @Override
            public void dataReceived(byte[] data) {
                t.setProtocol(second);
                second.transport = t;
                t.write(ascii("ok"));
            }
        });
        Connection<Transport, Recorder> c = connect(server, () -> new Recorder().expecting(2));
        c.transport().write(ascii("switch"));
        assertEquals("ok", new String(await(c.protocol().done), StandardCharsets.US_ASCII));
        assertSame(second, second.transport.getProtocol());
        c.transport().write(ascii("more"));
        assertEquals("more", new String(await(second.done), StandardCharsets.US_ASCII));
        c.transport().close();
        assertNull(await(second.lost), "connectionLost goes to the protocol set last");
        server.close();
    }

    @Test
    void extraInfoHasTheTlsKeysAndTheRawTransportsKeys() throws Exception {
        SSLContext serverCtx = certs.serverContext();
        SSLContext clientCtx = certs.clientContext();
        List<Transport> served = new ArrayList<>();
        Server server = await(loop.createServer(() -> new Recorder() {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                served.add((Transport) t);
            }
        }, "127.0.0.1", 0, org.jasyncio.ServerOptions.defaults().ssl(serverCtx)));
        Connection<Transport, Recorder> c = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server),
                ConnectOptions.defaults().ssl(clientCtx).serverHostname("localhost")));
        Transport t = c.transport();
        assertSame(clientCtx, t.getExtraInfo("sslcontext"));
        SSLEngine engine = assertInstanceOf(SSLEngine.class, t.getExtraInfo("ssl_object"));
        assertTrue(engine.getUseClientMode());
        X509Certificate peer = assertInstanceOf(X509Certificate.class, t.getExtraInfo("peercert"));
        assertTrue(peer.getSubjectX500Principal().getName().contains("CN=localhost"));
        assertEquals(engine.getSession().getCipherSuite(), t.getExtraInfo("cipher"));
        assertNull(t.getExtraInfo("compression"));
        assertEquals("none", t.getExtraInfo("compression", "none"));
        assertEquals(new InetSocketAddress("127.0.0.1", portOf(server)), t.getExtraInfo("peername"));
        assertNotNull(t.getExtraInfo("sockname"));
        assertInstanceOf(SocketChannel.class, t.getExtraInfo("socket"));
        assertNull(t.getExtraInfo("no such key"));
        await(c.protocol().made);
        idle(0.05);
        Transport s = served.get(0);
        assertSame(serverCtx, s.getExtraInfo("sslcontext"));
        assertNull(s.getExtraInfo("peercert"), "the server asked for no client certificate");
        assertFalse(((SSLEngine) s.getExtraInfo("ssl_object")).getUseClientMode());
        assertEquals(t.getExtraInfo("cipher"), s.getExtraInfo("cipher"));
        server.close();
    }

    @Test
    void writelinesAndByteBufferWritesArriveInOrder() throws Exception {
        Server server = tlsServer(Echo::new);
        Connection<Transport, Recorder> c = connect(server, () -> new Recorder().expecting(11));
        c.transport().writelines(List.of(ascii("one"), ascii("two")));
        c.transport().write(ByteBuffer.wrap(ascii("xthree"), 1, 5).slice());
        c.transport().write(new byte[0]);
        assertEquals("onetwothree", new String(await(c.protocol().done), StandardCharsets.US_ASCII));
        assertEquals("data argument must be a bytes-like object, not 'null'",
                assertThrows(IllegalArgumentException.class, () -> c.transport().write((byte[]) null)).getMessage());
        assertEquals("data argument must be a bytes-like object, not 'null'",
                assertThrows(IllegalArgumentException.class, () -> c.transport().write((ByteBuffer) null)).getMessage());
        assertEquals("writelines() expects an iterable of bytes, not 'null'",
                assertThrows(IllegalArgumentException.class, () -> c.transport().writelines(null)).getMessage());
        assertFalse(c.transport().canWriteEof());
        assertThrows(UnsupportedOperationException.class, c.transport()::writeEof);
        server.close();
    }

    @Test
    void theShutdownTimeoutEndsAConnectionWhosePeerNeverAnswers() throws Exception {
        Server server = tlsServer(() -> new Recorder() {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                transport.pauseReading(); // never reads the client's close_notify
            }
        });
        Connection<Transport, Recorder> c = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server),
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost").sslShutdownTimeout(0.3)));
        await(c.protocol().made);
        long start = System.nanoTime();
        c.transport().close();
        Throwable why = await(c.protocol().lost);
        assertInstanceOf(TimeoutException.class, why);
        assertEquals("SSL shutdown timed out", why.getMessage());
        assertTrue(System.nanoTime() - start >= 250_000_000L, "not before the timeout");
        assertEquals(List.of("made", "lost"), c.protocol().events);
        server.close();
    }

    @Test
    void anExceptionInDataReceivedGoesToTheHandlerAndEndsTheConnection() throws Exception {
        Server server = tlsServer(Echo::new);
        RuntimeException boom = new RuntimeException("boom");
        Connection<Transport, Recorder> c = connect(server, () -> new Recorder() {
            @Override
            public void dataReceived(byte[] data) {
                throw boom;
            }
        });
        c.transport().write(ascii("hi"));
        assertSame(boom, await(c.protocol().lost));
        assertEquals(1, loopErrors.size());
        assertSame(boom, loopErrors.get(0).get("exception"));
        assertEquals("Fatal error on SSL protocol", loopErrors.get(0).get("message"));
        server.close();
    }
}
