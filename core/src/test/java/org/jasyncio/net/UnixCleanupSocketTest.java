package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jasyncio.Asyncio;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.StreamWriter;
import org.jasyncio.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cleanup_socket} of {@code create_unix_server} and {@code start_unix_server} (3.13), as test_unix_events.py's
 * test_unix_server_*_cleanup* cases check it: the socket file goes with the server unless it is told to stay.
 */
class UnixCleanupSocketTest {
    private static final ServerOptions KEEP = ServerOptions.defaults().cleanupSocket(false);
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    @Test
    void byDefaultClosingTheServerRemovesItsFile() throws Exception {
        Path path = dir.resolve("addr.sock");
        Server server = kit.await(kit.loop.createUnixServer(() -> kit.new Recorder(), path));
        assertTrue(ServerOptions.defaults().cleanupSocket());
        server.close();
        kit.await(server.waitClosed());
        assertFalse(Files.exists(path));
    }

    @Test
    void cleanupSocketFalseLeavesTheFileAfterClose() throws Exception {
        Path path = dir.resolve("kept.sock");
        Server server = kit.await(kit.loop.createUnixServer(() -> kit.new Recorder(), path, KEEP));
        server.close();
        kit.await(server.waitClosed());
        assertTrue(Files.exists(path), "the socket file stays");
    }

    @Test
    void aGivenSocketsFileIsRemovedUnlessToldToStay() throws Exception {
        Path cleaned = dir.resolve("given.sock");
        Path kept = dir.resolve("given-kept.sock");
        ServerSocketChannel a = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(cleaned));
        ServerSocketChannel b = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(kept));
        Server sa = kit.await(kit.loop.createUnixServer(() -> kit.new Recorder(), null, ServerOptions.defaults().sock(a)));
        Server sb = kit.await(kit.loop.createUnixServer(() -> kit.new Recorder(), null, KEEP.sock(b)));
        sa.close();
        sb.close();
        assertFalse(Files.exists(cleaned));
        assertTrue(Files.exists(kept));
        assertFalse(b.isOpen(), "the server still closes the socket itself");
    }

    @Test
    void closingTheLoopLeavesAKeptFileToo() throws Exception {
        Path path = dir.resolve("loop.sock");
        Server server = kit.await(kit.loop.createUnixServer(() -> kit.new Recorder(), path, KEEP));
        ServerSocketChannel s = server.sockets().get(0);
        kit.close();
        assertFalse(s.isOpen());
        assertTrue(Files.exists(path));
    }

    @Test
    void startUnixServerTakesItThroughItsOptionsAndAKeptFileCanBeServedAgain() throws Exception {
        Path path = dir.resolve("streams.sock");
        byte[] got = kit.run(() -> {
            Server first = Asyncio.await(Asyncio.startUnixServer((r, w) -> w.close(), path, KEEP));
            first.close();
            Asyncio.await(first.waitClosed());
            assertTrue(Files.exists(path));
            // a stale file left this way is replaced by the next server at that path, as asyncio does
            Server second = Asyncio.await(Asyncio.startUnixServer((r, w) -> {
                w.write("again".getBytes());
                w.close();
            }, path));
            Streams s = Asyncio.await(Asyncio.openUnixConnection(path));
            byte[] data = Asyncio.await(s.reader().read());
            StreamWriter w = s.writer();
            w.close();
            second.close();
            Asyncio.await(second.waitClosed());
            assertFalse(Files.exists(path));
            return data;
        });
        assertArrayEquals("again".getBytes(), got);
    }
}
