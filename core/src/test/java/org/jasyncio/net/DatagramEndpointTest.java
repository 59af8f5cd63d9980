package org.jasyncio.net;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.net.NetTesting.V4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.DatagramOptions;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** create_datagram_endpoint and the datagram transport (CPython's test_events / test_selector_events datagram parts). */
@Timeout(30)
class DatagramEndpointTest {
    private final EventLoop loop = Asyncio.newEventLoop();
    private final List<java.nio.channels.Channel> toClose = new ArrayList<>();

    @AfterEach
    void tearDown() throws IOException {
        for (java.nio.channels.Channel c : toClose) {
            c.close();
        }
        loop.close();
    }

    /** Records every callback in order; datagrams as "data:<text>" and keeps the arrays and senders. */
    static class Recorder implements DatagramProtocol {
        final List<String> events = new ArrayList<>();
        final List<byte[]> datagrams = new ArrayList<>();
        final List<SocketAddress> senders = new ArrayList<>();
        final List<Exception> errors = new ArrayList<>();
        DatagramTransport transport;
        Future<Void> lost;
        Future<Void> received;

        Recorder(EventLoop loop) {
            lost = loop.createFuture();
            received = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (DatagramTransport) t;
            events.add("made");
        }

        @Override
        public void datagramReceived(byte[] data, SocketAddress address) {
            events.add("data:" + new String(data));
            datagrams.add(data);
            senders.add(address);
            if (!received.done()) {
                received.setResult(null);
            }
        }

        @Override
        public void errorReceived(Exception exc) {
            events.add("error:" + exc.getClass().getSimpleName());
            errors.add(exc);
            if (!received.done()) {
                received.setResult(null);
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost:" + exc);
            lost.setResult(null);
        }

        void expectMore(EventLoop loop) {
            received = loop.createFuture();
        }
    }

    private Connection<DatagramTransport, Recorder> endpoint(InetSocketAddress local, InetSocketAddress remote,
            DatagramOptions o) throws Exception {
        return NetTesting.run(loop, loop.createDatagramEndpoint(() -> new Recorder(loop), local, remote, o), 10);
    }

    private Connection<DatagramTransport, Recorder> endpoint(InetSocketAddress local, InetSocketAddress remote)
            throws Exception {
        return endpoint(local, remote, DatagramOptions.defaults());
    }

    private static InetSocketAddress any(InetAddress host) {
        return new InetSocketAddress(host, 0);
    }

    private static InetSocketAddress sockname(Connection<DatagramTransport, ?> c) {
        return (InetSocketAddress) c.transport().getExtraInfo("sockname");
    }

    private void echoBetween(InetAddress host) throws Exception {
        var server = endpoint(any(host), null);
        var client = endpoint(null, sockname(server));
        client.transport().sendto("ping".getBytes());
        NetTesting.run(loop, server.protocol().received, 5);
        assertEquals(List.of("made", "data:ping"), server.protocol().events);
        SocketAddress from = server.protocol().senders.get(0);
        assertEquals(client.transport().getExtraInfo("sockname"), from);
        server.transport().sendto("pong".getBytes(), from);
        NetTesting.run(loop, client.protocol().received, 5);
        assertEquals(List.of("made", "data:pong"), client.protocol().events);
        client.transport().close();
        server.transport().close();
        NetTesting.run(loop, client.protocol().lost, 5);
        NetTesting.run(loop, server.protocol().lost, 5);
        assertEquals("lost:null", server.protocol().events.getLast());
        assertEquals(3, client.protocol().events.size());
    }

    @Test
    void echoOverIPv4() throws Exception {
        echoBetween(V4);
    }

    @Test
    void echoOverIPv6() throws Exception {
        echoBetween(NetTesting.v6());
    }

    @Test
    void localAndRemoteTogether() throws Exception {
        var server = endpoint(any(V4), null);
        var client = endpoint(any(V4), sockname(server));
        assertEquals(sockname(server), client.transport().getExtraInfo("peername"));
        assertNull(server.transport().getExtraInfo("peername"));
        client.transport().sendto("x".getBytes(), sockname(server)); // the remote address itself is allowed
        NetTesting.run(loop, server.protocol().received, 5);
        assertEquals("data:x", server.protocol().events.get(1));
    }

    @Test
    void sendingElsewhereThanTheRemoteAddressIsRefused() throws Exception {
        var server = endpoint(any(V4), null);
        var client = endpoint(null, sockname(server));
        InetSocketAddress elsewhere = new InetSocketAddress(V4, sockname(server).getPort() == 9 ? 10 : 9);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.transport().sendto(new byte[1], elsewhere));
        assertEquals("Invalid address: must be None or " + sockname(server), e.getMessage());
    }

    @Test
    void anUnconnectedEndpointNeedsAnAddress() throws Exception {
        var server = endpoint(any(V4), null);
        assertThrows(IllegalArgumentException.class, () -> server.transport().sendto(new byte[1]));
        assertThrows(IllegalArgumentException.class, () -> server.transport().sendto(null, sockname(server)));
    }

    @Test
    void icmpPortUnreachableOnAConnectedEndpointGoesToErrorReceived() throws Exception {
        InetSocketAddress closed;
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.bind(any(V4));
            closed = (InetSocketAddress) probe.getLocalAddress();
        }
        var client = endpoint(null, closed);
        client.transport().sendto("anyone?".getBytes());
        NetTesting.run(loop, client.protocol().received, 5);
        assertInstanceOf(PortUnreachableException.class, client.protocol().errors.get(0));
        assertFalse(client.transport().isClosing(), "an ICMP error does not close the endpoint");
        client.transport().close();
        NetTesting.run(loop, client.protocol().lost, 5);
        assertEquals(List.of("made", "error:PortUnreachableException", "lost:null"), client.protocol().events);
    }

    @Test
    void aSendErrorGoesToErrorReceivedAndTheEndpointStaysOpen() throws Exception {
        var server = endpoint(any(V4), null);
        // Broadcasting without SO_BROADCAST: the kernel refuses the send (EACCES).
        server.transport().sendto(new byte[1], new InetSocketAddress(InetAddress.getByName("255.255.255.255"), 9));
        assertEquals(1, server.protocol().errors.size(), server.protocol().events.toString());
        assertInstanceOf(IOException.class, server.protocol().errors.get(0));
        assertFalse(server.transport().isClosing());
    }

    @Test
    void allowBroadcastSetsTheOptionAndDoesNotConnect() throws Exception {
        var server = endpoint(any(V4), null);
        var client = endpoint(null, sockname(server), DatagramOptions.defaults().allowBroadcast(true));
        DatagramChannel ch = (DatagramChannel) client.transport().getExtraInfo("socket");
        assertTrue(ch.getOption(StandardSocketOptions.SO_BROADCAST));
        assertFalse(ch.isConnected(), "asyncio does not connect a broadcast endpoint");
        assertNull(client.transport().getExtraInfo("peername"));
        client.transport().sendto("b".getBytes()); // still goes to the remote address
        NetTesting.run(loop, server.protocol().received, 5);
        assertEquals("data:b", server.protocol().events.get(1));
        var plain = endpoint(any(V4), null);
        assertFalse(((DatagramChannel) plain.transport().getExtraInfo("socket")).getOption(StandardSocketOptions.SO_BROADCAST));
    }

    @Test
    void reusePortLetsTwoEndpointsShareOnePort() throws Exception {
        DatagramOptions reuse = DatagramOptions.defaults().reusePort(true);
        var first = endpoint(any(V4), null, reuse);
        var second = endpoint(sockname(first), null, reuse);
        assertEquals(sockname(first), sockname(second));
        assertTrue(((DatagramChannel) second.transport().getExtraInfo("socket")).getOption(StandardSocketOptions.SO_REUSEPORT));
    }

    @Test
    void withoutReusePortTheSecondBindFails() throws Exception {
        var first = endpoint(any(V4), null);
        Future<?> f = loop.createDatagramEndpoint(() -> new Recorder(loop), sockname(first), null);
        assertThrows(BindException.class, () -> NetTesting.run(loop, f, 5));
    }

    @Test
    void aGivenSocketIsUsedAndMadeNonBlocking() throws Exception {
        DatagramChannel sock = DatagramChannel.open();
        toClose.add(sock);
        sock.bind(any(V4));
        assertTrue(sock.isBlocking());
        var c = endpoint(null, null, DatagramOptions.defaults().sock(sock));
        assertSame(sock, c.transport().getExtraInfo("socket"));
        assertFalse(sock.isBlocking());
        assertEquals(sock.getLocalAddress(), c.transport().getExtraInfo("sockname"));
        c.transport().close();
        NetTesting.run(loop, c.protocol().lost, 5);
        assertFalse(sock.isOpen(), "the transport closes its socket when the connection is lost");
    }

    @Test
    void aGivenSocketWithModifiersIsRefused() throws Exception {
        DatagramChannel sock = DatagramChannel.open();
        toClose.add(sock);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.createDatagramEndpoint(
                () -> new Recorder(loop), any(V4), null, DatagramOptions.defaults().sock(sock).reusePort(true)));
        assertTrue(e.getMessage().startsWith("socket modifier keyword arguments can not be used when sock is specified. ("),
                e.getMessage());
        assertTrue(e.getMessage().contains("local_addr=") && e.getMessage().contains("reuse_port="), e.getMessage());
    }

    @Test
    void noAddressNeedsAFamily() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.createDatagramEndpoint(() -> new Recorder(loop), null, null));
        assertEquals("unexpected address family", e.getMessage());
        var unbound = endpoint(null, null, DatagramOptions.defaults().family(StandardProtocolFamily.INET));
        var server = endpoint(any(V4), null);
        unbound.transport().sendto("u".getBytes(), sockname(server));
        NetTesting.run(loop, server.protocol().received, 5);
        assertEquals("data:u", server.protocol().events.get(1));
    }

    @Test
    void localAndRemoteOfDifferentFamiliesCannotBePaired() throws Exception {
        InetAddress v6 = NetTesting.v6();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.createDatagramEndpoint(
                () -> new Recorder(loop), any(V4), new InetSocketAddress(v6, 9)));
        assertEquals("can not get address information", e.getMessage());
    }

    @Test
    void aFamilyTheAddressDoesNotHaveFailsTheFuture() throws Exception {
        Future<?> f = loop.createDatagramEndpoint(() -> new Recorder(loop), any(V4), null,
                DatagramOptions.defaults().family(StandardProtocolFamily.INET6));
        assertThrows(UnknownHostException.class, () -> NetTesting.run(loop, f, 5));
    }

    @Test
    void unixDatagramsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> loop.createDatagramEndpoint(() -> new Recorder(loop), null, null,
                DatagramOptions.defaults().family(StandardProtocolFamily.UNIX)));
    }

    @Test
    void anUnresolvedRemoteAddressIsLookedUp() throws Exception {
        var server = endpoint(any(V4), null);
        var client = endpoint(null, InetSocketAddress.createUnresolved("127.0.0.1", sockname(server).getPort()));
        assertEquals(sockname(server), client.transport().getExtraInfo("peername"));
        var byName = endpoint(null, InetSocketAddress.createUnresolved("localhost", sockname(server).getPort()),
                DatagramOptions.defaults().family(StandardProtocolFamily.INET));
        byName.transport().sendto("n".getBytes());
        NetTesting.run(loop, server.protocol().received, 5);
        assertEquals("data:n", server.protocol().events.get(1));
    }

    @Test
    void extraInfo() throws Exception {
        var server = endpoint(any(V4), null);
        var client = endpoint(null, sockname(server));
        DatagramChannel ch = (DatagramChannel) client.transport().getExtraInfo("socket");
        assertEquals(ch.getLocalAddress(), client.transport().getExtraInfo("sockname"));
        assertEquals(ch.getRemoteAddress(), client.transport().getExtraInfo("peername"));
        assertNull(client.transport().getExtraInfo("nonsense"));
        assertEquals("dflt", client.transport().getExtraInfo("nonsense", "dflt"));
        assertSame(client.protocol(), client.transport().getProtocol());
    }

    @Test
    void closeCallsConnectionLostOnceAndLast() throws Exception {
        var server = endpoint(any(V4), null);
        Recorder p = server.protocol();
        server.transport().close();
        assertTrue(server.transport().isClosing());
        server.transport().close();
        server.transport().abort();
        NetTesting.run(loop, p.lost, 5);
        NetTesting.spin(loop, 0.02);
        assertEquals(List.of("made", "lost:null"), p.events);
        assertFalse(((DatagramChannel) server.transport().getExtraInfo("socket")).isOpen());
    }

    @Test
    void abortCallsConnectionLostWithNull() throws Exception {
        var server = endpoint(any(V4), null);
        server.transport().abort();
        assertTrue(server.transport().isClosing());
        NetTesting.run(loop, server.protocol().lost, 5);
        assertEquals(List.of("made", "lost:null"), server.protocol().events);
    }

    @Test
    void nothingIsReceivedOrSentAfterClose() throws Exception {
        var server = endpoint(any(V4), null);
        var client = endpoint(null, sockname(server));
        server.transport().close();
        client.transport().close();
        for (int i = 0; i < 7; i++) {
            client.transport().sendto("late".getBytes()); // dropped and counted, as asyncio does; never throws
        }
        NetTesting.run(loop, server.protocol().lost, 5);
        NetTesting.run(loop, client.protocol().lost, 5);
        assertEquals(List.of("made", "lost:null"), server.protocol().events);
        assertEquals(0, client.transport().getWriteBufferSize());
    }

    @Test
    void cancellingTheCreationClosesTheNewTransport() throws Exception {
        var server = endpoint(any(V4), null);
        Recorder[] made = new Recorder[1];
        Future<Connection<DatagramTransport, Recorder>> f = loop.createDatagramEndpoint(() -> made[0] = new Recorder(loop),
                null, sockname(server));
        assertFalse(f.done());
        f.cancel(); // the caller gives up before the endpoint is ready: asyncio closes the transport
        NetTesting.run(loop, made[0].lost, 5);
        assertTrue(f.cancelled());
        assertEquals(List.of("made", "lost:null"), made[0].events);
    }

    @Test
    void eachDatagramIsAFreshArrayOfExactlyItsSize() throws Exception {
        var server = endpoint(any(V4), null);
        var client = endpoint(null, sockname(server));
        byte[] big = new byte[60_000];
        big[59_999] = 9;
        client.transport().sendto(big);
        client.transport().sendto("abc".getBytes());
        // An empty datagram, from an unconnected endpoint: on a connected DatagramChannel the JDK skips the syscall.
        var unconnected = endpoint(any(V4), null);
        NetTesting.run(loop, () -> {
            while (server.protocol().datagrams.size() < 2) {
                await(Asyncio.sleep(0.005));
            }
            return null;
        });
        unconnected.transport().sendto(new byte[0], sockname(server));
        NetTesting.run(loop, () -> {
            while (server.protocol().datagrams.size() < 3) {
                await(Asyncio.sleep(0.005));
            }
            return null;
        });
        List<byte[]> got = server.protocol().datagrams;
        assertArrayEquals(big, got.get(0));
        assertArrayEquals("abc".getBytes(), got.get(1));
        assertEquals(0, got.get(2).length, "an empty datagram is delivered too");
        assertNotSame(got.get(0), got.get(1));
        assertEquals(0, client.transport().getWriteBufferSize());
    }

    @Test
    void anExceptionInDatagramReceivedGoesToTheHandlerAndReadingGoesOn() throws Exception {
        List<Map<String, Object>> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        Recorder good = new Recorder(loop);
        Connection<DatagramTransport, DatagramProtocol> server = NetTesting.run(loop, loop.createDatagramEndpoint(
                () -> new DatagramProtocol() {
                    int n;

                    @Override
                    public void datagramReceived(byte[] data, SocketAddress address) {
                        if (n++ == 0) {
                            throw new IllegalStateException("boom");
                        }
                        good.datagramReceived(data, address);
                    }
                }, any(V4), null), 5);
        var client = endpoint(null, (InetSocketAddress) server.transport().getExtraInfo("sockname"));
        client.transport().sendto("1".getBytes());
        client.transport().sendto("2".getBytes());
        NetTesting.run(loop, good.received, 5);
        assertEquals(List.of("data:2"), good.events);
        assertEquals(1, reported.size());
        assertEquals("boom", ((Throwable) reported.get(0).get("exception")).getMessage());
        // asyncio lets it escape _read_ready into the reader's handle: Handle._run's report, no transport key.
        assertEquals("Exception in callback _SelectorDatagramTransport._read_ready()", reported.get(0).get("message"));
        assertNotNull(reported.get(0).get("handle"));
        assertFalse(reported.get(0).containsKey("transport"));
    }

    @Test
    void aFailingProtocolFactoryFailsTheFuture() throws Exception {
        Future<Connection<DatagramTransport, DatagramProtocol>> f = loop.createDatagramEndpoint(() -> {
            throw new IllegalStateException("no protocol today");
        }, any(V4), null);
        Exception e = assertThrows(IllegalStateException.class, () -> NetTesting.run(loop, f, 5));
        assertEquals("no protocol today", e.getMessage());
    }

    @Test
    void theEndpointsChannelIsRefusedToReadersAndSockOperations() throws Exception {
        var server = endpoint(any(V4), null);
        DatagramChannel ch = (DatagramChannel) server.transport().getExtraInfo("socket");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.addReader(ch, () -> { }));
        assertTrue(e.getMessage().contains("is used by transport"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> loop.removeWriter(ch));
        assertThrows(IllegalStateException.class, () -> loop.sockRecvfrom(ch, 10));
    }

    @Test
    void aChannelOnceUsedBySockOperationsCanBecomeAnEndpoint() throws Exception {
        DatagramChannel ch = NetTesting.udp(V4);
        toClose.add(ch);
        Future<?> pending = loop.sockRecvfrom(ch, 10);
        pending.cancel();
        NetTesting.spin(loop, 0.01);
        var c = endpoint(null, null, DatagramOptions.defaults().sock(ch));
        var sender = endpoint(any(V4), null);
        sender.transport().sendto("reuse".getBytes(), (InetSocketAddress) ch.getLocalAddress());
        NetTesting.run(loop, c.protocol().received, 5);
        assertEquals("data:reuse", c.protocol().events.get(1));
    }

    @Test
    void setProtocolSwitchesTheReceiver() throws Exception {
        var server = endpoint(any(V4), null);
        var client = endpoint(null, sockname(server));
        Recorder other = new Recorder(loop);
        server.transport().setProtocol(other);
        assertSame(other, server.transport().getProtocol());
        client.transport().sendto("s".getBytes());
        NetTesting.run(loop, other.received, 5);
        assertEquals(List.of("data:s"), other.events);
        assertThrows(IllegalArgumentException.class, () -> server.transport().setProtocol(new org.jasyncio.Protocol() { }));
        assertNotNull(server.transport().toString());
    }


    @Test
    void socketOptionsAreSetOnlyWhenAsked() throws Exception {
        // test_create_datagram_endpoint_sockopts: no SO_REUSEADDR ever; SO_REUSEPORT and SO_BROADCAST only on request.
        var plain = endpoint(any(V4), null);
        DatagramChannel ch = (DatagramChannel) plain.transport().getExtraInfo("socket");
        assertFalse(ch.getOption(StandardSocketOptions.SO_REUSEADDR));
        assertFalse(ch.getOption(StandardSocketOptions.SO_REUSEPORT));
        assertFalse(ch.getOption(StandardSocketOptions.SO_BROADCAST));
        var asked = endpoint(any(V4), null, DatagramOptions.defaults().reusePort(true).allowBroadcast(true));
        DatagramChannel ach = (DatagramChannel) asked.transport().getExtraInfo("socket");
        assertFalse(ach.getOption(StandardSocketOptions.SO_REUSEADDR));
        assertTrue(ach.getOption(StandardSocketOptions.SO_REUSEPORT));
        assertTrue(ach.getOption(StandardSocketOptions.SO_BROADCAST));
    }
}
