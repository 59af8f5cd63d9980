package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.jasyncio.BaseTransport;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** create_connection / create_unix_connection / connect_accepted_socket (asyncio's test_base_events, test_events). */
class CreateConnectionTest {
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();
    private final List<StreamKit.Recorder> served = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    private Server server(String host) throws Exception {
        return kit.await(kit.loop.createServer(() -> {
            StreamKit.Recorder r = kit.new Recorder();
            served.add(r);
            return r;
        }, host, 0));
    }

    /** A port nobody listens on (bound then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    @Test
    void connectsAndCompletesAfterConnectionMade() throws Exception {
        Server server = server("127.0.0.1");
        StreamKit.Recorder client = kit.new Recorder();
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(client::self, "127.0.0.1", StreamKit.port(server));
        Connection<Transport, StreamKit.Recorder> c = kit.await(f);
        assertTrue(client.made.done(), "connectionMade runs before the call completes");
        assertEquals(client, c.protocol());
        assertEquals(client.transport, c.transport());
        assertEquals(new InetSocketAddress("127.0.0.1", StreamKit.port(server)), c.transport().getExtraInfo("peername"));
    }

    @Test
    void aRefusedConnectionFailsWithConnectException() throws Exception {
        int port = closedPort();
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self, "127.0.0.1", port);
        ConnectException e = assertThrows(ConnectException.class, () -> kit.await(f));
        assertEquals("Connect call failed ('127.0.0.1', " + port + "): Connection refused", e.getMessage());
    }

    @Test
    void everyFailedAddressIsNamed() throws Exception {
        Assumptions.assumeTrue(StreamKit.ipv6Loopback());
        int port = closedPort();
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self, null, port);
        ConnectException e = assertThrows(ConnectException.class, () -> kit.await(f));
        assertTrue(e.getMessage().startsWith("Multiple exceptions: "), e.getMessage());
        assertTrue(e.getMessage().contains("('::1', " + port + ", 0, 0)"), e.getMessage());
        assertTrue(e.getMessage().contains("('127.0.0.1', " + port + ")"), e.getMessage());
        assertEquals(2, e.getSuppressed().length);
    }

    @Test
    void withNoHostTheNextLoopbackAddressIsTried() throws Exception {
        Server server = server("127.0.0.1");
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self, null,
                StreamKit.port(server)));
        assertEquals(InetAddress.getByName("127.0.0.1"), ((InetSocketAddress) c.transport().getExtraInfo("peername")).getAddress());
    }

    @Test
    void aNumericHostNeedsNoExecutorButANameDoes() throws Exception {
        AtomicInteger submitted = new AtomicInteger();
        ExecutorService real = Executors.newSingleThreadExecutor();
        try {
            kit.loop.setDefaultExecutor(new java.util.concurrent.AbstractExecutorService() {
                @Override
                public void execute(Runnable r) {
                    submitted.incrementAndGet();
                    real.execute(r);
                }

                @Override
                public void shutdown() {
                    real.shutdown();
                }

                @Override
                public List<Runnable> shutdownNow() {
                    return real.shutdownNow();
                }

                @Override
                public boolean isShutdown() {
                    return real.isShutdown();
                }

                @Override
                public boolean isTerminated() {
                    return real.isTerminated();
                }

                @Override
                public boolean awaitTermination(long t, java.util.concurrent.TimeUnit u) throws InterruptedException {
                    return real.awaitTermination(t, u);
                }
            });
            Server server = server("127.0.0.1");
            assertEquals(0, submitted.get(), "a numeric server host is not resolved in the executor");
            kit.await(kit.loop.createConnection(kit.new Recorder()::self, "127.0.0.1", StreamKit.port(server)));
            assertEquals(0, submitted.get(), "a numeric host is not resolved in the executor");
            kit.await(kit.loop.createConnection(kit.new Recorder()::self, "localhost", StreamKit.port(server)));
            assertEquals(1, submitted.get(), "a name is resolved in the executor");
        } finally {
            real.shutdownNow();
        }
    }

    @Test
    void anUnknownHostFailsTheFuture() throws Exception {
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self,
                "no-such-host.invalid", 80);
        assertInstanceOf(IOException.class, assertThrows(Exception.class, () -> kit.await(f)));
    }

    @Test
    void aFamilyFilterThatLeavesNothingFails() throws Exception {
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", 80, ConnectOptions.defaults().family(StandardProtocolFamily.INET6));
        // As asyncio: getaddrinfo itself refuses a literal of the other family (socket.gaierror).
        IOException e = assertThrows(java.net.UnknownHostException.class, () -> kit.await(f));
        assertEquals("127.0.0.1: Address family for hostname not supported", e.getMessage());
    }

    @Test
    void localAddrIsBoundBeforeConnecting() throws Exception {
        Server server = server("127.0.0.1");
        int local = closedPort();
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server), ConnectOptions.defaults().localAddr(new InetSocketAddress("127.0.0.1", local))));
        assertEquals(new InetSocketAddress("127.0.0.1", local), c.transport().getExtraInfo("sockname"));
    }

    @Test
    void aLocalAddrOfTheWrongFamilyIsReported() throws Exception {
        Server server = server("127.0.0.1");
        Assumptions.assumeTrue(StreamKit.ipv6Loopback());
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server),
                ConnectOptions.defaults().localAddr(new InetSocketAddress(InetAddress.getByName("::1"), 0)));
        IOException e = assertThrows(IOException.class, () -> kit.await(f));
        assertTrue(e.getMessage().contains("no matching local address"), e.getMessage());
    }

    @Test
    void aLocalAddrInUseIsReported() throws Exception {
        Server server = server("127.0.0.1");
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server), ConnectOptions.defaults().localAddr(
                        (InetSocketAddress) server.sockets().get(0).getLocalAddress()));
        IOException e = assertThrows(IOException.class, () -> kit.await(f));
        assertTrue(e.getMessage().startsWith("error while attempting to bind on address ('127.0.0.1', "), e.getMessage());
    }

    @Test
    void aConnectedSocketCanBeHandedOver() throws Exception {
        Server server = server("127.0.0.1");
        SocketChannel sock = SocketChannel.open(new InetSocketAddress("127.0.0.1", StreamKit.port(server)));
        assertTrue(sock.isBlocking());
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self, null, 0,
                ConnectOptions.defaults().sock(sock)));
        assertFalse(sock.isBlocking());
        assertEquals(sock, c.transport().getExtraInfo("socket"));
        c.transport().write("via sock".getBytes());
        kit.pause(0.01);
        assertArrayEquals("via sock".getBytes(), kit.await(served.get(0).bytes(8)));
    }

    @Test
    void argumentErrorsThrowAtOnce() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kit.loop.createConnection(kit.new Recorder()::self, null, 0));
        assertEquals("host and port was not specified and no sock specified", e.getMessage());
        SocketChannel sock = SocketChannel.open();
        try {
            e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createConnection(kit.new Recorder()::self,
                    "127.0.0.1", 80, ConnectOptions.defaults().sock(sock)));
            assertEquals("host/port and sock can not be specified at the same time", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> kit.loop.createConnection(kit.new Recorder()::self, null, 0,
                    ConnectOptions.defaults().sock(sock)), "an unconnected sock is refused");
        } finally {
            sock.close();
        }
        e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", 80, ConnectOptions.defaults().serverHostname("x")));
        assertEquals("server_hostname is only meaningful with ssl", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> kit.loop.createConnection(kit.new Recorder()::self, "127.0.0.1", 70000));
        assertThrows(IllegalArgumentException.class, () -> kit.loop.createConnection(null, "127.0.0.1", 80));
    }

    @Test
    void sslNeedsAServerHostnameWhenThereIsNoHost() throws Exception {
        SSLContext ctx = SSLContext.getDefault();
        Server server = server("127.0.0.1");
        try (SocketChannel sock = SocketChannel.open(server.sockets().get(0).getLocalAddress())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createConnection(
                    kit.new Recorder()::self, null, 0, ConnectOptions.defaults().ssl(ctx).sock(sock)));
            assertEquals("You must set server_hostname when using ssl without a host", e.getMessage());
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createUnixConnection(
                kit.new Recorder()::self, dir.resolve("x"), ConnectOptions.defaults().ssl(ctx)));
        assertEquals("you have to pass server_hostname when using ssl", e.getMessage());
    }

    @Test
    void aFailingProtocolFactoryFailsTheCallAndClosesTheSocket() throws Exception {
        Server server = server("127.0.0.1");
        IllegalStateException boom = new IllegalStateException("factory broke");
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(() -> {
            throw boom;
        }, "127.0.0.1", StreamKit.port(server));
        assertEquals(boom, assertThrows(IllegalStateException.class, () -> kit.await(f)));
        kit.pause(0.05);
        assertEquals(1, served.size());
        kit.await(served.get(0).lost);
    }

    @Test
    void cancellingTheCallClosesWhatItOpened() throws Exception {
        Server server = server("127.0.0.1");
        StreamKit.Recorder client = kit.new Recorder();
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(client::self, "127.0.0.1", StreamKit.port(server));
        f.cancel();
        kit.pause(0.05);
        assertTrue(f.cancelled());
        if (!served.isEmpty()) {
            kit.await(served.get(0).lost);
        }
        assertFalse(client.made.done() && !client.lost.done(), "a made connection is closed again");
    }

    @Test
    void happyEyeballsStillConnects() throws Exception {
        Server server = server("127.0.0.1");
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "localhost", StreamKit.port(server), ConnectOptions.defaults().happyEyeballsDelay(0.25)));
        assertNotNull(c.transport().getExtraInfo("peername"));
    }

    @Test
    void ipv6Connections() throws Exception {
        Assumptions.assumeTrue(StreamKit.ipv6Loopback());
        Server server = server("::1");
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "::1", StreamKit.port(server)));
        c.transport().write("six".getBytes());
        kit.pause(0.01);
        assertArrayEquals("six".getBytes(), kit.await(served.get(0).bytes(3)));
    }

    @Test
    void unixConnectionToAMissingPathFails() throws Exception {
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createUnixConnection(kit.new Recorder()::self,
                dir.resolve("nobody.sock"));
        assertInstanceOf(IOException.class, assertThrows(Exception.class, () -> kit.await(f)));
    }

    @Test
    void unixConnectionArguments() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kit.loop.createUnixConnection(kit.new Recorder()::self, null));
        assertEquals("no path and sock were specified", e.getMessage());
        try (SocketChannel sock = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createUnixConnection(kit.new Recorder()::self,
                    dir.resolve("a"), ConnectOptions.defaults().sock(sock)));
            assertEquals("path and sock can not be specified at the same time", e.getMessage());
        }
        Server tcp = server("127.0.0.1");
        try (SocketChannel inet = SocketChannel.open(tcp.sockets().get(0).getLocalAddress())) {
            e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createUnixConnection(kit.new Recorder()::self,
                    null, ConnectOptions.defaults().sock(inet)));
            assertTrue(e.getMessage().startsWith("A UNIX Domain Stream Socket was expected"), e.getMessage());
        }
    }

    @Test
    void connectAcceptedSocketWrapsAnAcceptedChannel() throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel client = SocketChannel.open(listener.getLocalAddress());
            SocketChannel accepted = listener.accept();
            Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.connectAcceptedSocket(kit.new Recorder()::self, accepted));
            client.write(java.nio.ByteBuffer.wrap("hello".getBytes()));
            assertArrayEquals("hello".getBytes(), kit.await(c.protocol().bytes(5)));
            client.close();
            kit.await(c.protocol().eof);
            kit.await(c.protocol().lost);
            assertFalse(accepted.isOpen());
            assertThrows(IllegalArgumentException.class, () -> kit.loop.connectAcceptedSocket(kit.new Recorder()::self, null));
        }
    }

    @Test
    void aChannelWatchedByAddReaderIsRefused() throws Exception {
        Server server = server("127.0.0.1");
        SocketChannel sock = SocketChannel.open(server.sockets().get(0).getLocalAddress());
        sock.configureBlocking(false);
        kit.loop.addReader(sock, () -> { });
        assertThrows(IllegalStateException.class, () -> kit.loop.createConnection(kit.new Recorder()::self, null, 0,
                ConnectOptions.defaults().sock(sock)));
        kit.loop.removeReader(sock);
        sock.close();
    }


    @Test
    void sslWithAnEmptyHostNeedsAServerHostnameToo() throws Exception {
        // test_create_connection_ssl_server_hostname_errors: asyncio's "if not host" counts "" as no host.
        SSLContext ctx = SSLContext.getDefault();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> kit.loop.createConnection(
                kit.new Recorder()::self, "", 80, ConnectOptions.defaults().ssl(ctx)));
        assertEquals("You must set server_hostname when using ssl without a host", e.getMessage());
    }

    @Test
    void bothEndsOfATcpConnectionHaveNoDelaySet() throws Exception {
        // test_set_nodelay: asyncio sets TCP_NODELAY on every TCP socket transport, client and server side.
        List<BaseTransport> accepted = new ArrayList<>();
        Server server = kit.await(kit.loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                accepted.add(t);
            }
        }, "127.0.0.1", 0));
        InetSocketAddress a = (InetSocketAddress) server.sockets().get(0).getLocalAddress();
        Connection<Transport, Protocol> c = kit.await(kit.loop.createConnection(() -> new Protocol() { },
                "127.0.0.1", a.getPort()));
        kit.pause(0.05);
        assertTrue(((SocketChannel) c.transport().getExtraInfo("socket")).getOption(StandardSocketOptions.TCP_NODELAY));
        assertEquals(1, accepted.size());
        assertTrue(((SocketChannel) accepted.get(0).getExtraInfo("socket")).getOption(StandardSocketOptions.TCP_NODELAY));
        c.transport().close();
        server.close();
    }
}
