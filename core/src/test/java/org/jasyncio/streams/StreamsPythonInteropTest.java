package org.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.IncompleteReadError;
import org.jasyncio.Server;
import org.jasyncio.StreamHandler;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamWriter;
import org.jasyncio.Streams;
import org.jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jasyncio's streams against CPython's own asyncio streams, both ways: first lines (answered upper-cased), then
 * length-prefixed frames of up to 300 KB (answered reversed), megabytes in all, every byte checked by the side that
 * sent it. The client writes from one task while it reads in another, as a real pipelined client does.
 */
class StreamsPythonInteropTest extends StreamsFixture {
    static final int LINES = 1000;
    static final int FRAMES = 20;

    private static final String PEER = """
            import asyncio, os, random, struct, sys

            LINES, FRAMES = int(sys.argv[3]), int(sys.argv[4])

            async def serve(reader, writer):
                while True:
                    line = await reader.readline()
                    if line == b"LINES-END\\n":
                        writer.write(line)
                        break
                    writer.write(line.upper())
                    await writer.drain()
                while True:
                    try:
                        head = await reader.readexactly(4)
                    except asyncio.IncompleteReadError as e:
                        if e.partial:
                            raise
                        break
                    (n,) = struct.unpack(">I", head)
                    payload = await reader.readexactly(n)
                    writer.write(head + payload[::-1])
                    await writer.drain()
                writer.close()
                await writer.wait_closed()
                done.set_result(None)

            async def client(host, port):
                reader, writer = await asyncio.open_connection(host, port)
                lines = [b"line %d %s\\n" % (i, os.urandom(random.randint(0, 60)).hex().encode()) for i in range(LINES)]
                frames = [os.urandom(random.randint(0, 300_000)) for _ in range(FRAMES)]
                async def send():
                    for l in lines:
                        writer.write(l)
                        await writer.drain()
                    writer.write(b"LINES-END\\n")
                    for f in frames:
                        writer.write(struct.pack(">I", len(f)) + f)
                        await writer.drain()
                    writer.write_eof()
                async def receive():
                    for l in lines:
                        got = await reader.readline()
                        assert got == l.upper(), (got, l)
                    assert await reader.readline() == b"LINES-END\\n"
                    total = 0
                    for f in frames:
                        (n,) = struct.unpack(">I", await reader.readexactly(4))
                        assert n == len(f), (n, len(f))
                        assert await reader.readexactly(n) == f[::-1]
                        total += n
                    assert await reader.read() == b""
                    return total
                _, total = await asyncio.gather(send(), receive())
                writer.close()
                await writer.wait_closed()
                print("OK", LINES, FRAMES, total, flush=True)

            async def main():
                global done
                if sys.argv[1] == "client":
                    await client("127.0.0.1", int(sys.argv[2]))
                    return
                done = asyncio.get_running_loop().create_future()
                server = await asyncio.start_server(serve, "127.0.0.1", 0)
                print("PORT", server.sockets[0].getsockname()[1], flush=True)
                await done
                server.close()
                await server.wait_closed()
                print("SERVED", flush=True)

            asyncio.run(main())
            """;

    @TempDir
    Path dir;
    private Process peer;

    @BeforeEach
    void needPython() {
        Assumptions.assumeTrue(pythonAvailable(), "python3 is not on the PATH");
    }

    @AfterEach
    void stopPeer() {
        if (peer != null) {
            peer.destroyForcibly();
        }
    }

    private static boolean pythonAvailable() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import asyncio").redirectErrorStream(true).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private BufferedReader startPeer(String... args) throws IOException {
        Path file = dir.resolve("peer.py");
        Files.writeString(file, PEER);
        List<String> cmd = new ArrayList<>(List.of("python3", file.toString()));
        cmd.addAll(List.of(args));
        cmd.add(Integer.toString(LINES));
        cmd.add(Integer.toString(FRAMES));
        peer = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        return new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8));
    }

    private static byte[] upper(byte[] line) {
        byte[] out = line.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'a' && out[i] <= 'z') {
                out[i] -= 32;
            }
        }
        return out;
    }

    private static byte[] reversed(byte[] data) {
        byte[] out = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            out[i] = data[data.length - 1 - i];
        }
        return out;
    }

    /** The server side of the exchange, as the Python peer's {@code serve}. */
    static final StreamHandler SERVE = (reader, writer) -> {
        while (true) {
            byte[] line = Asyncio.await(reader.readline());
            if (s(line).equals("LINES-END\n")) {
                writer.write(line);
                break;
            }
            writer.write(upper(line));
            Asyncio.await(writer.drain());
        }
        while (true) {
            byte[] head;
            try {
                head = Asyncio.await(reader.readexactly(4));
            } catch (IncompleteReadError e) {
                if (e.partial().length > 0) {
                    throw e;
                }
                break;
            }
            int n = ByteBuffer.wrap(head).getInt();
            byte[] payload = Asyncio.await(reader.readexactly(n));
            writer.write(head);
            writer.write(reversed(payload));
            Asyncio.await(writer.drain());
        }
        writer.close();
        Asyncio.await(writer.waitClosed());
    };

    @Test
    void aCpythonStreamsClientTalksToAJasyncioStreamsServer() throws Exception {
        Server server = run(() -> Asyncio.await(Asyncio.startServer(SERVE, "127.0.0.1", 0)));
        BufferedReader out = startPeer("client", Integer.toString(port(server)));
        Task<String> lineTask = loop.createTask(() -> Asyncio.await(loop.runInExecutor(null, () -> {
            StringBuilder all = new StringBuilder();
            String l;
            while ((l = out.readLine()) != null) {
                all.append(l).append('\n');
            }
            return all.toString();
        })));
        String printed = await(lineTask);
        assertTrue(peer.waitFor(30, TimeUnit.SECONDS));
        server.close();
        await(server.waitClosed());
        assertTrue(printed.startsWith("OK " + LINES + " " + FRAMES + " "), printed);
        long total = Long.parseLong(printed.trim().split(" ")[3]);
        assertTrue(total > 1_000_000, "megabytes went through: " + total);
        assertEquals(0, peer.exitValue(), printed);
        assertNothingReported();
    }

    @Test
    void aJasyncioStreamsClientTalksToACpythonStreamsServer() throws Exception {
        BufferedReader out = startPeer("server", "0");
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("PORT "), String.valueOf(first));
        int port = Integer.parseInt(first.substring(5).trim());
        Random random = new Random(8);
        HexFormat hex = HexFormat.of();
        List<byte[]> lines = new ArrayList<>();
        for (int i = 0; i < LINES; i++) {
            byte[] r = new byte[random.nextInt(61)];
            random.nextBytes(r);
            lines.add(b("line " + i + " " + hex.formatHex(r) + "\n"));
        }
        List<byte[]> frames = new ArrayList<>();
        long total = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] f = new byte[random.nextInt(300_001)];
            random.nextBytes(f);
            frames.add(f);
            total += f.length;
        }
        long expectedTotal = total;
        long received = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            StreamWriter w = s.writer();
            StreamReader r = s.reader();
            Task<Void> sending = loop.createTask(() -> {
                for (byte[] l : lines) {
                    w.write(l);
                    Asyncio.await(w.drain());
                }
                w.write(b("LINES-END\n"));
                for (byte[] f : frames) {
                    w.write(ByteBuffer.allocate(4).putInt(f.length).array());
                    w.write(f);
                    Asyncio.await(w.drain());
                }
                w.writeEof();
                return null;
            });
            for (byte[] l : lines) {
                assertArrayEquals(upper(l), Asyncio.await(r.readline()));
            }
            assertEquals("LINES-END\n", s(Asyncio.await(r.readline())));
            long got = 0;
            for (byte[] f : frames) {
                int n = ByteBuffer.wrap(Asyncio.await(r.readexactly(4))).getInt();
                assertEquals(f.length, n);
                assertArrayEquals(reversed(f), Asyncio.await(r.readexactly(n)));
                got += n;
            }
            assertEquals(0, Asyncio.await(r.read()).length);
            Asyncio.await(sending);
            w.close();
            Asyncio.await(w.waitClosed());
            return got;
        });
        assertEquals(expectedTotal, received);
        assertTrue(received > 1_000_000);
        assertEquals("SERVED", out.readLine());
        assertTrue(peer.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, peer.exitValue());
        assertNothingReported();
    }
}
