package org.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import org.jasyncio.Asyncio;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.StreamHandler;
import org.jasyncio.Streams;
import org.jasyncio.tls.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Streams over TLS: the ssl options of open/start, and StreamWriter.startTls upgrading a connection in place. */
class StreamsOverTlsTest extends StreamsFixture {
    @TempDir
    static Path certDir;
    static TestCertificates certs;
    @TempDir
    Path dir;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(certDir);
    }

    private SSLContext server() throws Exception {
        return certs.serverContext();
    }

    private SSLContext client() throws Exception {
        return certs.clientContext();
    }

    private void stop(Server server) throws Exception {
        server.close();
        await(server.waitClosed());
    }

    @Test
    void aTlsClientAndServerExchangeLines() throws Exception {
        Server server = run(() -> Asyncio.await(Asyncio.startServer(StreamConnectionTest.ECHO_LINES, "127.0.0.1", 0,
                ServerOptions.defaults().ssl(server()))));
        int port = port(server);
        List<String> got = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port,
                    ConnectOptions.defaults().ssl(client()).serverHostname("localhost")));
            assertNotNull(s.writer().getExtraInfo("sslcontext"));
            assertNotNull(s.writer().getExtraInfo("ssl_object"));
            s.writer().write(b("one\ntwo\n"));
            String one = s(Asyncio.await(s.reader().readline()));
            String two = s(Asyncio.await(s.reader().readline()));
            s.writer().close();
            Asyncio.await(s.writer().waitClosed());
            return List.of(one, two);
        });
        stop(server);
        assertEquals(List.of("one\n", "two\n"), got);
        assertNothingReported();
    }

    @Test
    void aTlsUnixClientAndServerExchangeALine() throws Exception {
        Path path = dir.resolve("t.sock");
        Server server = run(() -> Asyncio.await(Asyncio.startUnixServer(StreamConnectionTest.ECHO_LINE, path,
                ServerOptions.defaults().ssl(server()))));
        String got = run(() -> {
            Streams s = Asyncio.await(Asyncio.openUnixConnection(path,
                    ConnectOptions.defaults().ssl(client()).serverHostname("localhost")));
            s.writer().write(b("hello tls\n"));
            String line = s(Asyncio.await(s.reader().readline()));
            s.writer().close();
            return line;
        });
        stop(server);
        assertEquals("hello tls\n", got);
    }

    @Test
    void megabytesEchoByteForByteOverTls() throws Exception {
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            byte[] data;
            while ((data = Asyncio.await(r.read(65536))).length > 0) {
                w.write(data);
                Asyncio.await(w.drain());
            }
            w.close();
        }, "127.0.0.1", 0, ServerOptions.defaults().ssl(server()))));
        int port = port(server);
        byte[] data = StreamConnectionTest.pattern(3 * 1024 * 1024 + 5);
        byte[] back = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port,
                    ConnectOptions.defaults().ssl(client()).serverHostname("localhost")));
            var reading = loop.createTask(() -> Asyncio.await(s.reader().readexactly(data.length)));
            for (int off = 0; off < data.length; off += 60_000) {
                s.writer().write(java.nio.ByteBuffer.wrap(data, off, Math.min(60_000, data.length - off)));
                Asyncio.await(s.writer().drain());
            }
            byte[] got = Asyncio.await(reading);
            s.writer().close();
            return got;
        });
        stop(server);
        org.junit.jupiter.api.Assertions.assertArrayEquals(data, back);
        assertNothingReported();
    }

    /** test_streams.py's test_start_tls: a line in the clear, both sides upgrade, a line over TLS. */
    @Test
    void startTlsUpgradesBothSidesInPlace() throws Exception {
        SSLContext serverCtx = server();
        AtomicReference<String> serverSaw = new AtomicReference<>();
        StreamHandler handler = (r, w) -> {
            byte[] first = Asyncio.await(r.readline());
            w.write(first);
            Asyncio.await(w.drain());
            assertNull(w.getExtraInfo("sslcontext"));
            var before = w.transport();
            Asyncio.await(w.startTls(serverCtx));
            assertNotNull(w.getExtraInfo("sslcontext"));
            assertTrue(before != w.transport(), "the writer writes to the TLS transport now");
            byte[] second = Asyncio.await(r.readline());
            serverSaw.set(s(first) + s(second));
            w.write(second);
            Asyncio.await(w.drain());
            w.close();
            Asyncio.await(w.waitClosed());
        };
        Server server = run(() -> Asyncio.await(Asyncio.startServer(handler, "127.0.0.1", 0)));
        int port = port(server);
        List<String> got = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().write(b("hello world 1!\n"));
            Asyncio.await(s.writer().drain());
            String one = s(Asyncio.await(s.reader().readline()));
            assertNull(s.writer().getExtraInfo("sslcontext"));
            Asyncio.await(s.writer().startTls(client(), "localhost", 10, 10));
            assertNotNull(s.writer().getExtraInfo("sslcontext"));
            s.writer().write(b("hello world 2!\n"));
            Asyncio.await(s.writer().drain());
            String two = s(Asyncio.await(s.reader().readline()));
            s.writer().close();
            Asyncio.await(s.writer().waitClosed());
            return List.of(one, two);
        });
        stop(server);
        assertEquals(List.of("hello world 1!\n", "hello world 2!\n"), got);
        assertEquals("hello world 1!\nhello world 2!\n", serverSaw.get());
        assertNothingReported();
    }

    @Test
    void startTlsKeepsWhatTheReaderHadBuffered() throws Exception {
        SSLContext serverCtx = server();
        StreamHandler handler = (r, w) -> {
            Asyncio.await(r.readline());
            w.write(b("clear 1\nclear 2\n"));
            Asyncio.await(w.drain());
            Asyncio.await(w.startTls(serverCtx));
            w.write(b("secret\n"));
            Asyncio.await(w.drain());
            w.close();
        };
        Server server = run(() -> Asyncio.await(Asyncio.startServer(handler, "127.0.0.1", 0)));
        int port = port(server);
        List<String> got = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().write(b("starttls\n"));
            String c1 = s(Asyncio.await(s.reader().readline()));
            // "clear 2" is buffered in the reader when the upgrade starts
            Asyncio.await(Asyncio.sleep(0.05));
            Asyncio.await(s.writer().startTls(client(), "localhost", 10, 10));
            String c2 = s(Asyncio.await(s.reader().readline()));
            String secret = s(Asyncio.await(s.reader().readline()));
            s.writer().close();
            return List.of(c1, c2, secret);
        });
        stop(server);
        assertEquals(List.of("clear 1\n", "clear 2\n", "secret\n"), got);
    }

    @Test
    void startTlsWithAnUntrustedServerFailsTheHandshake() throws Exception {
        SSLContext serverCtx = server();
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            try {
                Asyncio.await(w.startTls(serverCtx));
            } catch (Exception expected) {
                w.close();
            }
        }, "127.0.0.1", 0)));
        int port = port(server);
        SSLContext trustsNobody = SSLContext.getInstance("TLS");
        trustsNobody.init(null, new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
            public void checkClientTrusted(java.security.cert.X509Certificate[] c, String a) {
            }

            public void checkServerTrusted(java.security.cert.X509Certificate[] c, String a)
                    throws java.security.cert.CertificateException {
                throw new java.security.cert.CertificateException("not trusted");
            }

            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        Exception e = assertThrows(Exception.class, () -> run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            try {
                return Asyncio.await(s.writer().startTls(trustsNobody, "localhost", 10, 10));
            } finally {
                s.writer().close();
            }
        }));
        stop(server);
        assertInstanceOf(java.io.IOException.class, e, String.valueOf(e));
    }
}
