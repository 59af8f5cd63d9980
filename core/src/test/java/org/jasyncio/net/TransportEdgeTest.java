package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.BaseTransport;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.ContextVar;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Corners of the transport contract: hand-over of a just-watched socket, contexts, order. */
class TransportEdgeTest {
    private final StreamKit kit = new StreamKit();
    private final List<StreamKit.Recorder> served = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    private Server server() throws Exception {
        return kit.await(kit.loop.createServer(() -> {
            StreamKit.Recorder r = kit.new Recorder();
            served.add(r);
            return r;
        }, "127.0.0.1", 0));
    }

    @Test
    void aSocketJustReleasedByAddReaderCanBeHandedOverAtOnce() throws Exception {
        Server server = server();
        SocketChannel sock = SocketChannel.open(new InetSocketAddress("127.0.0.1", StreamKit.port(server)));
        sock.configureBlocking(false);
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.run(() -> {
            kit.loop.addReader(sock, () -> { });
            kit.loop.removeReader(sock); // the key is cancelled but stays in the selector until the next poll
            return kit.loop.createConnection(kit.new Recorder()::self, null, 0, ConnectOptions.defaults().sock(sock));
        });
        Connection<Transport, StreamKit.Recorder> c = kit.await(f);
        c.transport().write("after hand-over".getBytes());
        kit.pause(0.02);
        assertArrayEquals("after hand-over".getBytes(), kit.await(served.get(0).bytes(15)));
        served.get(0).transport.write("and back".getBytes());
        assertArrayEquals("and back".getBytes(), kit.await(c.protocol().bytes(8)));
    }

    @Test
    void connectionMadeRunsInTheCallersContext() throws Exception {
        ContextVar<String> who = new ContextVar<>("who", "nobody");
        Server server = server();
        List<String> seen = new ArrayList<>();
        kit.run(() -> {
            who.set("the caller");
            return org.jasyncio.Asyncio.await(kit.loop.createConnection(() -> new Protocol() {
                @Override
                public void connectionMade(BaseTransport t) {
                    seen.add(who.get());
                }
            }, "127.0.0.1", StreamKit.port(server)));
        });
        assertEquals(List.of("the caller"), seen);
    }

    @Test
    void anExceptionInConnectionLostIsReportedOnce() throws Exception {
        Server server = server();
        RuntimeException boom = new RuntimeException("lost badly");
        int[] calls = {0};
        Connection<Transport, Protocol> c = kit.await(kit.loop.createConnection(() -> new Protocol() {
            @Override
            public void connectionLost(Throwable exc) {
                calls[0]++;
                throw boom;
            }
        }, "127.0.0.1", StreamKit.port(server)));
        c.transport().close();
        kit.pause(0.05);
        assertEquals(1, calls[0]);
        assertEquals(1, kit.errors.size());
        assertSame(boom, kit.errors.get(0).get("exception"));
        assertFalse(((SocketChannel) c.transport().getExtraInfo("socket")).isOpen(), "the socket is closed anyway");
    }

    @Test
    void anExceptionInEofReceivedIsFatal() throws Exception {
        IllegalStateException boom = new IllegalStateException("eof broke");
        List<Throwable> lost = new ArrayList<>();
        Server server = kit.await(kit.loop.createServer(() -> new Protocol() {
            @Override
            public boolean eofReceived() {
                throw boom;
            }

            @Override
            public void connectionLost(Throwable exc) {
                lost.add(exc);
            }
        }, "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server)));
        c.transport().writeEof();
        kit.await(c.protocol().lost);
        assertEquals(List.of(boom), lost);
        assertEquals("Fatal error: protocol.eof_received() call failed.", kit.errors.get(0).get("message"));
    }

    @Test
    void anExceptionInConnectionMadeIsReportedAndTheTransportLives() throws Exception {
        Server server = kit.await(kit.loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                throw new IllegalStateException("made badly");
            }
        }, "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server)));
        kit.pause(0.02);
        assertEquals(1, kit.errors.size());
        assertTrue(String.valueOf(kit.errors.get(0).get("message")).startsWith("Exception in callback"));
        assertFalse(c.transport().isClosing());
    }

    @Test
    void dataArrivesOnlyAfterConnectionMade() throws Exception {
        List<String> order = new ArrayList<>();
        Server server = kit.await(kit.loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                order.add("made");
                ((Transport) t).write("greeting".getBytes());
            }
        }, "127.0.0.1", 0));
        Connection<Transport, Protocol> c = kit.await(kit.loop.createConnection(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                order.add("client made");
            }

            @Override
            public void dataReceived(byte[] data) {
                order.add("client data");
            }
        }, "127.0.0.1", StreamKit.port(server)));
        kit.pause(0.05);
        assertEquals("client made", order.stream().filter(s -> s.startsWith("client")).findFirst().orElseThrow());
        assertTrue(order.contains("client data"));
        c.transport().close();
    }

    @Test
    void toStringSaysWhatTheTransportIsDoing() throws Exception {
        Server server = server();
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server)));
        String text = c.transport().toString();
        assertTrue(text.contains("read=polling") && text.contains("bufsize=0"), text);
        c.transport().close();
        assertTrue(c.transport().toString().contains("closing"), c.transport().toString());
        assertTrue(server.toString().startsWith("<Server sockets="), server.toString());
    }
}
