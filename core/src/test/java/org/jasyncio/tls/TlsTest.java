package org.jasyncio.tls;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
import org.jasyncio.Peers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TlsTest {
    @TempDir
    static Path dir;
    static TestCertificates certs;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(dir);
    }

    /** Echoes every byte; records what happened. */
    static final class Echo implements Protocol {
        Transport transport;
        final List<String> events = new ArrayList<>();

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost " + exc);
        }
    }

    /**
     * An echo for startTls: plaintext may arrive in the same read that completes the handshake, before the caller of
     * startTls has the new transport (as in asyncio), so it holds data until then.
     */
    static final class LateEcho implements Protocol {
        private Transport transport;
        private final ByteArrayOutputStream early = new ByteArrayOutputStream();

        void attach(Transport t) {
            transport = t;
            if (early.size() > 0) {
                t.write(early.toByteArray());
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            if (transport == null) {
                early.writeBytes(data);
            } else {
                transport.write(data);
            }
        }
    }

    /** Collects bytes until it has {@code expected}, then completes {@code done}. */
    static final class Collector implements Protocol {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final Future<byte[]> done;
        final int expected;
        final Future<Throwable> lost;
        Transport transport;

        Collector(EventLoop loop, int expected) {
            this.done = loop.createFuture();
            this.lost = loop.createFuture();
            this.expected = expected;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            if (received.size() >= expected && !done.done()) {
                done.setResult(received.toByteArray());
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost.setResult(exc);
        }
    }

    private static int portOf(Server server) throws IOException {
        return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
    }

    @Test
    void echoOverTlsWithHostnameVerification() throws Exception {
        SSLContext serverCtx = certs.serverContext();
        SSLContext clientCtx = certs.clientContext();
        byte[] payload = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        Echo[] serverSide = new Echo[1];
        byte[] echoed = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Server server = await(loop.createServer(() -> serverSide[0] = new Echo(), "127.0.0.1", 0,
                    ServerOptions.defaults().ssl(serverCtx)));
            Connection<Transport, Collector> c = await(loop.createConnection(() -> new Collector(loop, payload.length),
                    "127.0.0.1", portOf(server), ConnectOptions.defaults().ssl(clientCtx).serverHostname("localhost")));
            Transport t = c.transport();
            assertInstanceOf(SSLEngine.class, t.getExtraInfo("ssl_object"));
            assertNotNull(t.getExtraInfo("cipher"));
            assertNotNull(t.getExtraInfo("peercert"));
            assertNotNull(t.getExtraInfo("peername"));
            assertFalse(t.canWriteEof());
            assertThrows(UnsupportedOperationException.class, t::writeEof);
            t.write(payload);
            byte[] got = await(Asyncio.waitFor(c.protocol().done, 30));
            t.close();
            assertNull(await(Asyncio.waitFor(c.protocol().lost, 10)));
            server.close();
            await(Asyncio.waitFor(server.waitClosed(), 10));
            return got;
        });
        assertArrayEquals(payload, echoed);
        assertEquals("made", serverSide[0].events.get(0));
        assertTrue(serverSide[0].events.get(serverSide[0].events.size() - 1).startsWith("lost"));
    }

    @Test
    void wrongHostnameFailsTheHandshake() throws Exception {
        SSLContext serverCtx = certs.serverContext();
        SSLContext clientCtx = certs.clientContext();
        Throwable failure = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Server server = await(loop.createServer(Echo::new, "127.0.0.1", 0, ServerOptions.defaults().ssl(serverCtx)));
            try {
                await(loop.createConnection(() -> new Collector(loop, 1), "127.0.0.1", portOf(server),
                        ConnectOptions.defaults().ssl(clientCtx).serverHostname("not-the-server.example")));
                return null;
            } catch (Exception e) {
                return e;
            } finally {
                server.close();
            }
        });
        assertInstanceOf(SSLHandshakeException.class, failure);
    }

    @Test
    void handshakeTimeoutAbortsTheConnection() throws Exception {
        SSLContext clientCtx = certs.clientContext();
        Throwable failure = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            // A plain server that never answers the ClientHello.
            Server silent = await(loop.createServer(() -> new Protocol() { }, "127.0.0.1", 0));
            try {
                await(loop.createConnection(() -> new Collector(loop, 1), "127.0.0.1", portOf(silent),
                        ConnectOptions.defaults().ssl(clientCtx).serverHostname("localhost").sslHandshakeTimeout(0.3)));
                return null;
            } catch (Exception e) {
                return e;
            } finally {
                silent.close();
            }
        });
        assertInstanceOf(SocketTimeoutException.class, failure);
        assertTrue(failure.getMessage().startsWith("SSL handshake is taking longer than 0.3 seconds"), failure.getMessage());
    }

    @Test
    void startTlsUpgradesAPlainConnection() throws Exception {
        SSLContext serverCtx = certs.serverContext();
        SSLContext clientCtx = certs.clientContext();
        String reply = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<Transport> serverTls = loop.createFuture();
            // Server: on "STARTTLS\n" answer "OK\n" in the clear, then upgrade and echo.
            Server server = await(loop.createServer(() -> new Protocol() {
                Transport t;

                @Override
                public void connectionMade(BaseTransport tr) {
                    t = (Transport) tr;
                }

                @Override
                public void dataReceived(byte[] data) {
                    if (new String(data, StandardCharsets.US_ASCII).equals("STARTTLS\n")) {
                        t.write("OK\n".getBytes(StandardCharsets.US_ASCII));
                        LateEcho echo = new LateEcho();
                        Future<Transport> up = loop.startTls(t, echo, serverCtx, true, null);
                        up.addDoneCallback(f -> {
                            try {
                                echo.attach(f.result());
                                serverTls.setResult(f.result());
                            } catch (Exception e) {
                                serverTls.setException(e);
                            }
                        });
                    }
                }
            }, "127.0.0.1", 0));
            Collector plain = new Collector(loop, 3);
            Connection<Transport, Collector> c = await(loop.createConnection(() -> plain, "127.0.0.1", portOf(server)));
            c.transport().write("STARTTLS\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("OK\n", new String(await(Asyncio.waitFor(plain.done, 10)), StandardCharsets.US_ASCII));
            Collector secure = new Collector(loop, 5);
            Transport tls = await(Asyncio.waitFor(loop.startTls(c.transport(), secure, clientCtx, false, "localhost"), 10));
            secure.transport = tls;
            assertNotNull(tls.getExtraInfo("cipher"));
            tls.write("hello".getBytes(StandardCharsets.US_ASCII));
            String echoed = new String(await(Asyncio.waitFor(secure.done, 10)), StandardCharsets.US_ASCII);
            assertNotNull(await(Asyncio.waitFor(serverTls, 10)).getExtraInfo("cipher"));
            tls.close();
            await(Asyncio.waitFor(secure.lost, 10));
            server.close();
            return echoed;
        });
        assertEquals("hello", reply);
    }

    @Test
    void interoperatesWithCpythonAsyncioTlsClient() throws Exception {
        Peers.assumePython3();
        SSLContext serverCtx = certs.serverContext();
        Path script = dir.resolve("tls_client.py");
        Files.writeString(script, """
                import asyncio, ssl, sys, hashlib
                async def main(port, cafile):
                    ctx = ssl.create_default_context(cafile=cafile)
                    reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=ctx, server_hostname='localhost')
                    data = bytes(range(256)) * 4096
                    writer.write(data)
                    await writer.drain()
                    got = await reader.readexactly(len(data))
                    writer.close()
                    await writer.wait_closed()
                    print('ok' if got == data else 'mismatch', hashlib.sha256(got).hexdigest()[:12])
                asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
                """);
        String out = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Server server = await(loop.createServer(Echo::new, "127.0.0.1", 0, ServerOptions.defaults().ssl(serverCtx)));
            Future<String> result = loop.runInExecutor(null, () -> {
                Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(portOf(server)),
                        certs.pemCertificate.toString()).redirectErrorStream(true).start();
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(60, TimeUnit.SECONDS);
                return text;
            });
            String text = await(Asyncio.waitFor(result, 90));
            server.close();
            return text;
        });
        assertTrue(out.startsWith("ok"), out);
    }
}
