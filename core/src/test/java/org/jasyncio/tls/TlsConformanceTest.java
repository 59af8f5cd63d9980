package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;

/** Behaviours ported from CPython's test_ssl.py / test_sslproto.py that no other TLS test covered. */
class TlsConformanceTest extends TlsFixture {
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.US_ASCII);
    }

    private static Throwable cause(Throwable e) {
        return e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
    }

    private Server recordingTlsServer(List<Recorder> served) throws Exception {
        return tlsServer(() -> {
            Recorder r = new Recorder();
            served.add(r);
            return r;
        });
    }

    // test_sslproto.py: test_get_extra_info_on_closed_connection
    @Test
    void theRawTransportsExtraInfoIsGoneOnceTheConnectionIsLost() throws Exception {
        Server server = tlsServer(Echo::new);
        Object[] seenInLost = new Object[3];
        Recorder client = new Recorder() {
            @Override
            public void connectionLost(Throwable exc) {
                seenInLost[0] = transport.getExtraInfo("socket");
                seenInLost[1] = transport.getExtraInfo("socket", "default");
                seenInLost[2] = transport.getExtraInfo("sslcontext");
                super.connectionLost(exc);
            }
        };
        Connection<Transport, Recorder> c = connect(server, () -> client);
        assertNotNull(c.transport().getExtraInfo("socket"));
        c.transport().close();
        assertNull(await(client.lost));
        assertNull(seenInLost[0], "asyncio drops the raw transport before connection_lost");
        assertEquals("default", seenInLost[1]);
        assertInstanceOf(javax.net.ssl.SSLContext.class, seenInLost[2], "the TLS layer's own keys stay");
        assertNull(c.transport().getExtraInfo("socket"));
        server.close();
    }

    // test_ssl.py: test_shutdown_timeout_handler_not_set
    @Test
    void aRaggedEofWhileReadingIsPausedWaitsForResumeThenDeliversDataEofLost() throws Exception {
        List<Recorder> served = new ArrayList<>();
        Server server = tlsServer(() -> {
            Recorder r = new Recorder() {
                @Override
                public void connectionMade(BaseTransport t) {
                    super.connectionMade(t);
                    transport.write(ascii("hello"));
                }

                @Override
                public void dataReceived(byte[] data) {
                    super.dataReceived(data);
                    if (received.size() == 5) { // "world"
                        transport.write(ascii("extra bytes"));
                        loop.callLater(0.05, () -> {
                            try { // FIN under the TLS layer, no close_notify
                                ((SocketChannel) transport.getExtraInfo("socket")).shutdownOutput();
                            } catch (java.io.IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        });
                    }
                }
            };
            served.add(r);
            return r;
        });
        Recorder client = new Recorder() {
            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                if (text(data).equals("hello")) {
                    transport.write(ascii("world"));
                    transport.pauseReading();
                }
            }
        };
        Connection<Transport, Recorder> c = connect(server, () -> client);
        idle(0.5);
        assertEquals("hello", text(client.received.toByteArray()), "paused: nothing more is delivered");
        assertEquals(List.of("made", "data"), client.events);
        c.transport().resumeReading();
        assertNull(await(client.lost));
        assertEquals("helloextra bytes", text(client.received.toByteArray()));
        assertEquals(List.of("made", "data", "eof", "lost"), client.events);
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
        server.close();
    }

    // test_ssl.py / test_sslproto.py: test_start_tls_client_corrupted_ssl
    @Test
    void garbageAfterTheHandshakeEndsTheConnectionWithAnSslError() throws Exception {
        Server server = tlsServer(() -> new Recorder() {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                transport.write(ascii("A\n"));
            }

            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                try { // bypass the TLS layer
                    ((SocketChannel) transport.getExtraInfo("socket"))
                            .write(ByteBuffer.wrap(ascii("please corrupt the SSL connection")));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        });
        Recorder client = new Recorder() {
            @Override
            public void dataReceived(byte[] data) {
                super.dataReceived(data);
                transport.write(ascii("B"));
            }
        };
        connect(server, () -> client);
        Throwable exc = await(client.lost);
        assertInstanceOf(SSLException.class, exc, String.valueOf(exc));
        assertEquals("A\n", text(client.received.toByteArray()));
        assertEquals(List.of("made", "data", "lost"), client.events);
        assertTrue(loopErrors.isEmpty(), "an SSL error is an OSError to asyncio: logged at debug only: " + loopErrors);
        server.close();
    }

    // test_ssl.py: test_create_server_ssl_over_ssl
    @Test
    void startTlsOverATlsTransportGivesTlsInsideTls() throws Exception {
        List<Future<Transport>> inner = new ArrayList<>();
        Server server = tlsServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                // Data can come before startTls's future completes (no connectionMade): hold it until then.
                java.io.ByteArrayOutputStream early = new java.io.ByteArrayOutputStream();
                Echo echo = new Echo() {
                    @Override
                    public void dataReceived(byte[] data) {
                        if (transport == null) {
                            early.writeBytes(data);
                        } else {
                            transport.write(data);
                        }
                    }
                };
                Future<Transport> f;
                try {
                    f = loop.startTls((Transport) t, echo, certs.serverContext(), true, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                f.addDoneCallback(done -> {
                    try {
                        echo.transport = done.result();
                        echo.transport.write(early.toByteArray());
                    } catch (Exception failed) {
                        // the test fails on the client side
                    }
                });
                inner.add(f);
            }
        });
        Connection<Transport, Recorder> outer = connect(server, Recorder::new);
        Recorder app = new Recorder().expecting(200_000);
        Transport tls2 = await(loop.startTls(outer.transport(), app, certs.clientContext(), false, "localhost"));
        byte[] payload = randomBytes(200_000, 7);
        tls2.write(payload);
        assertTrue(java.util.Arrays.equals(payload, await(app.done)));
        assertEquals(List.of("data"), app.events, "startTls does not call connectionMade");
        assertNotNull(tls2.getExtraInfo("ssl_object"));
        assertTrue(tls2.getExtraInfo("ssl_object") != outer.transport().getExtraInfo("ssl_object"));
        tls2.close();
        assertNull(await(app.lost));
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
        server.close();
    }

    // test_ssl.py / test_sslproto.py: test_start_tls_slow_client_cancel
    @Test
    void aStartTlsCutShortByWaitForTimesOutAndClosesTheConnection() throws Exception {
        List<Recorder> accepted = new ArrayList<>();
        Server silent = await(loop.createServer(() -> {
            Recorder r = new Recorder();
            accepted.add(r);
            return r;
        }, "127.0.0.1", 0));
        Recorder client = new Recorder();
        Connection<Transport, Recorder> c = await(loop.createConnection(() -> client, "127.0.0.1", portOf(silent)));
        Future<Transport> f = Asyncio.waitFor(
                loop.startTls(c.transport(), client, certs.clientContext(), false, "localhost"), 0.5);
        Exception e = assertThrows(Exception.class, () -> loop.runUntilComplete(f));
        assertInstanceOf(TimeoutException.class, cause(e), e.toString());
        assertNull(await(accepted.get(0).lost), "the peer sees the connection close");
        assertTrue(c.transport().isClosing());
        assertTrue(loopErrors.isEmpty(), "cancelling a handshake logs nothing: " + loopErrors);
        silent.close();
    }

    // test_ssl.py: test_ssl_handshake_connection_lost
    @Test
    void aHandshakeTheServerCutsFailsWithAResetAndNeverTouchesTheAppProtocol() throws Exception {
        Server server = await(loop.createServer(() -> new Protocol() {
            BaseTransport t;

            @Override
            public void connectionMade(BaseTransport tr) {
                t = tr;
            }

            @Override
            public void dataReceived(byte[] clientHello) {
                t.close();
            }
        }, "127.0.0.1", 0));
        Recorder app = new Recorder();
        Exception e = assertThrows(Exception.class, () -> connect(server, () -> app));
        assertInstanceOf(java.net.SocketException.class, cause(e), e.toString());
        idle(0.1);
        assertEquals(List.of(), app.events, "no connectionMade, no connectionLost");
        server.close();
    }

    // test_ssl.py / test_sslproto.py: test_start_tls_client_buf_proto_1
    @Test
    void startTlsFeedsAOneByteBufferedProtocolThenASwappedInProtocol() throws Exception {
        byte[] hello = randomBytes(100 * 1024, 3);
        List<Recorder> served = new ArrayList<>();
        Future<Transport> serverTls = loop.createFuture();
        Server server = await(loop.createServer(() -> new Protocol() {
            Transport t;
            int plain;

            @Override
            public void connectionMade(BaseTransport tr) {
                t = (Transport) tr;
            }

            @Override
            public void dataReceived(byte[] data) {
                plain += data.length;
                if (plain == hello.length) {
                    Recorder r = new Recorder();
                    served.add(r);
                    Future<Transport> up;
                    try {
                        up = loop.startTls(t, r, certs.serverContext(), true, null);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    up.addDoneCallback(f -> {
                        try {
                            serverTls.setResult(f.result());
                        } catch (Exception failed) {
                            serverTls.setException(failed);
                        }
                    });
                }
            }
        }, "127.0.0.1", 0));
        int[] madeCalls = new int[1];
        Future<byte[]> first = loop.createFuture();
        org.jasyncio.BufferedProtocol oneByte = new org.jasyncio.BufferedProtocol() {
            final ByteBuffer buf = ByteBuffer.allocate(1);

            @Override
            public void connectionMade(BaseTransport t) {
                madeCalls[0]++;
            }

            @Override
            public ByteBuffer getBuffer(int sizeHint) {
                return buf.clear();
            }

            @Override
            public void bufferUpdated(int nbytes) {
                assertEquals(1, nbytes);
                first.setResult(new byte[] {buf.get(0)});
            }
        };
        Connection<Transport, org.jasyncio.BufferedProtocol> c =
                await(loop.createConnection(() -> oneByte, "127.0.0.1", portOf(server)));
        c.transport().write(hello);
        Transport tls = await(loop.startTls(c.transport(), oneByte, certs.clientContext(), false, "localhost"));
        Transport st = await(serverTls);
        st.write(ascii("O"));
        assertEquals("O", text(await(first)));
        tls.write(hello);
        Recorder second = new Recorder() {
            @Override
            public void connectionMade(BaseTransport t) {
                madeCalls[0]++;
                super.connectionMade(t);
            }
        };
        tls.setProtocol(second);
        assertSame(second, tls.getProtocol());
        served.get(0).want = hello.length;
        assertTrue(java.util.Arrays.equals(hello, await(served.get(0).done)));
        st.write(ascii("2"));
        st.close();
        assertNull(await(second.lost));
        assertEquals("2", text(second.received.toByteArray()));
        assertEquals(List.of("data", "eof", "lost"), second.events);
        assertEquals(1, madeCalls[0], "startTls and setProtocol never call connectionMade");
        assertTrue(loopErrors.isEmpty(), loopErrors.toString());
        server.close();
    }

    // test_ssl.py: test_flush_before_shutdown
    @Test
    void closeRightAfterManyWritesSendsThemAllBeforeCloseNotify() throws Exception {
        int chunk = 128 * 1024;
        int count = 32;
        List<Recorder> served = new ArrayList<>();
        Server server = recordingTlsServer(served);
        Connection<Transport, Recorder> c = connect(server, Recorder::new);
        byte[] block = randomBytes(chunk, 5);
        for (int i = 0; i < count; i++) {
            c.transport().write(block);
        }
        c.transport().close();
        assertTrue(c.transport().isClosing());
        assertNull(await(served.get(0).lost));
        assertEquals(chunk * count, served.get(0).received.size());
        assertEquals(List.of("made", "data", "eof", "lost"), served.get(0).events);
        assertNull(await(c.protocol().lost));
        server.close();
    }

    // test_sslproto.py: test_handshake_timeout_zero, test_handshake_timeout_negative
    @Test
    void aHandshakeTimeoutThatIsNotPositiveIsRefusedAtOnce() throws Exception {
        Server server = await(loop.createServer(Recorder::new, "127.0.0.1", 0));
        Connection<Transport, Recorder> c = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server)));
        for (double bad : new double[] {0, -10}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.startTls(
                    c.transport(), c.protocol(), certs.clientContext(), false, "localhost", bad, 30));
            assertTrue(e.getMessage().startsWith("ssl_handshake_timeout should be a positive number, got "),
                    e.getMessage());
            assertThrows(IllegalArgumentException.class,
                    () -> org.jasyncio.ConnectOptions.defaults().sslHandshakeTimeout(bad));
            assertThrows(IllegalArgumentException.class,
                    () -> org.jasyncio.ServerOptions.defaults().sslHandshakeTimeout(bad));
        }
        assertTrue(c.transport().isReading() && !c.transport().isClosing(), "the transport is left as it was");
        c.transport().close();
        server.close();
    }

    // test_ssl.py: test_create_connection_ssl_1 (its client_sock half: TLS over a socket the caller connected)
    @Test
    void aTlsClientOverAConnectedSockExchangesData() throws Exception {
        Server server = tlsServer(Echo::new);
        try (SocketChannel sock = SocketChannel.open(server.sockets().get(0).getLocalAddress())) {
            sock.configureBlocking(false);
            Connection<Transport, Recorder> c = await(loop.createConnection(() -> new Recorder().expecting(4), null, 0,
                    org.jasyncio.ConnectOptions.defaults().sock(sock).ssl(certs.clientContext())
                            .serverHostname("localhost")));
            c.transport().write(ascii("SPAM"));
            assertEquals("SPAM", text(await(c.protocol().done)));
            c.transport().close();
            assertNull(await(c.protocol().lost));
        }
        server.close();
    }
}
