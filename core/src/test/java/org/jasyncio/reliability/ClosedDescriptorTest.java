package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Descriptors the program closes while the loop still knows them: a watched channel, a raw channel handed to the
 * sock_* calls, a transport's socket, a server's listening socket. The library never acts on a descriptor it no
 * longer owns (its number, reused at once by the next socket, must never receive another connection's bytes or
 * callbacks), fails the affected call or connection with a clear exception, and the loop goes on; nothing leaks.
 */
@Timeout(60)
class ClosedDescriptorTest {
    private TreeMap<Integer, String> fdsBefore;

    @BeforeAll
    static void warmUp() throws Exception {
        // A blocking connect on a virtual thread (the portable engine's task bodies) makes the JDK open its I/O
        // pollers once per JVM: not a leak of any test's.
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                for (SocketChannel c : socketPair()) {
                    c.close();
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        t.join();
    }

    @BeforeEach
    void census() {
        fdsBefore = Census.descriptors();
    }

    @AfterEach
    void nothingLeaks() throws Exception {
        assertEquals(List.of(), Census.descriptorsLeftOver(fdsBefore, 2, 10), "descriptors left open");
    }

    /** A connected pair of non-blocking channels: [0] is ours, [1] the peer. */
    private static SocketChannel[] socketPair() throws IOException {
        try (ServerSocketChannel l = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            l.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel a = SocketChannel.open(l.getLocalAddress());
            SocketChannel b = l.accept();
            a.configureBlocking(false);
            b.configureBlocking(false);
            return new SocketChannel[] {a, b};
        }
    }

    @Test
    void aWatchedChannelClosedByTheProgramIsNeverCalledBackAgainNorIsItsReusedNumber() throws Exception {
        AtomicInteger oldCalls = new AtomicInteger();
        AtomicInteger newCalls = new AtomicInteger();
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                SocketChannel[] old = socketPair();
                kit.loop.addReader(old[0], () -> {
                    oldCalls.incrementAndGet();
                    try {
                        old[0].read(ByteBuffer.allocate(64));
                    } catch (IOException e) {
                        kit.failures.add("the old reader ran on a closed channel: " + e);
                    }
                });
                old[1].write(ByteBuffer.wrap("first".getBytes()));
                for (int i = 0; i < 300 && oldCalls.get() == 0; i++) {
                    await(Asyncio.sleep(0.01));
                }
                assertEquals(1, oldCalls.get());
                old[0].close(); // the program closes it while the loop watches it
                old[1].write(ByteBuffer.wrap("unread".getBytes()));
                await(Asyncio.sleep(0.05)); // a few polls: the selector lets go of the closed channel
                // The next sockets take the freed numbers; their readiness is theirs only.
                List<SocketChannel[]> fresh = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    SocketChannel[] p = socketPair();
                    fresh.add(p);
                    kit.loop.addReader(p[0], () -> {
                        newCalls.incrementAndGet();
                        try {
                            p[0].read(ByteBuffer.allocate(64));
                        } catch (IOException e) {
                            kit.failures.add("a new reader failed: " + e);
                        }
                    });
                    p[1].write(ByteBuffer.wrap("new".getBytes()));
                }
                for (int i = 0; i < 300 && newCalls.get() < 4; i++) {
                    await(Asyncio.sleep(0.01));
                }
                try {
                    old[1].write(ByteBuffer.wrap("more".getBytes()));
                } catch (IOException reset) {
                    // the peer of a closed socket with unread data is reset: expected
                }
                await(Asyncio.sleep(0.05));
                assertEquals(1, oldCalls.get(), "the closed channel's reader ran again");
                assertEquals(4, newCalls.get());
                // Removing the closed channel's reader is harmless; adding one to it is refused, naming it.
                kit.loop.removeReader(old[0]);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> kit.loop.addReader(old[0], () -> { }));
                assertTrue(e.getMessage().contains("closed"), e.getMessage());
                for (SocketChannel[] p : fresh) {
                    assertTrue(kit.loop.removeReader(p[0]));
                    p[0].close();
                    p[1].close();
                }
                old[1].close();
                return null;
            });
            assertEquals(List.of(), List.copyOf(kit.failures));
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void nullChannelsAreRefusedNamingTheParameter() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                for (var call : List.<org.junit.jupiter.api.function.Executable>of(
                        () -> kit.loop.addReader(null, () -> { }),
                        () -> kit.loop.addWriter(null, () -> { }),
                        () -> kit.loop.removeReader(null),
                        () -> kit.loop.removeWriter(null),
                        () -> kit.loop.sockRecv((SocketChannel) null, 10),
                        () -> kit.loop.sockSendall((SocketChannel) null, ByteBuffer.allocate(1)),
                        () -> kit.loop.sockAccept(null),
                        () -> kit.loop.sockConnect(null, new InetSocketAddress("127.0.0.1", 1)))) {
                    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
                    assertTrue(e.getMessage() != null && (e.getMessage().contains("channel") || e.getMessage().contains("sock")),
                            "names the parameter: " + e.getMessage());
                }
                SocketChannel[] p = socketPair();
                IllegalArgumentException cb = assertThrows(IllegalArgumentException.class, () -> kit.loop.addReader(p[0], null));
                assertTrue(cb.getMessage() != null, "names the callback");
                assertFalse(kit.loop.removeReader(p[0]), "a refused addReader registers nothing");
                p[0].close();
                p[1].close();
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void sockCallsOnAClosedChannelFailTheirFutureWithAnIoError() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                SocketChannel[] p = socketPair();
                p[0].close();
                for (Future<?> f : List.<Future<?>>of(kit.loop.sockRecv(p[0], 10),
                        kit.loop.sockRecvInto(p[0], ByteBuffer.allocate(10)),
                        kit.loop.sockSendall(p[0], ByteBuffer.wrap("x".getBytes())))) {
                    Exception e = assertThrows(Exception.class, () -> await(Asyncio.waitFor(f, 5)));
                    assertInstanceOf(ClosedChannelException.class, e, "asyncio: OSError (EBADF)");
                }
                ServerSocketChannel l = ServerSocketChannel.open();
                l.configureBlocking(false);
                l.close();
                Exception e = assertThrows(Exception.class, () -> await(Asyncio.waitFor(kit.loop.sockAccept(l), 5)));
                assertInstanceOf(ClosedChannelException.class, e);
                SocketChannel unconnected = SocketChannel.open();
                unconnected.configureBlocking(false);
                unconnected.close();
                Exception c = assertThrows(Exception.class, () -> await(Asyncio.waitFor(
                        kit.loop.sockConnect(unconnected, new InetSocketAddress("127.0.0.1", 9)), 5)));
                assertInstanceOf(ClosedChannelException.class, c);
                java.nio.channels.DatagramChannel d = java.nio.channels.DatagramChannel.open();
                d.configureBlocking(false);
                d.close();
                for (Future<?> f : List.<Future<?>>of(kit.loop.sockRecvfrom(d, 10),
                        kit.loop.sockSendto(d, ByteBuffer.wrap("x".getBytes()), new InetSocketAddress("127.0.0.1", 9)))) {
                    Exception x = assertThrows(Exception.class, () -> await(Asyncio.waitFor(f, 5)));
                    assertInstanceOf(ClosedChannelException.class, x);
                }
                p[1].close();
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    /**
     * A sock_recv waiting for data when the program closes the channel: the wait must not outlive the descriptor
     * (asyncio's waits until cancelled; here too it never completes with another socket's data).
     */
    @Test
    void aPendingSockRecvWhoseChannelIsClosedNeverReadsTheReusedNumber() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                SocketChannel[] p = socketPair();
                Future<byte[]> pending = kit.loop.sockRecv(p[0], 100);
                await(Asyncio.sleep(0.02));
                p[0].close();
                await(Asyncio.sleep(0.05));
                List<SocketChannel[]> fresh = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    SocketChannel[] q = socketPair();
                    fresh.add(q);
                    q[1].write(ByteBuffer.wrap("not yours".getBytes()));
                }
                p[1].write(ByteBuffer.wrap("late".getBytes()));
                await(Asyncio.sleep(0.1));
                if (pending.done()) {
                    assertInstanceOf(IOException.class, pending.exception(), "done only with an I/O error");
                } else {
                    pending.cancel();
                }
                for (SocketChannel[] q : fresh) {
                    ByteBuffer b = ByteBuffer.allocate(64);
                    assertEquals(9, q[0].read(b), "the new socket's bytes are all still there");
                    q[0].close();
                    q[1].close();
                }
                p[1].close();
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    /**
     * asyncio's sock_* calls start with {@code _ensure_fd_no_transport}: a socket a transport owns is refused with
     * RuntimeError("File descriptor ... is used by transport ...") before any system call, so no byte the transport's
     * protocol should get is taken by a sock_recv, and no byte is sent around its write buffer.
     */
    @Test
    void sockCallsOnATransportsSocketAreRefusedBeforeTouchingIt() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                List<TransportMisuseTest.Sink> accepted = new ArrayList<>();
                Server server = await(kit.loop.createServer(() -> {
                    TransportMisuseTest.Sink s = sink(kit);
                    accepted.add(s);
                    return s;
                }, "127.0.0.1", 0));
                TransportMisuseTest.Sink c = sink(kit);
                await(kit.loop.createConnection(() -> c, "127.0.0.1", Kit.port(server)));
                for (int i = 0; i < 300 && accepted.isEmpty(); i++) {
                    await(Asyncio.sleep(0.01));
                }
                c.transport.pauseReading();
                accepted.getFirst().transport.write("for the protocol".getBytes());
                await(Asyncio.sleep(0.05)); // the bytes wait in the client's socket
                SocketChannel owned = (SocketChannel) c.transport.getExtraInfo("socket");
                for (var call : List.<org.junit.jupiter.api.function.Executable>of(
                        () -> await(kit.loop.sockRecv(owned, 100)),
                        () -> await(kit.loop.sockRecvInto(owned, ByteBuffer.allocate(100))),
                        () -> await(kit.loop.sockSendall(owned, "around the transport".getBytes())))) {
                    IllegalStateException e = assertThrows(IllegalStateException.class, call);
                    assertTrue(e.getMessage().contains("is used by transport"), e.getMessage());
                }
                c.transport.resumeReading();
                for (int i = 0; i < 300 && c.got.size() < 16; i++) {
                    await(Asyncio.sleep(0.01));
                }
                assertEquals("for the protocol", c.got.toString(), "the protocol got every byte");
                await(Asyncio.sleep(0.05));
                assertEquals("", accepted.getFirst().got.toString(), "nothing was sent around the transport");
                c.transport.close();
                accepted.getFirst().transport.close();
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    /**
     * A socket a transport owns, or one a reader watches, handed to a second transport: refused with a message
     * naming the owner, and the first owner keeps working (a second registration would take over the channel's key).
     */
    @Test
    void aSocketAlreadyOwnedIsRefusedForASecondTransportAndTheFirstGoesOn() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                List<TransportMisuseTest.Sink> accepted = new ArrayList<>();
                Server server = await(kit.loop.createServer(() -> {
                    TransportMisuseTest.Sink s = sink(kit);
                    accepted.add(s);
                    return s;
                }, "127.0.0.1", 0));
                TransportMisuseTest.Sink c = sink(kit);
                await(kit.loop.createConnection(() -> c, "127.0.0.1", Kit.port(server)));
                SocketChannel owned = (SocketChannel) c.transport.getExtraInfo("socket");
                TransportMisuseTest.Sink second = sink(kit);
                Exception e1 = assertThrows(Exception.class,
                        () -> await(kit.loop.connectAcceptedSocket(() -> second, owned)));
                assertTrue(e1 instanceof IllegalStateException && e1.getMessage().contains("is used by transport"), "refused: " + e1);
                Exception e2 = assertThrows(Exception.class, () -> await(kit.loop.createConnection(() -> second, null, 0,
                        org.jasyncio.ConnectOptions.defaults().sock(owned))));
                assertTrue(e2 instanceof IllegalStateException && e2.getMessage().contains("is used by transport"), "refused: " + e2);
                assertEquals(0, second.made);
                for (int i = 0; i < 300 && accepted.isEmpty(); i++) {
                    await(Asyncio.sleep(0.01));
                }
                accepted.getFirst().transport.write("still mine".getBytes());
                c.transport.write("and back".getBytes());
                for (int i = 0; i < 300 && (c.got.size() < 10 || accepted.getFirst().got.size() < 8); i++) {
                    await(Asyncio.sleep(0.01));
                }
                assertEquals("still mine", c.got.toString());
                assertEquals("and back", accepted.getFirst().got.toString());

                SocketChannel[] p = socketPair();
                kit.loop.addReader(p[0], () -> { });
                Exception e3 = assertThrows(Exception.class, () -> await(kit.loop.connectAcceptedSocket(() -> second, p[0])));
                assertTrue(e3 instanceof IllegalStateException && e3.getMessage().contains("reader"), "refused: " + e3);
                assertTrue(kit.loop.removeReader(p[0]), "the reader is still there");
                p[0].close();
                p[1].close();

                // Datagram endpoints: a watched channel and an endpoint's channel are refused at once, left open.
                java.nio.channels.DatagramChannel watched = java.nio.channels.DatagramChannel.open();
                watched.configureBlocking(false);
                kit.loop.addReader(watched, () -> { });
                Exception e4 = assertThrows(Exception.class, () -> await(kit.loop.createDatagramEndpoint(
                        () -> new org.jasyncio.DatagramProtocol() { }, null, null,
                        org.jasyncio.DatagramOptions.defaults().sock(watched))));
                assertTrue(e4 instanceof IllegalStateException && e4.getMessage().contains("reader"), "refused: " + e4);
                assertTrue(watched.isOpen(), "a refused channel is left open");
                assertTrue(kit.loop.removeReader(watched));
                watched.close();
                org.jasyncio.DatagramTransport endpoint = await(kit.loop.createDatagramEndpoint(
                        () -> new org.jasyncio.DatagramProtocol() { }, new InetSocketAddress("127.0.0.1", 0), null)).transport();
                java.nio.channels.DatagramChannel endpointChannel =
                        (java.nio.channels.DatagramChannel) endpoint.getExtraInfo("socket");
                Exception e5 = assertThrows(Exception.class, () -> await(kit.loop.createDatagramEndpoint(
                        () -> new org.jasyncio.DatagramProtocol() { }, null, null,
                        org.jasyncio.DatagramOptions.defaults().sock(endpointChannel))));
                assertTrue(e5 instanceof IllegalStateException && e5.getMessage().contains("is used by transport"), "refused: " + e5);
                Exception e6 = assertThrows(Exception.class,
                        () -> await(kit.loop.sockRecvfrom(endpointChannel, 10)));
                assertTrue(e6 instanceof IllegalStateException, "refused: " + e6);
                assertTrue(endpointChannel.isOpen());
                endpoint.close();
                c.transport.close();
                accepted.getFirst().transport.close();
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    /** A client protocol that records what it gets. */
    private static TransportMisuseTest.Sink sink(Kit kit) {
        TransportMisuseTest.Sink s = new TransportMisuseTest.Sink();
        s.lostFuture = kit.loop.createFuture();
        return s;
    }

    @Test
    void aTransportWhoseSocketTheProgramClosedLosesItsConnectionAndNeverWritesToTheReusedNumber() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                List<TransportMisuseTest.Sink> accepted = new ArrayList<>();
                Server server = await(kit.loop.createServer(() -> {
                    TransportMisuseTest.Sink s = sink(kit);
                    accepted.add(s);
                    return s;
                }, "127.0.0.1", 0));
                TransportMisuseTest.Sink victim = sink(kit);
                await(kit.loop.createConnection(() -> victim, "127.0.0.1", Kit.port(server)));
                victim.transport.write("before".getBytes());
                ((SocketChannel) victim.transport.getExtraInfo("socket")).close();
                victim.transport.write("after the program's close".getBytes());
                await(Asyncio.sleep(0.05));
                // New connections take the freed numbers.
                List<TransportMisuseTest.Sink> others = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    TransportMisuseTest.Sink o = sink(kit);
                    others.add(o);
                    await(kit.loop.createConnection(() -> o, "127.0.0.1", Kit.port(server)));
                }
                for (int i = 0; i < 8; i++) {
                    victim.transport.write(("stray " + i).getBytes());
                }
                await(Asyncio.waitFor(victim.lostFuture, 10));
                for (int i = 0; i < 300 && accepted.size() < 5; i++) {
                    await(Asyncio.sleep(0.01));
                }
                await(Asyncio.sleep(0.1));
                assertEquals(1, victim.lost, "connectionLost once");
                assertTrue(victim.lostWith == null || victim.lostWith instanceof IOException, "lost with " + victim.lostWith);
                assertEquals(5, accepted.size());
                for (int i = 1; i < 5; i++) {
                    assertEquals("", accepted.get(i).got.toString(), "a new connection got another's bytes");
                }
                for (TransportMisuseTest.Sink o : others) {
                    assertEquals("", o.got.toString());
                    o.transport.write("ok".getBytes());
                }
                for (int i = 0; i < 300 && accepted.stream().skip(1).anyMatch(a -> a.got.size() < 2); i++) {
                    await(Asyncio.sleep(0.01));
                }
                for (int i = 1; i < 5; i++) {
                    assertEquals("ok", accepted.get(i).got.toString());
                }
                for (TransportMisuseTest.Sink o : others) {
                    o.transport.close();
                }
                for (TransportMisuseTest.Sink a : accepted) {
                    a.transport.close();
                }
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                return null;
            });
            assertEquals(List.of(), List.copyOf(kit.failures));
            assertEquals(List.of(), kit.reports, "a closed socket is an I/O error, not one for the handler");
        }
    }

    /**
     * Closing a loop closes the sockets of its live transports and endpoints (asyncio leaves them to the collector):
     * from then on every call on those transports is dropped as after a lost connection, with no exception, no
     * callback and no system call on the freed numbers, which the next sockets take.
     */
    @Test
    void transportsUsedAfterTheirLoopClosedNeverTouchTheReusedNumbers() throws Exception {
        List<String> callbacks = new java.util.concurrent.CopyOnWriteArrayList<>();
        Kit kit = new Kit();
        TransportMisuseTest.Sink[] client = new TransportMisuseTest.Sink[1];
        org.jasyncio.DatagramTransport[] endpoint = new org.jasyncio.DatagramTransport[1];
        Server[] server = new Server[1];
        InetSocketAddress[] udpPeer = new InetSocketAddress[1];
        try (java.nio.channels.DatagramChannel peer = java.nio.channels.DatagramChannel.open();
             ServerSocketChannel listener = ServerSocketChannel.open()) {
            peer.bind(new InetSocketAddress("127.0.0.1", 0));
            udpPeer[0] = (InetSocketAddress) peer.getLocalAddress();
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            kit.run(30, () -> {
                client[0] = sink(kit);
                await(kit.loop.createConnection(() -> client[0], "127.0.0.1",
                        ((InetSocketAddress) listener.getLocalAddress()).getPort()));
                endpoint[0] = await(kit.loop.createDatagramEndpoint(() -> new org.jasyncio.DatagramProtocol() {
                    @Override
                    public void errorReceived(Exception exc) {
                        callbacks.add("errorReceived " + exc);
                    }

                    @Override
                    public void connectionLost(Throwable exc) {
                        callbacks.add("datagram connectionLost");
                    }
                }, new InetSocketAddress("127.0.0.1", 0), null)).transport();
                server[0] = await(kit.loop.createServer(Kit.Echo::new, "127.0.0.1", 0));
                return null;
            });
            try (SocketChannel accepted = listener.accept()) {
                kit.close();
                server[0].close(); // asyncio's too: stops serving quietly once its loop is closed
                server[0].close();
                assertTrue(!server[0].isServing());
                // The freed numbers go to new sockets at once.
                List<SocketChannel[]> fresh = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    fresh.add(socketPair());
                }
                java.nio.channels.DatagramChannel freshUdp = java.nio.channels.DatagramChannel.open();
                Transport t = client[0].transport;
                t.write("after the loop closed".getBytes());
                t.writelines(List.of("more".getBytes()));
                t.writeEof();
                t.pauseReading();
                t.resumeReading();
                t.close();
                t.abort();
                for (int i = 0; i < 3; i++) {
                    endpoint[0].sendto("after the loop closed".getBytes(), udpPeer[0]);
                }
                endpoint[0].close();
                endpoint[0].abort();
                assertTrue(t.isClosing());
                assertTrue(endpoint[0].isClosing());
                for (SocketChannel[] p : fresh) {
                    ByteBuffer b = ByteBuffer.allocate(64);
                    assertEquals(0, p[1].read(b), "a new socket got a closed transport's bytes");
                    assertEquals(0, p[0].read(b));
                    p[0].close();
                    p[1].close();
                }
                freshUdp.close();
                peer.configureBlocking(false);
                assertEquals(null, peer.receive(ByteBuffer.allocate(64)), "a datagram sent after the loop closed");
                accepted.configureBlocking(true);
                accepted.socket().setSoTimeout(5000);
                assertEquals(-1, accepted.socket().getInputStream().read(), "the peer sees the close, no bytes");
            }
        } finally {
            kit.close();
        }
        assertEquals(List.of(), callbacks, "no callback after the loop closed");
        assertEquals(0, client[0].lost, "no connectionLost after the loop closed");
    }

    @Test
    void aServerWhoseListeningSocketTheProgramClosedStillClosesCleanly() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Server server = await(kit.loop.createServer(Kit.Echo::new, "127.0.0.1", 0));
                int port = Kit.port(server);
                server.sockets().getFirst().close();
                await(Asyncio.sleep(0.05));
                Exception e = assertThrows(Exception.class,
                        () -> await(Asyncio.waitFor(kit.loop.createConnection(Kit.Echo::new, "127.0.0.1", port), 5)));
                assertInstanceOf(IOException.class, e, "refused: " + e);
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                assertFalse(server.isServing());
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void aReadPipeWhoseChannelTheProgramClosedLosesItsConnectionOnce() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pipe pipe = Pipe.open();
                StringBuilder got = new StringBuilder();
                int[] lost = {0};
                Future<Void> gone = kit.loop.createFuture();
                org.jasyncio.ReadTransport t = await(kit.loop.connectReadPipe(() -> new org.jasyncio.Protocol() {
                    @Override
                    public void dataReceived(byte[] data) {
                        got.append(new String(data));
                    }

                    @Override
                    public void connectionLost(Throwable exc) {
                        lost[0]++;
                        gone.setResult(null);
                    }
                }, pipe.source())).transport();
                pipe.sink().write(ByteBuffer.wrap("one".getBytes()));
                for (int i = 0; i < 300 && got.length() < 3; i++) {
                    await(Asyncio.sleep(0.01));
                }
                pipe.source().close(); // the program closes the pipe under the transport
                pipe.sink().write(ByteBuffer.wrap("two".getBytes()));
                await(Asyncio.sleep(0.05));
                t.close();
                await(Asyncio.waitFor(gone, 10));
                assertEquals("one", got.toString());
                assertEquals(1, lost[0]);
                pipe.sink().close();
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }
}
