package org.jasyncio.net;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Connection;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.jasyncio.net.StreamKit.Family;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The socket transport's contract (asyncio's test_selector_events socket transport cases) over TCP v4/v6 and Unix. */
class StreamTransportTest {
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    /** A server whose connections are Recorders, and one client Recorder connected to it. */
    private record Pair(Server server, StreamKit.Recorder client, StreamKit.Recorder served) {
    }

    private Pair pair(Family family) throws Exception {
        List<StreamKit.Recorder> accepted = new ArrayList<>();
        Server server = kit.await(family.listen(kit, dir, () -> {
            StreamKit.Recorder r = kit.new Recorder();
            accepted.add(r);
            return r;
        }));
        Connection<Transport, StreamKit.Recorder> c = kit.await(family.connect(kit, server, kit.new Recorder()::self));
        return kit.run(() -> {
            while (accepted.isEmpty() || !accepted.get(0).made.done()) {
                await(Asyncio.sleep(0.001));
            }
            return new Pair(server, c.protocol(), accepted.get(0));
        });
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void bytesFlowBothWaysInOrder(Family family) throws Exception {
        Pair p = pair(family);
        byte[] data = StreamKit.pattern(3 * 1024 * 1024 + 17);
        p.client.transport.write(data);
        assertArrayEquals(data, kit.await(p.served.bytes(data.length)));
        p.served.transport.write("back".getBytes());
        assertArrayEquals("back".getBytes(), kit.await(p.client.bytes(4)));
        p.client.transport.close();
        kit.await(p.served.lost);
        kit.await(p.client.lost);
        assertEquals(List.of("made", "data", "eof", "lost"), p.served.events);
        assertEquals(List.of("made", "data", "lost"), p.client.withoutFlow());
        assertNull(p.client.lost.result());
        assertNull(p.served.lost.result());
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void eofReceivedTrueKeepsTheWriteSideOpen(Family family) throws Exception {
        Pair p = pair(family);
        p.served.keepOpenOnEof = true;
        p.client.transport.write("question".getBytes());
        p.client.transport.writeEof();
        kit.await(p.served.eof);
        assertFalse(p.served.transport.isClosing());
        p.served.transport.write("answer after eof".getBytes());
        assertArrayEquals("answer after eof".getBytes(), kit.await(p.client.bytes(16)));
        p.served.transport.close();
        kit.await(p.client.eof);
        kit.await(p.client.lost);
        kit.await(p.served.lost);
        assertEquals("question", p.served.received.toString());
        assertEquals(List.of("made", "data", "eof", "lost"), p.served.events);
        assertEquals(List.of("made", "data", "eof", "lost"), p.client.events);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void eofReceivedFalseClosesTheTransport(Family family) throws Exception {
        Pair p = pair(family);
        p.client.transport.writeEof();
        kit.await(p.served.eof);
        assertTrue(p.served.transport.isClosing());
        assertNull(kit.await(p.served.lost));
        assertEquals(1, p.served.lostCount);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void closeFlushesTheBufferFirst(Family family) throws Exception {
        Pair p = pair(family);
        p.served.transport.pauseReading();
        StreamKit.smallKernelBuffers(p.client.transport, p.served.transport);
        byte[] data = StreamKit.pattern(8 * 1024 * 1024);
        p.client.transport.setWriteBufferLimits(Integer.MAX_VALUE);
        p.client.transport.write(data);
        assertTrue(p.client.transport.getWriteBufferSize() > 0, "8 MiB cannot all fit in the socket buffers");
        p.client.transport.close();
        assertTrue(p.client.transport.isClosing());
        assertFalse(p.client.lost.done());
        p.served.transport.resumeReading();
        assertArrayEquals(data, kit.await(p.served.bytes(data.length)));
        assertNull(kit.await(p.client.lost));
        kit.await(p.served.eof);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void abortDropsTheBufferAndLosesTheConnectionOnce(Family family) throws Exception {
        Pair p = pair(family);
        p.served.transport.pauseReading();
        StreamKit.smallKernelBuffers(p.client.transport, p.served.transport);
        p.client.transport.setWriteBufferLimits(Integer.MAX_VALUE);
        p.client.transport.write(StreamKit.pattern(8 * 1024 * 1024));
        assertTrue(p.client.transport.getWriteBufferSize() > 0);
        p.client.transport.abort();
        assertEquals(0, p.client.transport.getWriteBufferSize());
        p.client.transport.abort();
        p.client.transport.close();
        assertNull(kit.await(p.client.lost));
        kit.run(() -> {
            await(Asyncio.sleep(0.05));
            return null;
        });
        assertEquals(1, p.client.lostCount);
        assertEquals("lost", p.client.events.get(p.client.events.size() - 1));
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void connectionLostIsScheduledNotCalledInline(Family family) throws Exception {
        Pair p = pair(family);
        p.client.transport.close();
        assertFalse(p.client.lost.done(), "connectionLost comes through callSoon");
        assertEquals(List.of("made"), p.client.events);
        kit.await(p.client.lost);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void pauseReadingStopsDataUntilResumed(Family family) throws Exception {
        Pair p = pair(family);
        assertTrue(p.served.transport.isReading());
        p.served.transport.pauseReading();
        p.served.transport.pauseReading();
        assertFalse(p.served.transport.isReading());
        p.client.transport.write("held".getBytes());
        kit.run(() -> {
            await(Asyncio.sleep(0.1));
            return null;
        });
        assertEquals(0, p.served.received.size());
        p.served.transport.resumeReading();
        assertTrue(p.served.transport.isReading());
        assertArrayEquals("held".getBytes(), kit.await(p.served.bytes(4)));
        p.served.transport.close();
        assertFalse(p.served.transport.isReading(), "a closing transport is not reading");
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void extraInfoNamesBothEnds(Family family) throws Exception {
        Pair p = pair(family);
        Transport c = p.client.transport;
        Transport s = p.served.transport;
        assertEquals(c.getExtraInfo("sockname"), s.getExtraInfo("peername"));
        assertEquals(c.getExtraInfo("peername"), s.getExtraInfo("sockname"));
        assertTrue(c.getExtraInfo("socket") instanceof SocketChannel);
        assertEquals(((SocketChannel) c.getExtraInfo("socket")).getLocalAddress(), c.getExtraInfo("sockname"));
        assertNull(c.getExtraInfo("no such key"));
        assertEquals("dflt", c.getExtraInfo("no such key", "dflt"));
        if (family == Family.UNIX) {
            assertTrue(s.getExtraInfo("sockname") instanceof UnixDomainSocketAddress);
        } else {
            assertTrue(s.getExtraInfo("sockname") instanceof InetSocketAddress);
        }
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void writelinesSendsEveryChunkInOrder(Family family) throws Exception {
        Pair p = pair(family);
        List<byte[]> chunks = new ArrayList<>();
        ByteBuffer all = ByteBuffer.allocate(200 * 1000);
        for (int i = 0; i < 200; i++) {
            byte[] b = StreamKit.pattern(1000 + i);
            b[0] = (byte) i;
            chunks.add(b);
            if (all.remaining() < b.length) {
                all = ByteBuffer.allocate(all.capacity() * 2).put(all.flip());
            }
            all.put(b);
        }
        p.client.transport.writelines(chunks);
        p.client.transport.writelines(List.of());
        byte[] expected = new byte[all.position()];
        all.flip().get(expected);
        assertArrayEquals(expected, kit.await(p.served.bytes(expected.length)));
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void writeEofRefusesLaterWrites(Family family) throws Exception {
        Pair p = pair(family);
        assertTrue(p.client.transport.canWriteEof());
        p.client.transport.writeEof();
        p.client.transport.writeEof();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.client.transport.write("x".getBytes()));
        assertEquals("Cannot call write() after write_eof()", e.getMessage());
        assertThrows(IllegalStateException.class, () -> p.client.transport.writelines(List.of("x".getBytes())));
        kit.await(p.served.eof);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void writeEofWaitsForTheBuffer(Family family) throws Exception {
        Pair p = pair(family);
        p.served.transport.pauseReading();
        StreamKit.smallKernelBuffers(p.client.transport, p.served.transport);
        byte[] data = StreamKit.pattern(6 * 1024 * 1024);
        p.client.transport.setWriteBufferLimits(Integer.MAX_VALUE);
        p.client.transport.write(data);
        p.client.transport.writeEof();
        assertTrue(p.client.transport.getWriteBufferSize() > 0);
        p.served.transport.resumeReading();
        kit.await(p.served.eof);
        assertArrayEquals(data, p.served.received.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void setProtocolSwitchesMidStream(Family family) throws Exception {
        Pair p = pair(family);
        p.client.transport.write("one".getBytes());
        kit.await(p.served.bytes(3));
        StreamKit.Recorder second = kit.new Recorder();
        p.served.transport.setProtocol(second);
        assertSame(second, p.served.transport.getProtocol());
        p.client.transport.write("two".getBytes());
        assertArrayEquals("two".getBytes(), kit.await(second.bytes(3)));
        p.client.transport.close();
        kit.await(second.lost);
        assertEquals("one", p.served.received.toString());
        assertEquals(List.of("made", "data"), p.served.events);
        assertEquals(List.of("data", "eof", "lost"), second.events);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void writeOfAByteBufferSendsItsRemainingBytes(Family family) throws Exception {
        Pair p = pair(family);
        ByteBuffer direct = ByteBuffer.allocateDirect(16);
        direct.put("0123456789abcdef".getBytes()).flip().position(4).limit(10);
        p.client.transport.write(direct);
        assertArrayEquals("456789".getBytes(), kit.await(p.served.bytes(6)));
        p.client.transport.write(new byte[0]);
        p.client.transport.write(ByteBuffer.allocate(0));
        assertEquals("data argument must be a bytes-like object, not 'null'",
                assertThrows(IllegalArgumentException.class, () -> p.client.transport.write((byte[]) null)).getMessage());
        assertEquals("writelines() expects an iterable of bytes, not 'null'",
                assertThrows(IllegalArgumentException.class, () -> p.client.transport.writelines(null)).getMessage());
        assertEquals(0, p.client.transport.getWriteBufferSize());
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void exceptionInDataReceivedIsReportedAndClosesTheConnection(Family family) throws Exception {
        RuntimeException boom = new RuntimeException("boom");
        List<Throwable> lost = new ArrayList<>();
        Server server = kit.await(family.listen(kit, dir, () -> new org.jasyncio.Protocol() {
            @Override
            public void dataReceived(byte[] data) {
                throw boom;
            }

            @Override
            public void connectionLost(Throwable exc) {
                lost.add(exc);
            }
        }));
        Connection<Transport, StreamKit.Recorder> c = kit.await(family.connect(kit, server, kit.new Recorder()::self));
        c.transport().write("x".getBytes());
        kit.await(c.protocol().lost);
        assertEquals(List.of(boom), lost);
        assertEquals(1, kit.errors.size());
        assertEquals("Fatal error: protocol.data_received() call failed.", kit.errors.get(0).get("message"));
        assertSame(boom, kit.errors.get(0).get("exception"));
        assertTrue(kit.errors.get(0).get("transport") instanceof Transport);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void writesAfterTheConnectionIsLostAreIgnored(Family family) throws Exception {
        Pair p = pair(family);
        p.client.transport.close();
        kit.await(p.client.lost);
        for (int i = 0; i < 10; i++) {
            p.client.transport.write("ignored".getBytes());
        }
        assertEquals(0, p.client.transport.getWriteBufferSize());
        kit.await(p.served.lost);
        assertEquals(0, p.served.received.size());
    }
}
