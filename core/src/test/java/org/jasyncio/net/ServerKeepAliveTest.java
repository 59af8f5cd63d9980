package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Streams;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code create_server(..., keep_alive=True)} and {@code start_server(..., keep_alive=True)} (3.13): the server's
 * connections have SO_KEEPALIVE on (read back from the accepted sockets, since Java cannot read it on a listener).
 */
class ServerKeepAliveTest {
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();
    private final List<StreamKit.Recorder> served = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    private boolean keepAliveOfAcceptedConnection(ServerOptions options) throws Exception {
        Server server = kit.await(kit.loop.createServer(() -> {
            StreamKit.Recorder r = kit.new Recorder();
            served.add(r);
            return r;
        }, "127.0.0.1", 0, options));
        kit.await(kit.loop.createConnection(kit.new Recorder()::self, "127.0.0.1", StreamKit.port(server)));
        kit.pause(0.01);
        kit.await(served.getLast().made);
        SocketChannel accepted = (SocketChannel) served.getLast().transport.getExtraInfo("socket");
        boolean on = accepted.getOption(StandardSocketOptions.SO_KEEPALIVE);
        server.close();
        return on;
    }

    @Test
    void keepAliveIsOffByDefault() throws Exception {
        assertFalse(ServerOptions.defaults().keepAlive());
        assertFalse(keepAliveOfAcceptedConnection(ServerOptions.defaults()));
    }

    @Test
    void keepAliveTrueTurnsItOnForEveryAcceptedConnection() throws Exception {
        assertTrue(keepAliveOfAcceptedConnection(ServerOptions.defaults().keepAlive(true)));
        assertTrue(keepAliveOfAcceptedConnection(ServerOptions.defaults().keepAlive(true).backlog(5)),
                "the other withers keep it");
    }

    @Test
    void startServerTakesItThroughItsOptions() throws Exception {
        List<Boolean> seen = new ArrayList<>();
        byte[] got = kit.run(() -> {
            Server server = Asyncio.await(Asyncio.startServer((r, w) -> {
                SocketChannel ch = (SocketChannel) w.getExtraInfo("socket");
                seen.add(ch.getOption(StandardSocketOptions.SO_KEEPALIVE));
                w.write("ok".getBytes());
                w.close();
            }, "127.0.0.1", 0, ServerOptions.defaults().keepAlive(true)));
            int port = StreamKit.port(server);
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            byte[] data = Asyncio.await(s.reader().read());
            s.writer().close();
            server.close();
            Asyncio.await(server.waitClosed());
            return data;
        });
        assertArrayEquals("ok".getBytes(), got);
        assertEquals(List.of(true), seen);
    }

    @Test
    void aUnixServerIgnoresIt() throws Exception {
        Path path = dir.resolve("ka.sock");
        Server server = kit.await(kit.loop.createUnixServer(() -> {
            StreamKit.Recorder r = kit.new Recorder();
            served.add(r);
            return r;
        }, path, ServerOptions.defaults().keepAlive(true)));
        kit.await(kit.loop.createUnixConnection(kit.new Recorder()::self, path));
        kit.pause(0.01);
        kit.await(served.getLast().made);
        assertTrue(served.getLast().transport.getExtraInfo("socket") instanceof SocketChannel);
        server.close();
    }
}
