package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create_unix_server and its socket file (asyncio's test_unix_events server cases). */
class UnixServerTest {
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();
    private final List<StreamKit.Recorder> served = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    private StreamKit.Recorder record() {
        StreamKit.Recorder r = kit.new Recorder();
        served.add(r);
        return r;
    }

    @Test
    void aStaleSocketFileIsReplaced() throws Exception {
        Path path = dir.resolve("stale.sock");
        ServerSocketChannel old = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        old.bind(UnixDomainSocketAddress.of(path));
        old.close();
        assertTrue(Files.exists(path), "closing a Unix listener leaves its file behind");
        Server server = kit.await(kit.loop.createUnixServer(this::record, path));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createUnixConnection(kit.new Recorder()::self, path));
        c.transport().write("fresh".getBytes());
        kit.pause(0.01);
        assertArrayEquals("fresh".getBytes(), kit.await(served.get(0).bytes(5)));
        server.close();
    }

    @Test
    void theSocketFileIsRemovedOnClose() throws Exception {
        Path path = dir.resolve("gone.sock");
        Server server = kit.await(kit.loop.createUnixServer(this::record, path));
        assertTrue(Files.exists(path));
        server.close();
        assertFalse(Files.exists(path));
    }

    @Test
    void aFileThatReplacedOursIsLeftAlone() throws Exception {
        Path path = dir.resolve("mine.sock");
        Server server = kit.await(kit.loop.createUnixServer(this::record, path));
        Files.delete(path);
        Files.writeString(path, "someone else's");
        server.close();
        assertEquals("someone else's", Files.readString(path));
    }

    @Test
    void aRegularFileInTheWayIsNotRemoved() throws Exception {
        Path path = dir.resolve("regular");
        Files.writeString(path, "data");
        Future<Server> f = kit.loop.createUnixServer(this::record, path);
        IOException e = assertThrows(IOException.class, () -> kit.await(f));
        assertEquals("Address '" + path + "' is already in use", e.getMessage());
        assertEquals("data", Files.readString(path));
    }

    @Test
    void peerAndSocknameArePaths() throws Exception {
        Path path = dir.resolve("names.sock");
        kit.await(kit.loop.createUnixServer(this::record, path));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createUnixConnection(kit.new Recorder()::self, path));
        assertEquals(UnixDomainSocketAddress.of(path), c.transport().getExtraInfo("peername"));
        kit.pause(0.01);
        assertEquals(UnixDomainSocketAddress.of(path), served.get(0).transport.getExtraInfo("sockname"));
    }

    @Test
    void aBoundUnixListenerCanBeHandedOverAndItsFileIsCleanedUp() throws Exception {
        Path path = dir.resolve("given.sock");
        ServerSocketChannel sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        sock.bind(UnixDomainSocketAddress.of(path));
        Server server = kit.await(kit.loop.createUnixServer(this::record, null, ServerOptions.defaults().sock(sock)));
        kit.await(kit.loop.createUnixConnection(kit.new Recorder()::self, path));
        server.close();
        assertFalse(sock.isOpen());
        assertFalse(Files.exists(path));
    }

    @Test
    void argumentErrors() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createUnixServer(this::record, null));
        assertEquals("path was not specified, and no sock specified", e.getMessage());
        try (ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                ServerSocketChannel tcp = ServerSocketChannel.open()) {
            e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createUnixServer(this::record, dir.resolve("a"),
                    ServerOptions.defaults().sock(unix)));
            assertEquals("path and sock can not be specified at the same time", e.getMessage());
            tcp.bind(new InetSocketAddress("127.0.0.1", 0));
            e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createUnixServer(this::record, null,
                    ServerOptions.defaults().sock(tcp)));
            assertTrue(e.getMessage().startsWith("A UNIX Domain Stream Socket was expected"), e.getMessage());
        }
    }

    @Test
    void waitClosedAndCloseClientsOnUnix() throws Exception {
        Path path = dir.resolve("clients.sock");
        Server server = kit.await(kit.loop.createUnixServer(this::record, path));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createUnixConnection(kit.new Recorder()::self, path));
        kit.pause(0.01);
        server.close();
        Future<Void> closed = server.waitClosed();
        kit.pause(0.02);
        assertFalse(closed.done());
        server.closeClients();
        kit.await(c.protocol().lost);
        kit.await(closed);
    }

    @Test
    void closingTheLoopClosesTheSocketAndRemovesItsFile() throws Exception {
        Path path = dir.resolve("loopclose.sock");
        Server server = kit.await(kit.loop.createUnixServer(this::record, path));
        ServerSocketChannel s = server.sockets().get(0);
        kit.close();
        assertFalse(s.isOpen());
        assertFalse(Files.exists(path));
    }
}
