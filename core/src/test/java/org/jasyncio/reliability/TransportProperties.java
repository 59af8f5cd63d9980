package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;

/**
 * Hostile use of a stream transport, property-based, over real sockets: any sequence of transport calls checked
 * against a model of asyncio's {@code _SelectorSocketTransport} state machine, and any chunking of a byte stream
 * giving the protocol the same bytes and one EOF (with {@code Protocol} and with {@code BufferedProtocol} buffers of
 * random sizes).
 */
class TransportProperties {
    enum Kind { WRITE, WRITE_EOF, CLOSE, ABORT, PAUSE_READING, RESUME_READING, SET_PROTOCOL, PEER_SENDS }

    record Call(Kind kind, int size) {
        @Override
        public String toString() {
            return size == 0 ? kind.toString() : kind + "(" + size + ")";
        }
    }

    @Provide
    Arbitrary<List<Call>> calls() {
        Arbitrary<Integer> sizes = Arbitraries.integers().between(1, 8192);
        Arbitrary<Call> call = Arbitraries.frequencyOf(
                Tuple.of(4, sizes.map(n -> new Call(Kind.WRITE, n))),
                Tuple.of(1, Arbitraries.just(new Call(Kind.WRITE_EOF, 0))),
                Tuple.of(1, Arbitraries.just(new Call(Kind.CLOSE, 0))),
                Tuple.of(1, Arbitraries.just(new Call(Kind.ABORT, 0))),
                Tuple.of(2, Arbitraries.just(new Call(Kind.PAUSE_READING, 0))),
                Tuple.of(2, Arbitraries.just(new Call(Kind.RESUME_READING, 0))),
                Tuple.of(1, Arbitraries.just(new Call(Kind.SET_PROTOCOL, 0))),
                Tuple.of(3, sizes.map(n -> new Call(Kind.PEER_SENDS, n))));
        return call.list().ofMinSize(1).ofMaxSize(16);
    }

    /** asyncio's transport state, as far as a caller can see it (the buffer stays empty: writes are small). */
    private static final class Model {
        boolean closing;
        boolean eofWritten;
        boolean paused;
        int current;
        final ByteArrayOutputStream toPeer = new ByteArrayOutputStream();
        long peerSent;
        /** Bytes the peer sent that we never read before closing: then the kernel may answer the peer with a reset. */
        boolean unreadAtClose;

        boolean reading() {
            return !paused && !closing;
        }
    }

    /** One of the protocols the transport is given; records what reaches it and checks it is the current one. */
    private static final class Rec implements Protocol {
        final int index;
        final Model model;
        final List<String> wrong;
        final ByteArrayOutputStream got;
        int lost;
        Throwable lostWith;
        int eofs;

        Rec(int index, Model model, List<String> wrong, ByteArrayOutputStream got) {
            this.index = index;
            this.model = model;
            this.wrong = wrong;
            this.got = got;
        }

        @Override
        public void dataReceived(byte[] data) {
            if (model.current != index) {
                wrong.add("protocol " + index + " got data while protocol " + model.current + " is current");
            }
            if (!model.reading()) {
                wrong.add("data arrived while reading is " + (model.closing ? "closed" : "paused"));
            }
            got.writeBytes(data);
        }

        @Override
        public boolean eofReceived() {
            eofs++;
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            if (model.current != index) {
                wrong.add("connectionLost went to protocol " + index + ", not the current " + model.current);
            }
            lost++;
            lostWith = exc;
        }
    }

    @Property
    void anySequenceOfTransportCallsFollowsAsynciosStateMachine(@ForAll("calls") List<Call> calls) throws Exception {
        Model m = new Model();
        List<String> wrong = new ArrayList<>();
        ByteArrayOutputStream delivered = new ByteArrayOutputStream();
        List<Rec> protocols = new ArrayList<>();
        protocols.add(new Rec(0, m, wrong, delivered));
        ByteArrayOutputStream atPeer = new ByteArrayOutputStream();
        boolean[] peerEnded = {false};
        try (Kit kit = new Kit(); ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0)).configureBlocking(false);
            kit.run(60, () -> {
                var accepting = kit.loop.sockAccept(listener);
                Transport t = await(kit.loop.createConnection(protocols::getFirst, "127.0.0.1",
                        ((InetSocketAddress) listener.getLocalAddress()).getPort())).transport();
                SocketChannel peer = await(accepting);
                peer.configureBlocking(false);
                int step = 0;
                for (Call c : calls) {
                    step++;
                    String where = "call " + step + " " + c + " of " + calls;
                    switch (c.kind()) {
                        case WRITE -> {
                            byte[] data = bytes(c.size(), step);
                            if (m.eofWritten) {
                                IllegalStateException e = expectThrows(() -> t.write(data), where);
                                assertEquals("Cannot call write() after write_eof()", e.getMessage(), where);
                            } else {
                                t.write(data);
                                if (!m.closing) {
                                    m.toPeer.writeBytes(data);
                                }
                            }
                        }
                        case WRITE_EOF -> {
                            t.writeEof();
                            if (!m.closing) {
                                m.eofWritten = true;
                            }
                        }
                        case CLOSE, ABORT -> {
                            if (c.kind() == Kind.CLOSE) {
                                t.close();
                            } else {
                                t.abort();
                            }
                            if (!m.closing) {
                                m.unreadAtClose = delivered.size() < m.peerSent;
                            }
                            m.closing = true;
                        }
                        case PAUSE_READING -> {
                            t.pauseReading();
                            if (!m.closing) {
                                m.paused = true;
                            }
                        }
                        case RESUME_READING -> {
                            t.resumeReading();
                            if (!m.closing) {
                                m.paused = false;
                            }
                        }
                        case SET_PROTOCOL -> {
                            Rec next = new Rec(protocols.size(), m, wrong, delivered);
                            protocols.add(next);
                            t.setProtocol(next);
                            m.current = next.index;
                            assertEquals(next, t.getProtocol(), where);
                        }
                        case PEER_SENDS -> {
                            if (!peerEnded[0]) {
                                try {
                                    ByteBuffer b = ByteBuffer.wrap(bytes(c.size(), -step));
                                    while (b.hasRemaining()) {
                                        peer.write(b);
                                    }
                                    m.peerSent += c.size();
                                } catch (IOException reset) {
                                    peerEnded[0] = true; // our side is gone already
                                }
                            }
                        }
                    }
                    // Let the loop deliver what it will; when reading, everything the peer sent must arrive.
                    for (int i = 0; i < 200 && m.reading() && delivered.size() < m.peerSent; i++) {
                        await(Asyncio.sleep(0.005));
                    }
                    await(Asyncio.sleep(0));
                    drain(peer, atPeer, peerEnded);
                    assertEquals(m.closing, t.isClosing(), "isClosing after " + where);
                    assertEquals(m.reading(), t.isReading(), "isReading after " + where);
                    if (m.reading()) {
                        assertEquals(m.peerSent, delivered.size(), "bytes delivered after " + where);
                    }
                    assertEquals(List.of(), wrong, where);
                }
                if (!m.closing) {
                    m.unreadAtClose = delivered.size() < m.peerSent;
                    t.close();
                    m.closing = true;
                }
                int lost = 0;
                for (int i = 0; i < 400 && (lost = protocols.stream().mapToInt(p -> p.lost).sum()) == 0; i++) {
                    await(Asyncio.sleep(0.005));
                }
                for (int i = 0; i < 400 && !peerEnded[0]; i++) {
                    drain(peer, atPeer, peerEnded);
                    await(Asyncio.sleep(0.005));
                }
                peer.close();
                return null;
            });
            assertEquals(List.of(), kit.reports, "exception handler reports");
        }
        String all = "calls " + calls;
        assertEquals(List.of(), wrong, all);
        assertEquals(1, protocols.stream().mapToInt(p -> p.lost).sum(), "connectionLost calls, " + all);
        // Each protocol checked, when connectionLost reached it, that it was the current one then.
        Rec lostTo = protocols.stream().filter(p -> p.lost == 1).findFirst().orElseThrow();
        assertEquals(null, lostTo.lostWith, all);
        assertEquals(0, protocols.stream().mapToInt(p -> p.eofs).sum(), "the peer never sent EOF first, " + all);
        assertEquals(true, peerEnded[0], "the peer saw the end, " + all);
        byte[] want = m.toPeer.toByteArray();
        byte[] got = atPeer.toByteArray();
        if (m.unreadAtClose) { // a close with unread input resets: the peer may lose the tail
            assertArrayEquals(Arrays.copyOf(want, Math.min(want.length, got.length)), got, "a prefix of what was written, " + all);
        } else {
            assertArrayEquals(want, got, "what the peer read, " + all);
        }
    }

    private static IllegalStateException expectThrows(Runnable r, String where) {
        try {
            r.run();
        } catch (IllegalStateException e) {
            return e;
        }
        throw new AssertionError("expected IllegalStateException at " + where);
    }

    /** Reads what the peer has now; notes the end (EOF or reset). */
    private static void drain(SocketChannel peer, ByteArrayOutputStream into, boolean[] ended) {
        if (ended[0]) {
            return;
        }
        ByteBuffer b = ByteBuffer.allocate(65536);
        try {
            int n;
            while ((n = peer.read(b.clear())) > 0) {
                into.write(b.array(), 0, n);
            }
            if (n < 0) {
                ended[0] = true;
            }
        } catch (IOException reset) {
            ended[0] = true;
        }
    }

    private static byte[] bytes(int n, int salt) {
        byte[] b = new byte[n];
        new Random(salt).nextBytes(b);
        return b;
    }

    // ---- Chunking

    /** The server side: plain or buffered, recording what reaches it. */
    private static final class Sink implements BufferedProtocol {
        final boolean buffered;
        final Random sizes;
        final int maxBuffer;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buffer;
        int eofs;
        int lost;
        Throwable lostWith;

        Sink(boolean buffered, int maxBuffer, long seed) {
            this.buffered = buffered;
            this.maxBuffer = maxBuffer;
            this.sizes = new Random(seed);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            buffer = ByteBuffer.allocate(1 + sizes.nextInt(maxBuffer));
            return buffer;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            got.write(buffer.array(), 0, nbytes);
        }

        @Override
        public boolean eofReceived() {
            eofs++;
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost++;
            lostWith = exc;
        }
    }

    /** The same, seen as a plain {@link Protocol}. */
    private static final class PlainSink implements Protocol {
        final Sink sink;

        PlainSink(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void dataReceived(byte[] data) {
            sink.got.writeBytes(data);
        }

        @Override
        public boolean eofReceived() {
            return sink.eofReceived();
        }

        @Override
        public void connectionLost(Throwable exc) {
            sink.connectionLost(exc);
        }

        @Override
        public void connectionMade(BaseTransport t) {
        }
    }

    @Property
    void anyChunkingOfAStreamGivesTheProtocolTheSameBytesAndOneEof(@ForAll @IntRange(min = 1, max = 300_000) int length,
            @ForAll @IntRange(min = 1, max = 40) int pieces, @ForAll boolean buffered,
            @ForAll @IntRange(min = 1, max = 70_000) int maxBuffer, @ForAll long seed) throws Exception {
        Random r = new Random(seed);
        byte[] stream = new byte[length];
        r.nextBytes(stream);
        Sink sink = new Sink(buffered, maxBuffer, seed);
        try (Kit kit = new Kit(); ExecutorService thread = Executors.newSingleThreadExecutor()) {
            kit.run(60, () -> {
                Server server = kit.serve(() -> buffered ? sink : new PlainSink(sink), null);
                int port = Kit.port(server);
                CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                    try (Socket s = new Socket("127.0.0.1", port)) {
                        s.setTcpNoDelay(true);
                        int[] cuts = r.ints(pieces - 1, 0, length + 1).sorted().toArray();
                        int at = 0;
                        for (int cut : cuts) {
                            s.getOutputStream().write(stream, at, cut - at);
                            at = cut;
                            Thread.sleep(1);
                        }
                        s.getOutputStream().write(stream, at, length - at);
                        s.shutdownOutput();
                        TlsInputProperties.awaitClose(s, 10);
                    } catch (IOException | InterruptedException e) {
                        throw new java.util.concurrent.CompletionException(e);
                    }
                }, thread);
                await(Asyncio.waitFor(Asyncio.wrapFuture(peer), 30));
                for (int i = 0; i < 500 && sink.lost == 0; i++) {
                    await(Asyncio.sleep(0.01));
                }
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 20));
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
        assertArrayEquals(stream, sink.got.toByteArray(), "the bytes the protocol got");
        assertEquals(1, sink.eofs, "eofReceived calls");
        assertEquals(1, sink.lost, "connectionLost calls");
        assertEquals(null, sink.lostWith);
    }
}
