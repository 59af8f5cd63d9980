package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Connection;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.jasyncio.Peers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Interoperability with CPython's own asyncio, both ways, megabytes with half-close, every byte checked. */
class PythonInteropTest {
    private static final int SIZE = 4 * 1024 * 1024 + 3;

    /** A CPython asyncio client: sends random bytes, half-closes, expects them echoed back, reports digests. */
    private static final String CLIENT = """
            import asyncio, hashlib, os, sys

            class Client(asyncio.Protocol):
                def __init__(self, data, done):
                    self.data, self.done, self.got = data, done, bytearray()
                def connection_made(self, transport):
                    transport.write(self.data)
                    transport.write_eof()
                def data_received(self, chunk):
                    self.got += chunk
                def eof_received(self):
                    return False
                def connection_lost(self, exc):
                    self.done.set_result(exc)

            async def run(host, port, size):
                loop = asyncio.get_running_loop()
                data = os.urandom(size)
                done = loop.create_future()
                proto = Client(data, done)
                await loop.create_connection(lambda: proto, host, port)
                exc = await done
                print("SENT", hashlib.sha256(data).hexdigest())
                print("LOST", exc)
                print("ECHOED", "OK" if bytes(proto.got) == data else "BAD %d" % len(proto.got))

            asyncio.run(run(sys.argv[1], int(sys.argv[2]), int(sys.argv[3])))
            """;

    /** A CPython asyncio server: reads to EOF, answers with the digest line then the bytes reversed, then closes. */
    private static final String SERVER = """
            import asyncio, hashlib, sys

            async def handle(reader, writer):
                data = await reader.read()
                writer.write(hashlib.sha256(data).hexdigest().encode() + b"\\n" + data[::-1])
                await writer.drain()
                writer.close()
                await writer.wait_closed()
                server.close()

            async def main():
                global server
                server = await asyncio.start_server(handle, "127.0.0.1", 0)
                print("PORT", server.sockets[0].getsockname()[1], flush=True)
                async with server:
                    try:
                        await server.serve_forever()
                    except asyncio.CancelledError:
                        pass

            asyncio.run(main())
            """;

    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();

    @BeforeEach
    void needPython() {
        Peers.assumePython3();
    }

    @AfterEach
    void closeLoop() {
        kit.close();
    }


    private Process python(String script, String... args) throws IOException {
        Path file = dir.resolve("peer.py");
        Files.writeString(file, script);
        List<String> cmd = new ArrayList<>(List.of("python3", file.toString()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** The served side: records everything, and echoes it back once the peer has half-closed. */
    private final class HalfCloseEcho extends StreamKit.Echo {
        final StreamKit.Recorder record = kit.new Recorder();

        @Override
        public void connectionMade(org.jasyncio.BaseTransport t) {
            super.connectionMade(t);
            record.connectionMade(t);
        }

        @Override
        public void dataReceived(byte[] data) {
            record.dataReceived(data);
        }

        @Override
        public boolean eofReceived() {
            record.eofReceived();
            transport.write(record.received.toByteArray());
            transport.close();
            return true;
        }

        @Override
        public void connectionLost(Throwable exc) {
            record.connectionLost(exc);
        }
    }

    @Test
    void cpythonClientAgainstAJasyncioServer() throws Exception {
        List<HalfCloseEcho> served = new ArrayList<>();
        Server server = kit.await(kit.loop.createServer(() -> {
            HalfCloseEcho e = new HalfCloseEcho();
            served.add(e);
            return e;
        }, "127.0.0.1", 0));
        Process py = python(CLIENT, "127.0.0.1", String.valueOf(StreamKit.port(server)), String.valueOf(SIZE));
        try {
            kit.run(() -> {
                while (served.isEmpty() || !served.get(0).record.lost.done()) {
                    org.jasyncio.Asyncio.await(org.jasyncio.Asyncio.sleep(0.01));
                }
                return null;
            });
            List<String> out = readAll(py);
            StreamKit.Recorder r = served.get(0).record;
            assertEquals(SIZE, r.received.size());
            assertTrue(out.contains("SENT " + sha256(r.received.toByteArray())), String.valueOf(out));
            assertTrue(out.contains("ECHOED OK"), String.valueOf(out));
            assertTrue(out.contains("LOST None"), String.valueOf(out));
            assertEquals(List.of("made", "data", "eof", "lost"), r.events);
            assertEquals(0, py.exitValue(), String.valueOf(out));
        } finally {
            py.destroyForcibly();
        }
    }

    @Test
    void aJasyncioClientAgainstACpythonServer() throws Exception {
        Process py = python(SERVER);
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(py.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("PORT "), "python said: " + first);
            int port = Integer.parseInt(first.substring(5).trim());
            byte[] data = StreamKit.pattern(SIZE);
            StreamKit.Recorder client = kit.new Recorder();
            Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(client::self, "127.0.0.1", port));
            c.transport().write(data);
            c.transport().writeEof();
            assertEquals(null, kit.await(client.lost));
            byte[] got = client.received.toByteArray();
            String digest = sha256(data);
            assertEquals(digest + "\n", new String(got, 0, 65, StandardCharsets.US_ASCII));
            byte[] reversed = new byte[SIZE];
            for (int i = 0; i < SIZE; i++) {
                reversed[i] = data[SIZE - 1 - i];
            }
            assertArrayEquals(reversed, java.util.Arrays.copyOfRange(got, 65, got.length));
            assertEquals(List.of("made", "data", "eof", "lost"), client.withoutFlow());
            assertTrue(py.waitFor(20, TimeUnit.SECONDS));
        } finally {
            py.destroyForcibly();
        }
    }

    private static List<String> readAll(Process p) throws Exception {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return lines;
    }
}
