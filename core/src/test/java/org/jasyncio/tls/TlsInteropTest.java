package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.jasyncio.Peers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CPython's asyncio on the other end of the TLS connection, in both roles. */
class TlsInteropTest extends TlsFixture {
    @TempDir
    Path dir;

    private static String finish(Process p) throws Exception {
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aJasyncioClientTalksToACpythonAsyncioServerThatClosesFirst() throws Exception {
        Peers.assumePython3();
        Path key = certs.writePemPrivateKey(dir.resolve("key.pem"));
        Path script = dir.resolve("tls_server.py");
        // Reads a 4-byte length and that many bytes, answers with them reversed, then closes (close_notify).
        Files.writeString(script, """
                import asyncio, ssl, sys
                async def main(cert, key):
                    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
                    ctx.load_cert_chain(cert, key)
                    done = asyncio.get_running_loop().create_future()
                    async def serve(reader, writer):
                        n = int.from_bytes(await reader.readexactly(4), 'big')
                        data = await reader.readexactly(n)
                        writer.write(data[::-1])
                        await writer.drain()
                        writer.close()
                        await writer.wait_closed()
                        done.set_result(n)
                    server = await asyncio.start_server(serve, '127.0.0.1', 0, ssl=ctx)
                    print(server.sockets[0].getsockname()[1], flush=True)
                    n = await asyncio.wait_for(done, 30)
                    print('served', n, flush=True)
                    server.close()
                asyncio.run(main(sys.argv[1], sys.argv[2]))
                """);
        Process p = new ProcessBuilder("python3", script.toString(), certs.pemCertificate.toString(), key.toString())
                .redirectErrorStream(true).start();
        try {
            int port = Integer.parseInt(new BufferedReader(new InputStreamReader(p.getInputStream())).readLine().trim());
            byte[] payload = randomBytes(3 * 1024 * 1024, 3);
            Connection<Transport, Recorder> c = await(loop.createConnection(() -> new Recorder().expecting(payload.length),
                    "127.0.0.1", port, ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost")));
            byte[] header = {(byte) (payload.length >>> 24), (byte) (payload.length >>> 16), (byte) (payload.length >>> 8),
                (byte) payload.length};
            c.transport().write(header);
            c.transport().write(payload);
            byte[] got = await(c.protocol().done);
            byte[] reversed = new byte[payload.length];
            for (int i = 0; i < payload.length; i++) {
                reversed[i] = payload[payload.length - 1 - i];
            }
            assertArrayEquals(reversed, got);
            assertNull(await(c.protocol().lost), "the server's close_notify is a clean end");
            assertEquals(List.of("made", "data", "eof", "lost"), c.protocol().events);
            String out = finish(p);
            assertTrue(out.contains("served " + payload.length), out);
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aCpythonAsyncioClientThatWritesThenClosesIsReadToTheEnd() throws Exception {
        Peers.assumePython3();
        Path script = dir.resolve("tls_client.py");
        Files.writeString(script, """
                import asyncio, ssl, sys
                async def main(port, cafile):
                    ctx = ssl.create_default_context(cafile=cafile)
                    reader, writer = await asyncio.open_connection('127.0.0.1', port, ssl=ctx, server_hostname='localhost')
                    writer.write(bytes(range(256)) * 8192)
                    await writer.drain()
                    writer.close()
                    await writer.wait_closed()
                    print('closed', flush=True)
                asyncio.run(main(int(sys.argv[1]), sys.argv[2]))
                """);
        List<Recorder> served = new ArrayList<>();
        Server server = tlsServer(() -> {
            Recorder r = new Recorder();
            served.add(r);
            return r;
        });
        Process p = new ProcessBuilder("python3", script.toString(), String.valueOf(portOf(server)),
                certs.pemCertificate.toString()).redirectErrorStream(true).start();
        try {
            Future<String> out = loop.runInExecutor(null, () -> finish(p));
            String text = await(out);
            assertTrue(text.contains("closed"), text);
            Recorder r = served.get(0);
            assertNull(await(r.lost));
            byte[] expected = new byte[256 * 8192];
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (byte) i;
            }
            assertArrayEquals(expected, r.received.toByteArray());
            assertEquals(List.of("made", "data", "eof", "lost"), r.events);
        } finally {
            p.destroyForcibly();
            server.close();
        }
    }
}
