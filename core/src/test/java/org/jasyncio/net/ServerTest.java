package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** asyncio.Server over TCP (asyncio's test_server and the create_server cases of test_events). */
class ServerTest {
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

    private Connection<Transport, StreamKit.Recorder> connect(InetSocketAddress a) throws Exception {
        return kit.await(kit.loop.createConnection(kit.new Recorder()::self, a.getAddress().getHostAddress(), a.getPort()));
    }

    private static InetSocketAddress address(Server s, int i) throws IOException {
        return (InetSocketAddress) s.sockets().get(i).getLocalAddress();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private void waitForServed(int n) throws Exception {
        kit.run(() -> {
            while (served.size() < n || !served.get(n - 1).made.done()) {
                org.jasyncio.Asyncio.await(org.jasyncio.Asyncio.sleep(0.002));
            }
            return null;
        });
    }

    @Test
    void noHostMeansEveryInterfaceOnBothFamilies() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, null, 0));
        Set<Class<?>> kinds = new HashSet<>();
        for (ServerSocketChannel s : server.sockets()) {
            InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
            assertTrue(a.getAddress().isAnyLocalAddress(), a.toString());
            kinds.add(a.getAddress().getClass());
        }
        assertTrue(kinds.contains(Inet4Address.class));
        assertEquals(StreamKit.ipv6Loopback(), kinds.contains(Inet6Address.class));
        for (ServerSocketChannel s : server.sockets()) {
            InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
            String host = a.getAddress() instanceof Inet6Address ? "::1" : "127.0.0.1";
            connect(new InetSocketAddress(host, a.getPort())).transport().close();
        }
        waitForServed(server.sockets().size());
    }

    @Test
    void noHostWithAFixedPortServesBothFamiliesOnIt() throws Exception {
        Assumptions.assumeTrue(StreamKit.ipv6Loopback());
        int port = freePort();
        Server server = kit.await(kit.loop.createServer(this::record, null, port));
        for (ServerSocketChannel s : server.sockets()) {
            assertEquals(port, ((InetSocketAddress) s.getLocalAddress()).getPort());
        }
        connect(new InetSocketAddress("127.0.0.1", port));
        connect(new InetSocketAddress("::1", port));
        waitForServed(2);
    }

    /** Connects with a plain blocking socket: true if the kernel took the connection, false if it was refused. */
    private static boolean connectable(int port) throws IOException {
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            return true;
        } catch (ConnectException refused) {
            return false;
        }
    }

    /** The port can be bound at once by a listener that does not share it (no SO_REUSEADDR). */
    private static void bindAgain(int port) throws IOException {
        try (ServerSocketChannel again = ServerSocketChannel.open()) {
            again.setOption(StandardSocketOptions.SO_REUSEADDR, false);
            again.bind(new InetSocketAddress("127.0.0.1", port));
        }
    }

    @Test
    void closeStopsListeningAtOnce() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        int port = StreamKit.port(server);
        assertTrue(connectable(port), "listening before close");
        server.close();
        assertFalse(connectable(port), "a connect right after close() is refused");
        bindAgain(port);
    }

    @Test
    void closeFromATaskStopsListeningBeforeTheTaskGoesOn() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        int port = StreamKit.port(server);
        boolean connected = kit.run(() -> {
            server.close();
            boolean c = connectable(port);
            bindAgain(port);
            return c;
        });
        assertFalse(connected, "a connect right after close() is refused");
    }

    @Test
    void reuseAddressIsOnByDefault() throws Exception {
        Server on = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        assertTrue(on.sockets().get(0).getOption(StandardSocketOptions.SO_REUSEADDR));
        Server off = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0, ServerOptions.defaults().reuseAddress(false)));
        assertFalse(off.sockets().get(0).getOption(StandardSocketOptions.SO_REUSEADDR));
    }

    @Test
    void reusePortLetsTwoServersShareAPort() throws Exception {
        ServerOptions o = ServerOptions.defaults().reusePort(true);
        Server a = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0, o));
        int port = address(a, 0).getPort();
        Server b = kit.await(kit.loop.createServer(this::record, "127.0.0.1", port, o));
        assertEquals(port, address(b, 0).getPort());
        assertTrue(b.sockets().get(0).getOption(StandardSocketOptions.SO_REUSEPORT));
    }

    @Test
    void aPortInUseIsReportedWithTheAddress() throws Exception {
        Server a = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        int port = address(a, 0).getPort();
        Future<Server> f = kit.loop.createServer(this::record, "127.0.0.1", port);
        BindException e = assertThrows(BindException.class, () -> kit.await(f));
        assertEquals("error while attempting to bind on address ('127.0.0.1', " + port + "): address already in use", e.getMessage());
    }

    @Test
    void anAddressNotOnThisMachineIsReported() throws Exception {
        Future<Server> f = kit.loop.createServer(this::record, "192.0.2.1", 0);
        IOException e = assertThrows(IOException.class, () -> kit.await(f));
        assertTrue(e.getMessage().startsWith("could not bind on any address out of [('192.0.2.1', 0)]"), e.getMessage());
    }

    @Test
    void startServingLaterThenServe() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0, ServerOptions.defaults().startServing(false)));
        assertFalse(server.isServing());
        assertSame(kit.loop, server.getLoop());
        kit.await(server.startServing());
        assertTrue(server.isServing());
        kit.await(server.startServing());
        Connection<Transport, StreamKit.Recorder> c = connect(address(server, 0));
        c.transport().write("hi".getBytes());
        waitForServed(1);
        assertArrayEquals("hi".getBytes(), kit.await(served.get(0).bytes(2)));
    }

    @Test
    void aServerNotServingAcceptsNothing() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0, ServerOptions.defaults().startServing(false)));
        try (var raw = java.nio.channels.SocketChannel.open(server.sockets().get(0).getLocalAddress())) {
            kit.pause(0.1);
            assertEquals(0, served.size());
            kit.await(server.startServing());
            waitForServed(1);
        }
    }

    @Test
    void serveForeverEndsByCancellationWhichClosesTheServer() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0, ServerOptions.defaults().startServing(false)));
        Future<Void> forever = server.serveForever();
        assertTrue(server.isServing());
        IllegalStateException twice = assertThrows(IllegalStateException.class, server::serveForever);
        assertTrue(twice.getMessage().endsWith("is already being awaited on serve_forever()"), twice.getMessage());
        kit.loop.callLater(0.05, forever::cancel);
        assertThrows(org.jasyncio.CancelledError.class, () -> kit.loop.runUntilComplete(forever));
        kit.pause(0.01);
        assertFalse(server.isServing());
        assertEquals(List.of(), server.sockets());
        IllegalStateException closed = assertThrows(IllegalStateException.class, server::serveForever);
        assertTrue(closed.getMessage().endsWith("is closed"), closed.getMessage());
        assertThrows(IllegalStateException.class, server::startServing);
    }

    @Test
    void closingTheServerCancelsServeForever() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        Future<Void> forever = server.serveForever();
        server.close();
        assertThrows(org.jasyncio.CancelledError.class, () -> kit.await(forever));
        assertTrue(forever.cancelled());
    }

    /** asyncio's serve_forever, cancelled, closes the server and finishes only once wait_closed() has. */
    @Test
    void cancelledServeForeverEndsOnlyOnceTheServerHasClosed() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        Future<Void> forever = server.serveForever();
        Connection<Transport, StreamKit.Recorder> c = connect(address(server, 0));
        waitForServed(1);
        assertTrue(forever.cancel("stop"));
        kit.pause(0.05);
        assertFalse(server.isServing());
        assertFalse(forever.done(), "a served connection is still open: wait_closed() has not finished");
        c.transport().close();
        org.jasyncio.CancelledError e = assertThrows(org.jasyncio.CancelledError.class, () -> kit.await(forever));
        assertEquals("stop", e.getMessage());
        assertTrue(forever.cancelled());
        assertTrue(kit.await(server.waitClosed()) == null);
    }

    @Test
    void closeStopsAcceptingButKeepsConnections() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        InetSocketAddress a = address(server, 0);
        Connection<Transport, StreamKit.Recorder> c = connect(a);
        waitForServed(1);
        server.close();
        server.close();
        assertFalse(server.isServing());
        assertEquals(List.of(), server.sockets());
        assertThrows(ConnectException.class, () -> connect(a));
        c.transport().write("still here".getBytes());
        assertArrayEquals("still here".getBytes(), kit.await(served.get(0).bytes(10)));
    }

    @Test
    void waitClosedWaitsForEveryConnection() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> c1 = connect(address(server, 0));
        Connection<Transport, StreamKit.Recorder> c2 = connect(address(server, 0));
        waitForServed(2);
        Future<Void> early = server.waitClosed();
        server.close();
        Future<Void> closed = server.waitClosed();
        kit.pause(0.05);
        assertFalse(closed.done(), "two connections are still open");
        c1.transport().close();
        kit.await(served.get(0).lost);
        kit.pause(0.01);
        assertFalse(closed.done(), "one connection is still open");
        c2.transport().close();
        kit.await(closed);
        assertTrue(early.done());
        assertTrue(server.waitClosed().done(), "once closed, waitClosed is done at once");
    }

    @Test
    void waitClosedOfAnIdleServerCompletesOnClose() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        Future<Void> w = server.waitClosed();
        kit.pause(0.02);
        assertFalse(w.done());
        server.close();
        kit.await(w);
    }

    @Test
    void closeClientsClosesEveryAcceptedConnection() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        List<Connection<Transport, StreamKit.Recorder>> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(connect(address(server, 0)));
        }
        waitForServed(3);
        server.close();
        server.closeClients();
        for (Connection<Transport, StreamKit.Recorder> c : clients) {
            kit.await(c.protocol().eof);
        }
        for (StreamKit.Recorder r : served) {
            assertEquals(null, kit.await(r.lost));
        }
        kit.await(server.waitClosed());
    }

    @Test
    void abortClientsDropsBufferedData() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> c = connect(address(server, 0));
        waitForServed(1);
        c.transport().pauseReading();
        Transport s = served.get(0).transport;
        StreamKit.smallKernelBuffers(s, c.transport());
        s.setWriteBufferLimits(Integer.MAX_VALUE);
        s.write(new byte[16 * 1024 * 1024]);
        assertTrue(s.getWriteBufferSize() > 0);
        server.abortClients();
        assertEquals(0, s.getWriteBufferSize());
        kit.await(served.get(0).lost);
        server.close();
        kit.await(server.waitClosed());
    }

    @Test
    void manyConnectionsAreAcceptedInBatches() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0, ServerOptions.defaults().backlog(512)));
        int n = 300;
        List<Future<?>> fs = new ArrayList<>();
        InetSocketAddress a = address(server, 0);
        for (int i = 0; i < n; i++) {
            fs.add(kit.loop.createConnection(kit.new Recorder()::self, "127.0.0.1", a.getPort()));
        }
        kit.await(org.jasyncio.Asyncio.gather(fs.toArray(new Future<?>[0])));
        waitForServed(n);
        assertEquals(n, served.size());
    }

    private void failingFactory(boolean debug) throws Exception {
        kit.loop.setDebug(debug);
        boolean[] fail = {true};
        Server server = kit.await(kit.loop.createServer(() -> {
            if (fail[0]) {
                fail[0] = false;
                throw new IllegalStateException("no protocol today");
            }
            return record();
        }, "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> first = connect(address(server, 0));
        kit.await(first.protocol().lost);
        connect(address(server, 0));
        waitForServed(1);
    }

    @Test
    void aFailingFactoryClosesTheConnectionQuietlyAndTheServerGoesOn() throws Exception {
        failingFactory(false);
        assertEquals(List.of(), kit.errors, "as asyncio, only debug mode reports it");
    }

    @Test
    void inDebugModeAFailingFactoryIsReported() throws Exception {
        failingFactory(true);
        assertEquals(1, kit.errors.size());
        assertEquals("Error on transport creation for incoming connection", kit.errors.get(0).get("message"));
        assertInstanceOf(IllegalStateException.class, kit.errors.get(0).get("exception"));
    }

    @Test
    void aBoundListeningSocketCanBeHandedOver() throws Exception {
        ServerSocketChannel sock = ServerSocketChannel.open();
        sock.bind(new InetSocketAddress("127.0.0.1", 0));
        Server server = kit.await(kit.loop.createServer(this::record, null, 0, ServerOptions.defaults().sock(sock)));
        assertEquals(List.of(sock), server.sockets());
        connect(address(server, 0));
        waitForServed(1);
        server.close();
        assertFalse(sock.isOpen());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createServer(this::record,
                "127.0.0.1", 0, ServerOptions.defaults().sock(ServerSocketChannel.open())));
        assertEquals("host/port and sock can not be specified at the same time", e.getMessage());
    }

    @Test
    void aHostNameIsResolved() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "localhost", 0));
        assertTrue(address(server, 0).getAddress().isLoopbackAddress());
        assertThrows(UnsupportedOperationException.class, () -> server.sockets().clear());
    }

    @Test
    void closingTheLoopReleasesListeningSockets() throws Exception {
        Server server = kit.await(kit.loop.createServer(this::record, "127.0.0.1", 0));
        ServerSocketChannel s = server.sockets().get(0);
        kit.close();
        assertFalse(s.isOpen());
    }


    @Test
    void anEmptyHostMeansEveryInterfaceAndReusePortIsOffByDefault() throws Exception {
        // test_create_server_empty_host and test_create_server_reuse_port.
        Server server = kit.await(kit.loop.createServer(this::record, "", 0));
        assertFalse(server.sockets().isEmpty());
        for (ServerSocketChannel ch : server.sockets()) {
            assertTrue(((InetSocketAddress) ch.getLocalAddress()).getAddress().isAnyLocalAddress());
            assertFalse(ch.getOption(StandardSocketOptions.SO_REUSEPORT));
        }
        server.close();
    }
}
