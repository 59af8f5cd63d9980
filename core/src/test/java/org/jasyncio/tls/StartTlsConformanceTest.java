package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.Protocol;
import org.jasyncio.Transport;
import org.jasyncio.Future;
import org.jasyncio.Peers;
import org.jasyncio.Server;
import org.jasyncio.StreamHandler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** start_tls on a connection that already carries bytes, against CPython's ssl module as the peer. */
class StartTlsConformanceTest extends TlsFixture {
    @TempDir
    Path dir;

    /**
     * A STARTTLS client in CPython that does not wait for the server's answer: the command and its ClientHello go
     * out in one write, so the server's stream reader reads both. Then "ping" over TLS; prints what came back.
     */
    private static final String PIPELINING_CLIENT = """
            import socket, ssl, sys
            port, cafile = int(sys.argv[1]), sys.argv[2]
            ctx = ssl.create_default_context(cafile=cafile)
            sock = socket.create_connection(('127.0.0.1', port))
            sock.settimeout(30)
            incoming, outgoing = ssl.MemoryBIO(), ssl.MemoryBIO()
            sslobj = ctx.wrap_bio(incoming, outgoing, server_hostname='localhost')
            try:
                sslobj.do_handshake()
            except ssl.SSLWantReadError:
                pass
            sock.sendall(b'STARTTLS\\n' + outgoing.read())
            while True:
                try:
                    sslobj.do_handshake()
                    break
                except ssl.SSLWantReadError:
                    if outgoing.pending:
                        sock.sendall(outgoing.read())
                    data = sock.recv(16384)
                    if not data:
                        raise ConnectionResetError('the server closed during the handshake')
                    incoming.write(data)
            if outgoing.pending:
                sock.sendall(outgoing.read())
            sslobj.write(b'ping\\n')
            sock.sendall(outgoing.read())
            got = b''
            while not got.endswith(b'\\n'):
                try:
                    got += sslobj.read(1024)
                except ssl.SSLWantReadError:
                    data = sock.recv(16384)
                    if not data:
                        break
                    incoming.write(data)
            print('got', got.decode().strip(), flush=True)
            """;

    /**
     * asyncio (gh-142352): a server's start_tls on a StreamReaderProtocol hands the bytes its reader already holds
     * to the TLS layer, so a ClientHello that came in with the STARTTLS command starts the handshake instead of
     * waiting in the reader until the handshake times out.
     */
    @Test
    void aServerStartTlsTakesTheClientHelloItsReaderAlreadyRead() throws Exception {
        Peers.assumePython3();
        SSLContext serverCtx = certs.serverContext();
        List<String> serverSaw = new ArrayList<>();
        StreamHandler handler = (r, w) -> {
            serverSaw.add(new String(Asyncio.await(r.readline()), StandardCharsets.US_ASCII));
            Asyncio.await(w.startTls(serverCtx, null, 5, 5));
            serverSaw.add(new String(Asyncio.await(r.readline()), StandardCharsets.US_ASCII));
            w.write("pong\n".getBytes(StandardCharsets.US_ASCII));
            Asyncio.await(w.drain());
            w.close();
        };
        Server server = loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.startServer(handler, "127.0.0.1", 0))));
        Path script = dir.resolve("client.py");
        Files.writeString(script, PIPELINING_CLIENT);
        Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(portOf(server)),
                certs.pemCertificate.toString()).redirectErrorStream(true).start();
        try {
            Future<String> out = loop.runInExecutor(null, () -> {
                String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                p.waitFor(30, TimeUnit.SECONDS);
                return text;
            });
            String text = await(out);
            assertEquals("got pong\n", text);
            assertEquals(List.of("STARTTLS\n", "ping\n"), serverSaw);
            assertTrue(loopErrors.isEmpty(), loopErrors.toString());
        } finally {
            p.destroyForcibly();
            server.close();
        }
    }

    /**
     * Plaintext still in the plain transport's write buffer when start_tls begins goes out first, then the
     * handshake: the TLS records queue behind it in the same buffer, as asyncio's (no drain needed in between).
     */
    @Test
    void plaintextStillBufferedWhenStartTlsBeginsGoesOutBeforeTheHandshake() throws Exception {
        byte[] clear = randomBytes(16 * 1024 * 1024, 7); // more than any socket takes at once
        List<Future<Transport>> upgraded = new ArrayList<>();
        Server server = await(loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                Transport plain = (Transport) t;
                plain.write(clear);
                assertTrue(plain.getWriteBufferSize() > 0, "the test needs plaintext still buffered");
                // startTls calls no connectionMade, and data can come before its future's callbacks run: hold it.
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
                try {
                    Future<Transport> f = loop.startTls(plain, echo, certs.serverContext(), true, null);
                    f.addDoneCallback(done -> {
                        try {
                            echo.transport = done.result();
                            echo.transport.write(early.toByteArray());
                        } catch (Exception failed) {
                            // the test fails on the client side
                        }
                    });
                    upgraded.add(f);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, "127.0.0.1", 0));
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        Future<Void> allClear = loop.createFuture();
        Connection<Transport, Protocol> c = await(loop.createConnection(() -> new Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                got.writeBytes(data);
                if (got.size() >= clear.length && !allClear.done()) {
                    allClear.setResult(null);
                }
            }
        }, "127.0.0.1", portOf(server)));
        await(allClear);
        assertEquals(clear.length, got.size(), "nothing of the handshake came before the end of the plaintext");
        org.junit.jupiter.api.Assertions.assertArrayEquals(clear, got.toByteArray());
        Recorder client = new Recorder().expecting(4);
        Transport tls = await(loop.startTls(c.transport(), client, certs.clientContext(), false, "localhost"));
        tls.write("ping".getBytes(StandardCharsets.US_ASCII));
        assertEquals("ping", new String(await(client.done), StandardCharsets.US_ASCII));
        Transport serverTls = await(upgraded.get(0));
        assertTrue(serverTls.getExtraInfo("sslcontext") != null);
        tls.close();
        await(client.lost);
        server.close();
    }
}
