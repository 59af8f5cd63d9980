package org.jasyncio.internal.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.jasyncio.Asyncio;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.os.FdNumbers;
import org.jasyncio.internal.os.NativeSocketIo;
import org.jasyncio.internal.transport.WriteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both ways a stream transport reaches the kernel, on a real loopback TCP pair: the NIO channel and recv/send on the
 * descriptor. Every buffer kind (array slice, direct, read-only), "nothing there", end of stream, reset, broken pipe
 * and a full socket must look the same through either.
 */
@Timeout(30)
class StreamIoTest {
    private final SelectorEventLoop loop = (SelectorEventLoop) Asyncio.newEventLoop();
    private final StreamNetworking streams = new StreamNetworking(loop);
    private SocketChannel ours;
    private SocketChannel peer;

    @BeforeEach
    void connect() throws IOException {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ours = SocketChannel.open(listener.getLocalAddress());
            peer = listener.accept();
        }
        ours.configureBlocking(false);
    }

    @AfterEach
    void close() throws IOException {
        ours.close();
        peer.close();
        loop.close();
    }

    private StreamIo io(String kind) throws IOException {
        if (kind.equals("native")) {
            assumeTrue(NativeSocketIo.supported(), "the native path needs Linux, native access and sun.nio.ch");
            return new NativeStreamIo(ours, streams);
        }
        return new NioStreamIo(ours, streams);
    }

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + seed);
        }
        return b;
    }

    private byte[] peerReads(int n) throws IOException {
        ByteBuffer got = ByteBuffer.allocate(n);
        while (got.hasRemaining()) {
            if (peer.read(got) < 0) {
                throw new IOException("peer saw end of stream after " + got.position() + " bytes");
            }
        }
        return got.array();
    }

    /** Waits (on the test thread: the loop is not running) until a non-blocking read of ours finds data. */
    private byte[] readArraySoon(StreamIo io) throws IOException, InterruptedException {
        for (int i = 0; i < 2000; i++) {
            byte[] a = io.readArray();
            if (a == null || a.length > 0) {
                return a;
            }
            Thread.sleep(1);
        }
        throw new AssertionError("nothing arrived");
    }

    @Test
    void theNativePathIsTakenWhereverItCanRun() {
        boolean canRun = System.getProperty("os.name", "").startsWith("Linux") && FdNumbers.available()
                && StreamIo.class.getModule().isNativeAccessEnabled();
        boolean wanted = !"nio".equals(System.getProperty("jasyncio.socketio"));
        assertEquals(canRun, NativeSocketIo.supported());
        assertEquals(canRun && wanted, NativeSocketIo.available());
        StreamIo chosen = StreamIo.of(ours, streams);
        assertEquals(NativeSocketIo.available(), chosen instanceof NativeStreamIo, chosen.getClass().getSimpleName());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void writesFromEveryKindOfBufferFromItsPosition(String kind) throws IOException {
        StreamIo io = io(kind);
        byte[] array = pattern(1000, 1);
        ByteBuffer slice = ByteBuffer.wrap(array, 100, 800);
        assertEquals(800, io.write(slice));
        assertEquals(900, slice.position());
        assertArrayEquals(Arrays.copyOfRange(array, 100, 900), peerReads(800));

        ByteBuffer direct = ByteBuffer.allocateDirect(5000).put(pattern(5000, 2)).flip().position(7);
        assertEquals(4993, io.write(direct));
        assertEquals(5000, direct.position());
        assertArrayEquals(Arrays.copyOfRange(pattern(5000, 2), 7, 5000), peerReads(4993));

        ByteBuffer readOnly = ByteBuffer.wrap(pattern(300, 3)).asReadOnlyBuffer();
        assertEquals(300, io.write(readOnly));
        assertArrayEquals(pattern(300, 3), peerReads(300));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void readsAFreshArrayOfExactlyTheBytesThere(String kind) throws Exception {
        StreamIo io = io(kind);
        peer.write(ByteBuffer.wrap(pattern(3000, 4)));
        byte[] first = readArraySoon(io);
        int got = first.length;
        byte[] all = Arrays.copyOf(first, 3000);
        while (got < 3000) {
            byte[] more = readArraySoon(io);
            System.arraycopy(more, 0, all, got, more.length);
            got += more.length;
        }
        assertArrayEquals(pattern(3000, 4), all);

        peer.write(ByteBuffer.wrap(pattern(10, 5)));
        byte[] again = readArraySoon(io);
        assertArrayEquals(pattern(10, 5), again);
        assertTrue(again != first, "every read gets an array of its own");
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void readsIntoAHeapOrDirectBufferAtItsPosition(String kind) throws Exception {
        StreamIo io = io(kind);
        for (ByteBuffer into : new ByteBuffer[] {ByteBuffer.allocate(64), ByteBuffer.allocateDirect(64)}) {
            into.position(3).limit(13);
            peer.write(ByteBuffer.wrap(pattern(20, 6)));
            int n = 0;
            for (int i = 0; i < 2000 && into.hasRemaining(); i++) {
                n += io.read(into);
                Thread.sleep(n < 10 ? 1 : 0);
            }
            assertEquals(10, n);
            assertEquals(13, into.position());
            byte[] seen = new byte[10];
            into.flip().position(3);
            into.get(seen);
            assertArrayEquals(Arrays.copyOf(pattern(20, 6), 10), seen);
            while (readArraySoon(io).length < 10) {
                // drain the other ten, possibly in pieces
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void drainsOneOrManyQueuedBuffersInOrder(String kind) throws IOException {
        StreamIo io = io(kind);
        WriteBuffer one = new WriteBuffer();
        one.addCopy(ByteBuffer.wrap(pattern(70_000, 11)));
        io.drain(one);
        assertTrue(one.isEmpty(), "the peer's socket buffer takes 70,000 bytes");
        assertArrayEquals(pattern(70_000, 11), peerReads(70_000));

        WriteBuffer many = new WriteBuffer();
        for (int i = 0; i < 10; i++) {
            many.addCopy(ByteBuffer.wrap(pattern(1000, i)));
        }
        many.add(ByteBuffer.allocateDirect(500).put(pattern(500, 99)).flip());
        io.drain(many);
        assertTrue(many.isEmpty());
        assertEquals(0, many.size());
        for (int i = 0; i < 10; i++) {
            assertArrayEquals(pattern(1000, i), peerReads(1000), "chunk " + i);
        }
        assertArrayEquals(pattern(500, 99), peerReads(500));
    }

    /**
     * A registered channel cannot be set to blocking; an unregistered one can (by a user holding the socket), and then
     * no call may stall the loop: each fails at once, naming the cause.
     */
    @Test
    @Timeout(10)
    void aSocketSetBackToBlockingFailsInsteadOfStallingTheLoop() throws IOException {
        StreamIo io = io("native");
        ours.configureBlocking(true);
        IOException e = assertThrows(IOException.class, io::readArray);
        assertTrue(e.getMessage().contains("blocking"), e.getMessage());
        assertThrows(IOException.class, () -> io.write(ByteBuffer.wrap(pattern(64 << 20, 12))));
    }

    /** While the channel is registered (as a live transport's always is) the native calls go to its descriptor. */
    @Test
    @Timeout(10)
    void aRegisteredChannelIsCalledNatively() throws Exception {
        StreamIo io = io("native");
        try (java.nio.channels.Selector selector = java.nio.channels.Selector.open()) {
            ours.register(selector, 0);
            assertEquals(5, io.write(ByteBuffer.wrap(pattern(5, 3))));
            assertArrayEquals(pattern(5, 3), peerReads(5));
            ours.close();
            assertThrows(java.nio.channels.ClosedChannelException.class, () -> io.write(ByteBuffer.wrap(pattern(5, 3))),
                    "closed under the transport: no call reaches any socket");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void nothingThereIsNotTheEndOfTheStream(String kind) throws IOException {
        StreamIo io = io(kind);
        assertSame(StreamIo.NOTHING, io.readArray());
        assertEquals(0, io.read(ByteBuffer.allocate(16)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void thePeersShutdownIsTheEndOfTheStream(String kind) throws Exception {
        StreamIo io = io(kind);
        peer.shutdownOutput();
        assertNull(readArraySoon(io));
        assertEquals(-1, io.read(ByteBuffer.allocate(16)));
        assertEquals(5, io.write(ByteBuffer.wrap(pattern(5, 7))), "our write side stays open");
        assertArrayEquals(pattern(5, 7), peerReads(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void aResetIsAConnectionError(String kind) throws Exception {
        StreamIo io = io(kind);
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
        peer.close();
        IOException e = assertThrows(IOException.class, () -> readArraySoon(io));
        IOException mapped = TransportErrors.asConnectionError(e);
        assertInstanceOf(SocketException.class, mapped);
        assertTrue(mapped.getMessage().startsWith("Connection reset"), mapped.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void writingToAVanishedPeerIsAConnectionError(String kind) throws Exception {
        StreamIo io = io(kind);
        peer.setOption(StandardSocketOptions.SO_LINGER, 0);
        peer.close();
        Thread.sleep(50); // the reset reaches our side
        IOException e = assertThrows(IOException.class, () -> {
            for (int i = 0; i < 100; i++) {
                io.write(ByteBuffer.wrap(pattern(1000, 8)));
                Thread.sleep(5);
            }
        });
        IOException mapped = TransportErrors.asConnectionError(e);
        assertInstanceOf(SocketException.class, mapped);
        assertTrue(mapped.getMessage().startsWith("Connection reset") || mapped.getMessage().equals("Broken pipe"),
                mapped.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "native"})
    void aFullSocketTakesPartThenNothing(String kind) throws IOException {
        StreamIo io = io(kind);
        ByteBuffer big = ByteBuffer.wrap(pattern(64 << 20, 9));
        long taken = 0;
        long last;
        do {
            last = io.write(big);
            taken += last;
        } while (last > 0 && big.hasRemaining());
        assertEquals(0, last, "the peer never reads, so the socket fills");
        assertTrue(taken > 0 && taken < big.capacity(), "took " + taken);
        assertEquals(taken, big.position());
        assertEquals(0, io.write(ByteBuffer.wrap(pattern(10, 10))));
        // What was taken arrives intact and in order.
        byte[] head = peerReads(4096);
        assertArrayEquals(Arrays.copyOf(pattern(64 << 20, 9), 4096), head);
    }
}
