package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Volume: tens of megabytes each way, and many connections at once. */
class TlsLoadTest extends TlsFixture {
    @TempDir
    Path dir;

    @Test
    void tensOfMegabytesEachWayArriveIntact() throws Exception {
        byte[] payload = randomBytes(24 * 1024 * 1024, 24);
        Server server = tlsServer(Echo::new);
        Connection<Transport, Recorder> c = connect(server, () -> new Recorder().expecting(payload.length));
        // Odd-sized writes so records and reads never line up with the data.
        for (int off = 0; off < payload.length; off += 100_003) {
            c.transport().write(ByteBuffer.wrap(payload, off, Math.min(100_003, payload.length - off)));
        }
        assertArrayEquals(payload, await(c.protocol().done));
        c.transport().close();
        assertNull(await(c.protocol().lost));
        server.close();
    }

    @Test
    void megabytesOverAUnixSocketArriveIntact() throws Exception {
        Path path = dir.resolve("tls.sock");
        Server server = await(loop.createUnixServer(Echo::new, path, ServerOptions.defaults().ssl(certs.serverContext())));
        byte[] payload = randomBytes(6 * 1024 * 1024 + 3, 6);
        Connection<Transport, Recorder> c = await(loop.createUnixConnection(() -> new Recorder().expecting(payload.length),
                path, ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost")));
        c.transport().write(payload);
        assertArrayEquals(payload, await(c.protocol().done));
        c.transport().close();
        assertNull(await(c.protocol().lost));
        List<String> reading = c.protocol().events.stream().filter(e -> !e.equals("pause") && !e.equals("resume"))
                .distinct().toList();
        assertEquals(List.of("made", "data", "eof", "lost"), reading);
        assertEquals(1, c.protocol().count("eof"));
        server.close();
    }

    @Test
    void twoHundredConcurrentConnectionsEachGetTheirOwnBytesBack() throws Exception {
        int n = 200;
        Server server = await(loop.createServer(Echo::new, "127.0.0.1", 0,
                ServerOptions.defaults().ssl(certs.serverContext()).backlog(n)));
        List<Future<Connection<Transport, Recorder>>> pending = new ArrayList<>();
        ConnectOptions tls = ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost");
        for (int i = 0; i < n; i++) {
            pending.add(loop.createConnection(() -> new Recorder().expecting(4096), "127.0.0.1", portOf(server), tls));
        }
        loop.runUntilComplete(Asyncio.waitFor(Asyncio.gather(pending.toArray(Future[]::new)), 60));
        List<Connection<Transport, Recorder>> conns = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Connection<Transport, Recorder> c = pending.get(i).result();
            c.transport().write(randomBytes(4096, i));
            conns.add(c);
        }
        for (int i = 0; i < n; i++) {
            assertArrayEquals(randomBytes(4096, i), await(conns.get(i).protocol().done), "connection " + i);
        }
        for (Connection<Transport, Recorder> c : conns) {
            c.transport().close();
        }
        for (Connection<Transport, Recorder> c : conns) {
            assertNull(await(c.protocol().lost));
        }
        server.close();
    }
}
