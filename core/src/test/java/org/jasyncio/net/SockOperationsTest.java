package org.jasyncio.net;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.net.NetTesting.V4;
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
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.CRC32;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Connection;
import org.jasyncio.Datagram;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Task;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** CPython's test_sock_lowlevel, on real loopback sockets. */
@Timeout(30)
class SockOperationsTest {
    private final EventLoop loop = Asyncio.newEventLoop();
    private final List<java.nio.channels.Channel> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (java.nio.channels.Channel c : toClose) {
            c.close();
        }
        loop.close();
    }

    private <C extends java.nio.channels.Channel> C track(C c) {
        toClose.add(c);
        return c;
    }

    private SocketChannel[] pair(InetAddress host) throws Exception {
        SocketChannel[] p = NetTesting.connectedPair(loop, host);
        track(p[0]);
        track(p[1]);
        return p;
    }

    private void echoRoundTrip(SocketChannel a, SocketChannel b) throws Exception {
        byte[] got = NetTesting.run(loop, () -> {
            await(loop.sockSendall(a, "hello, world".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer all = ByteBuffer.allocate(12);
            while (all.hasRemaining()) {
                all.put(await(loop.sockRecv(b, all.remaining())));
            }
            return all.array();
        });
        assertEquals("hello, world", new String(got, StandardCharsets.US_ASCII));
    }

    @Test
    void connectAcceptSendallRecvOverIPv4() throws Exception {
        SocketChannel[] p = pair(V4);
        assertFalse(p[1].isBlocking(), "sockAccept hands back a non-blocking channel");
        echoRoundTrip(p[0], p[1]);
        echoRoundTrip(p[1], p[0]);
    }

    @Test
    void connectAcceptSendallRecvOverIPv6() throws Exception {
        SocketChannel[] p = pair(NetTesting.v6());
        assertEquals(p[0].getLocalAddress(), p[1].getRemoteAddress());
        echoRoundTrip(p[0], p[1]);
    }

    @Test
    void connectAcceptSendallRecvOverUnixSockets(@TempDir Path dir) throws Exception {
        UnixDomainSocketAddress path = UnixDomainSocketAddress.of(dir.resolve("s.sock"));
        ServerSocketChannel server = track(ServerSocketChannel.open(StandardProtocolFamily.UNIX));
        server.bind(path);
        server.configureBlocking(false);
        SocketChannel client = track(SocketChannel.open(StandardProtocolFamily.UNIX));
        client.configureBlocking(false);
        SocketChannel accepted = track(NetTesting.run(loop, () -> {
            Future<SocketChannel> a = loop.sockAccept(server);
            await(loop.sockConnect(client, path));
            return await(a);
        }));
        echoRoundTrip(client, accepted);
        echoRoundTrip(accepted, client);
    }

    @Test
    void recvReturnsAnEmptyArrayAtEof() throws Exception {
        SocketChannel[] p = pair(V4);
        p[0].close();
        assertArrayEquals(new byte[0], NetTesting.run(loop, loop.sockRecv(p[1], 100), 5));
    }

    @Test
    void recvOfZeroBytesIsDoneAtOnce() throws Exception {
        SocketChannel[] p = pair(V4);
        Future<byte[]> f = loop.sockRecv(p[1], 0);
        assertTrue(f.done());
        assertArrayEquals(new byte[0], f.result());
    }

    @Test
    void recvTriesAtOnceWhenDataIsThere() throws Exception {
        SocketChannel[] p = pair(V4);
        NetTesting.run(loop, loop.sockSendall(p[0], new byte[] {1, 2, 3}), 5);
        NetTesting.spin(loop, 0.05);
        Future<byte[]> f = loop.sockRecv(p[1], 10);
        assertTrue(f.done(), "data already queued: no wait for readiness");
        assertArrayEquals(new byte[] {1, 2, 3}, f.result());
        assertFalse(loop.removeReader(p[1]), "no reader was left behind");
    }

    @Test
    void recvWaitsForDataThenRemovesItsReader() throws Exception {
        SocketChannel[] p = pair(V4);
        Future<byte[]> f = loop.sockRecv(p[1], 10);
        assertFalse(f.done());
        loop.callLater(0.02, () -> {
            try {
                p[0].write(ByteBuffer.wrap(new byte[] {7}));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertArrayEquals(new byte[] {7}, NetTesting.run(loop, f, 5));
        NetTesting.spin(loop, 0.01);
        assertFalse(loop.removeReader(p[1]), "the waiter removed its reader when done");
    }

    @Test
    void recvIntoReadsAtTheBufferPosition() throws Exception {
        SocketChannel[] p = pair(V4);
        ByteBuffer buf = ByteBuffer.allocate(10);
        buf.position(3);
        Future<Integer> f = loop.sockRecvInto(p[1], buf);
        p[0].write(ByteBuffer.wrap(new byte[] {9, 8}));
        assertEquals(2, NetTesting.run(loop, f, 5));
        assertEquals(5, buf.position());
        assertEquals(9, buf.get(3));
        assertEquals(8, buf.get(4));
        p[0].close();
        assertEquals(0, NetTesting.run(loop, loop.sockRecvInto(p[1], buf), 5), "0 at EOF");
    }

    @Test
    void recvIntoAFullBufferAnswersZeroAtOnce() throws Exception {
        SocketChannel[] p = pair(V4);
        Future<Integer> f = loop.sockRecvInto(p[1], ByteBuffer.allocate(4).position(4));
        assertTrue(f.done());
        assertEquals(0, f.result());
        assertThrows(IllegalArgumentException.class, () -> loop.sockRecvInto(p[1], ByteBuffer.allocate(4).asReadOnlyBuffer()));
    }

    @Test
    void sendallAdvancesTheBufferAndSendsEverything() throws Exception {
        SocketChannel[] p = pair(V4);
        ByteBuffer data = ByteBuffer.wrap("abcdef".getBytes(StandardCharsets.US_ASCII));
        data.position(2);
        NetTesting.run(loop, loop.sockSendall(p[0], data), 5);
        assertEquals(6, data.position());
        assertArrayEquals("cdef".getBytes(StandardCharsets.US_ASCII), NetTesting.run(loop, loop.sockRecv(p[1], 100), 5));
        Future<Void> empty = loop.sockSendall(p[0], new byte[0]);
        assertTrue(empty.done(), "nothing to send: done at once");
    }

    @Test
    void sendallOfTwelveMegabytesAgainstASlowReader() throws Exception {
        SocketChannel[] p = pair(V4);
        byte[] payload = new byte[12 * 1024 * 1024];
        new java.util.Random(42).nextBytes(payload);
        CRC32 sent = new CRC32();
        sent.update(payload);
        long[] received = NetTesting.run(loop, () -> {
            Future<Void> sending = loop.sockSendall(p[0], payload);
            boolean waited = !sending.done();
            CRC32 crc = new CRC32();
            ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
            long total = 0;
            int reads = 0;
            while (total < payload.length) {
                buf.clear();
                int n = await(loop.sockRecvInto(p[1], buf));
                if (n == 0) {
                    break;
                }
                crc.update(buf.array(), 0, n);
                total += n;
                if (++reads % 8 == 0) {
                    await(Asyncio.sleep(0.001)); // a slow reader: the sender must wait for room again and again
                }
            }
            await(sending);
            return new long[] {total, crc.getValue(), waited ? 1 : 0};
        });
        assertEquals(payload.length, received[0]);
        assertEquals(sent.getValue(), received[1]);
        assertEquals(1, received[2], "12 MB cannot go in one write: sendall had to wait for the reader");
    }

    @Test
    void sendallToAResetPeerFailsWithAnIOException() throws Exception {
        SocketChannel[] p = pair(V4);
        p[1].setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
        p[1].close(); // RST
        NetTesting.spin(loop, 0.01);
        Future<Void> f = loop.sockSendall(p[0], new byte[8 * 1024 * 1024]);
        assertThrows(IOException.class, () -> NetTesting.run(loop, f, 5));
        NetTesting.spin(loop, 0.01);
        assertFalse(loop.removeWriter(p[0]), "a failed sendall leaves no writer");
    }

    @Test
    void cancellingAPendingRecvLeavesTheChannelUsable() throws Exception {
        SocketChannel[] p = pair(V4);
        Future<byte[]> pending = loop.sockRecv(p[1], 100);
        assertTrue(pending.cancel());
        NetTesting.spin(loop, 0.01);
        assertFalse(loop.removeReader(p[1]), "cancellation removed the reader");
        p[0].write(ByteBuffer.wrap("after".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals("after".getBytes(StandardCharsets.US_ASCII), NetTesting.run(loop, loop.sockRecv(p[1], 100), 5),
                "the cancelled receive consumed nothing");
    }

    @Test
    void cancelledRecvDoesNotConsumeDataArrivingInTheSameIteration() throws Exception {
        SocketChannel[] p = pair(V4);
        Future<byte[]> pending = loop.sockRecv(p[1], 100);
        p[0].write(ByteBuffer.wrap(new byte[] {42}));
        pending.cancel(); // before the loop sees the channel readable
        byte[] got = NetTesting.run(loop, () -> {
            await(Asyncio.sleep(0.02));
            return await(loop.sockRecv(p[1], 100));
        });
        assertArrayEquals(new byte[] {42}, got);
        assertTrue(pending.cancelled());
    }

    @Test
    void cancellingATaskAwaitingRecvThenRecvingAgain() throws Exception {
        SocketChannel[] p = pair(V4);
        String outcome = NetTesting.run(loop, () -> {
            var t = loop.createTask(() -> await(loop.sockRecv(p[1], 10)));
            await(Asyncio.sleep(0.01));
            t.cancel();
            try {
                await(t);
                return "not cancelled";
            } catch (CancelledError expected) {
                p[0].write(ByteBuffer.wrap(new byte[] {5}));
                return "got " + await(loop.sockRecv(p[1], 10))[0];
            }
        });
        assertEquals("got 5", outcome);
    }

    @Test
    void consecutiveRecvsThatEachWaitReuseTheRegistration() throws Exception {
        SocketChannel[] p = pair(V4);
        int sum = NetTesting.run(loop, () -> {
            int s = 0;
            for (int i = 1; i <= 20; i++) {
                int v = i;
                loop.callLater(0.001, () -> {
                    try {
                        p[0].write(ByteBuffer.wrap(new byte[] {(byte) v}));
                    } catch (IOException e) {
                        throw new RuntimeException(e);
                    }
                });
                s += await(loop.sockRecv(p[1], 1))[0];
            }
            return s;
        });
        assertEquals(210, sum);
    }

    @Test
    void cancellingAPendingAcceptThenAcceptingAgain() throws Exception {
        ServerSocketChannel server = track(NetTesting.listen(V4));
        Future<SocketChannel> first = loop.sockAccept(server);
        assertFalse(first.done());
        first.cancel();
        NetTesting.spin(loop, 0.01);
        SocketChannel client = track(NetTesting.nonBlockingClient(V4));
        SocketChannel accepted = track(NetTesting.run(loop, () -> {
            Future<SocketChannel> second = loop.sockAccept(server);
            await(loop.sockConnect(client, server.getLocalAddress()));
            return await(second);
        }));
        assertEquals(client.getLocalAddress(), accepted.getRemoteAddress());
    }

    @Test
    void aCancelledPendingConnectCanBeAwaitedAgain() throws Exception {
        ServerSocketChannel server = track(NetTesting.listen(V4));
        SocketChannel c = track(NetTesting.nonBlockingClient(V4));
        Future<Void> first = loop.sockConnect(c, server.getLocalAddress());
        org.junit.jupiter.api.Assumptions.assumeFalse(first.done(), "the connect finished at once: nothing pending");
        first.cancel();
        // As asyncio, connecting again while the first connect is still pending (EALREADY) waits for it to finish.
        SocketChannel accepted = track(NetTesting.run(loop, () -> {
            Future<SocketChannel> a = loop.sockAccept(server);
            await(loop.sockConnect(c, server.getLocalAddress()));
            return await(a);
        }));
        assertTrue(c.isConnected());
        assertEquals(c.getLocalAddress(), accepted.getRemoteAddress());
        assertFalse(loop.removeWriter(c), "no writer left behind");
    }

    @Test
    void connectRefusedFailsWithConnectException() throws Exception {
        InetSocketAddress closed;
        try (ServerSocketChannel s = NetTesting.listen(V4)) {
            closed = (InetSocketAddress) s.getLocalAddress();
        }
        SocketChannel c = track(NetTesting.nonBlockingClient(V4));
        Future<Void> f = loop.sockConnect(c, closed);
        Exception e = assertThrows(ConnectException.class, () -> NetTesting.run(loop, f, 5));
        assertTrue(e.getMessage().contains("Connect call failed"), e.getMessage());
    }

    @Test
    void connectResolvesAnUnresolvedAddress() throws Exception {
        ServerSocketChannel server = track(NetTesting.listen(V4));
        int port = ((InetSocketAddress) server.getLocalAddress()).getPort();
        SocketChannel c = track(NetTesting.nonBlockingClient(V4));
        track(NetTesting.run(loop, () -> {
            Future<SocketChannel> a = loop.sockAccept(server);
            await(loop.sockConnect(c, InetSocketAddress.createUnresolved("127.0.0.1", port)));
            return await(a);
        }));
        assertEquals(server.getLocalAddress(), c.getRemoteAddress());
    }

    @Test
    void connectingAConnectedSocketFailsWithAnOsError() throws Exception {
        SocketChannel[] p = pair(V4);
        Future<Void> again = loop.sockConnect(p[0], p[1].getLocalAddress());
        assertTrue(again.done());
        assertInstanceOf(SocketException.class, again.exception());
    }

    @Test
    void recvOnAnUnconnectedSocketFails() throws Exception {
        SocketChannel c = track(NetTesting.nonBlockingClient(V4));
        Future<byte[]> f = loop.sockRecv(c, 10);
        assertTrue(f.done());
        assertInstanceOf(SocketException.class, f.exception());
    }

    @Test
    void operationsOnAClosedChannelFailTheFuture() throws Exception {
        SocketChannel[] p = pair(V4);
        p[0].close();
        assertInstanceOf(ClosedChannelException.class, loop.sockSendall(p[0], new byte[] {1}).exception());
        assertInstanceOf(ClosedChannelException.class, loop.sockRecv(p[0], 1).exception());
    }

    @Test
    void blockingChannelsAreRejectedAtOnce() throws Exception {
        SocketChannel blocking = track(SocketChannel.open());
        ServerSocketChannel blockingServer = track(ServerSocketChannel.open());
        DatagramChannel blockingUdp = track(DatagramChannel.open());
        List<Runnable> calls = List.of(
                () -> loop.sockRecv(blocking, 1),
                () -> loop.sockRecvInto(blocking, ByteBuffer.allocate(1)),
                () -> loop.sockSendall(blocking, new byte[1]),
                () -> loop.sockConnect(blocking, new InetSocketAddress(V4, 1)),
                () -> loop.sockAccept(blockingServer),
                () -> loop.sockSendfile(blocking, null, 0, 0, true),
                () -> loop.sockRecvfrom(blockingUdp, 1),
                () -> loop.sockSendto(blockingUdp, ByteBuffer.allocate(1), new InetSocketAddress(V4, 9)));
        for (Runnable call : calls) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
            assertEquals("the socket must be non-blocking", e.getMessage());
        }
    }

    @Test
    void badArgumentsAreRejectedAtOnce() throws Exception {
        SocketChannel[] p = pair(V4);
        assertThrows(IllegalArgumentException.class, () -> loop.sockRecv(p[0], -1));
        assertThrows(IllegalArgumentException.class, () -> loop.sockRecv((SocketChannel) null, 1));
        assertThrows(IllegalArgumentException.class, () -> loop.sockSendall(p[0], (ByteBuffer) null));
        assertThrows(IllegalArgumentException.class, () -> loop.sockConnect(p[0], null));
    }

    @Test
    void debugModeRefusesOtherThreads() throws Exception {
        loop.setDebug(true);
        SocketChannel[] p = pair(V4);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        NetTesting.run(loop, () -> {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    loop.sockRecv(p[1], 1);
                } catch (Throwable e) {
                    seen.set(e);
                }
            });
            while (t.isAlive()) {
                await(Asyncio.sleep(0.005));
            }
            return null;
        });
        assertInstanceOf(IllegalStateException.class, seen.get());
        assertTrue(seen.get().getMessage().contains("Non-thread-safe operation"), seen.get().getMessage());
    }

    @Test
    void recvfromAndSendtoOverUdpIPv4() throws Exception {
        udpRoundTrip(V4);
    }

    @Test
    void recvfromAndSendtoOverUdpIPv6() throws Exception {
        udpRoundTrip(NetTesting.v6());
    }

    private void udpRoundTrip(InetAddress host) throws Exception {
        DatagramChannel a = track(NetTesting.udp(host));
        DatagramChannel b = track(NetTesting.udp(host));
        Datagram d = NetTesting.run(loop, () -> {
            Future<Datagram> r = loop.sockRecvfrom(b, 100);
            await(loop.sockSendto(a, ByteBuffer.wrap(new byte[] {1, 2, 3}), b.getLocalAddress()));
            return await(r);
        });
        assertArrayEquals(new byte[] {1, 2, 3}, d.data());
        assertEquals(a.getLocalAddress(), d.address());
    }

    @Test
    void recvfromTruncatesToNbytesAndCarriesEmptyDatagrams() throws Exception {
        DatagramChannel a = track(NetTesting.udp(V4));
        DatagramChannel b = track(NetTesting.udp(V4));
        NetTesting.run(loop, loop.sockSendto(a, ByteBuffer.wrap(new byte[100]), b.getLocalAddress()), 5);
        NetTesting.run(loop, loop.sockSendto(a, ByteBuffer.allocate(0), b.getLocalAddress()), 5);
        assertEquals(10, NetTesting.run(loop, loop.sockRecvfrom(b, 10), 5).data().length);
        Datagram empty = NetTesting.run(loop, loop.sockRecvfrom(b, 10), 5);
        assertEquals(0, empty.data().length);
        assertEquals(a.getLocalAddress(), empty.address());
    }

    @Test
    void recvAndSendallOnAConnectedDatagramChannel() throws Exception {
        DatagramChannel a = track(NetTesting.udp(V4));
        DatagramChannel b = track(NetTesting.udp(V4));
        a.connect(b.getLocalAddress());
        b.connect(a.getLocalAddress());
        byte[] got = NetTesting.run(loop, () -> {
            Future<byte[]> r = loop.sockRecv(b, 100);
            await(loop.sockSendall(a, "dgram".getBytes(StandardCharsets.US_ASCII)));
            return await(r);
        });
        assertEquals("dgram", new String(got, StandardCharsets.US_ASCII));
        NetTesting.run(loop, loop.sockSendto(b, ByteBuffer.wrap(new byte[] {4}), null), 5);
        assertArrayEquals(new byte[] {4}, NetTesting.run(loop, loop.sockRecv(a, 10), 5));
    }

    @Test
    void sendtoNeedsAnAddressOnAnUnconnectedChannel() throws Exception {
        DatagramChannel a = track(NetTesting.udp(V4));
        assertThrows(IllegalArgumentException.class, () -> loop.sockSendto(a, ByteBuffer.allocate(1), null));
        assertThrows(IllegalArgumentException.class,
                () -> loop.sockSendto(a, ByteBuffer.allocate(1), InetSocketAddress.createUnresolved("localhost", 9)));
    }

    @Test
    void pendingRecvfromCanBeCancelledAndTheChannelReused() throws Exception {
        DatagramChannel a = track(NetTesting.udp(V4));
        DatagramChannel b = track(NetTesting.udp(V4));
        Future<Datagram> pending = loop.sockRecvfrom(b, 10);
        assertFalse(pending.done());
        pending.cancel();
        NetTesting.spin(loop, 0.01);
        a.send(ByteBuffer.wrap(new byte[] {3}), b.getLocalAddress());
        Datagram d = NetTesting.run(loop, loop.sockRecvfrom(b, 10), 5);
        assertArrayEquals(new byte[] {3}, d.data());
        assertNotNull(d.address());
    }


    @Test
    void aListenerClosedAfterACancelledAcceptRefusesConnectionsAtOnce() throws Exception {
        // test_cancel_sock_accept: the cancelled accept left the listener registered; closing it must stop listening
        // at once, as a socket closed in asyncio does, so connects are refused rather than queued and then reset.
        ServerSocketChannel listener = track(NetTesting.listen(V4));
        SocketAddress address = listener.getLocalAddress();
        assertThrows(TimeoutException.class,
                () -> NetTesting.run(loop, Asyncio.waitFor(loop.sockAccept(listener), 0.1), 5));
        listener.close();
        SocketChannel client = track(NetTesting.nonBlockingClient(V4));
        assertThrows(ConnectException.class, () -> NetTesting.run(loop, loop.sockConnect(client, address), 5));

        ServerSocketChannel second = track(NetTesting.listen(V4));
        InetSocketAddress secondAddress = (InetSocketAddress) second.getLocalAddress();
        assertThrows(TimeoutException.class,
                () -> NetTesting.run(loop, Asyncio.waitFor(loop.sockAccept(second), 0.1), 5));
        NetTesting.run(loop, () -> {
            second.close(); // inside a running loop, right before connecting
            Future<Connection<Transport, Protocol>> c = loop.createConnection(() -> new Protocol() { },
                    "127.0.0.1", secondAddress.getPort());
            assertThrows(ConnectException.class, () -> await(c));
            return null;
        });
    }

    @Test
    void aSendallCancelledWhileBlockedLeavesTheChannelToTheNextSendall() throws Exception {
        // test_sock_client_racing's send half: fill the socket, cancel a blocked sendall, send again at once.
        ServerSocketChannel listener = track(NetTesting.listen(V4));
        SocketChannel sock = track(NetTesting.nonBlockingClient(V4));
        sock.setOption(StandardSocketOptions.SO_SNDBUF, 1024);
        String got = NetTesting.run(loop, () -> {
            Future<SocketChannel> accepted = loop.sockAccept(listener);
            await(loop.sockConnect(sock, listener.getLocalAddress()));
            SocketChannel server = track(await(accepted));
            ByteBuffer spaces = ByteBuffer.allocate(8192);
            for (int size = 8192; size >= 4; size /= 2) {
                do {
                    spaces.clear().limit(size);
                    while (spaces.hasRemaining()) {
                        spaces.put((byte) ' ');
                    }
                    spaces.flip();
                } while (sock.write(spaces) > 0);
            }
            Task<Void> blocked = loop.createTask(() -> await(loop.sockSendall(sock, "hello".getBytes())));
            await(Asyncio.sleep(0));
            blocked.cancel();
            Task<String> receiver = loop.createTask(() -> {
                StringBuilder text = new StringBuilder();
                for (byte[] b = await(loop.sockRecv(server, 8192)); b.length > 0; b = await(loop.sockRecv(server, 8192))) {
                    text.append(new String(b, StandardCharsets.US_ASCII).strip());
                }
                return text.toString();
            });
            await(loop.sockSendall(sock, "world".getBytes()));
            sock.shutdownOutput();
            return await(receiver);
        });
        assertTrue(got.endsWith("world"), got);
    }
}
