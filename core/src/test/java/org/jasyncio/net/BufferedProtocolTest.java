package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.jasyncio.net.StreamKit.Family;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** BufferedProtocol over stream transports (asyncio's test_buffered_proto and the get_buffer cases). */
class BufferedProtocolTest {
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    /** Reads into buffers made by {@code supply}, collecting the bytes and the callbacks. */
    private class Collector implements BufferedProtocol {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> hints = new ArrayList<>();
        final List<String> events = new ArrayList<>();
        final Future<Throwable> lost = kit.loop.createFuture();
        final IntFunction<ByteBuffer> supply;
        ByteBuffer current;
        Transport transport;

        Collector(IntFunction<ByteBuffer> supply) {
            this.supply = supply;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            events.add("made");
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            hints.add(sizeHint);
            current = supply.apply(sizeHint);
            return current;
        }

        @Override
        public void bufferUpdated(int nbytes) {
            ByteBuffer view = current.duplicate().flip();
            view.position(view.limit() - nbytes);
            byte[] b = new byte[nbytes];
            view.get(b);
            bytes.writeBytes(b);
            if (!events.get(events.size() - 1).equals("data")) {
                events.add("data");
            }
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lost.setResult(exc);
        }
    }

    private Collector serveAndSend(Family family, IntFunction<ByteBuffer> supply, byte[] data) throws Exception {
        List<Collector> made = new ArrayList<>();
        Server server = kit.await(family.listen(kit, dir, () -> {
            Collector c = new Collector(supply);
            made.add(c);
            return c;
        }));
        Connection<Transport, StreamKit.Recorder> c = kit.await(family.connect(kit, server, kit.new Recorder()::self));
        c.transport().write(data);
        c.transport().close();
        kit.await(c.protocol().lost);
        Collector served = made.get(0);
        kit.await(served.lost);
        return served;
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void readsLandInTheProtocolsBuffer(Family family) throws Exception {
        byte[] data = StreamKit.pattern(2 * 1024 * 1024 + 5);
        Collector served = serveAndSend(family, ByteBuffer::allocate, data);
        assertArrayEquals(data, served.bytes.toByteArray());
        assertEquals(List.of("made", "data", "eof", "lost"), served.events);
        assertTrue(served.hints.stream().allMatch(h -> h > 0), "the hint is the read size: " + served.hints);
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void tinyBuffersStillCarryEveryByte(Family family) throws Exception {
        byte[] data = StreamKit.pattern(10_000);
        Collector served = serveAndSend(family, hint -> ByteBuffer.allocate(7), data);
        assertArrayEquals(data, served.bytes.toByteArray());
    }

    @Test
    void readsGoAtTheBuffersPositionUpToItsLimit() throws Exception {
        byte[] data = StreamKit.pattern(1000);
        Collector served = serveAndSend(Family.IPV4, hint -> ByteBuffer.allocateDirect(64).position(10).limit(50), data);
        assertArrayEquals(data, served.bytes.toByteArray());
    }

    @Test
    void anEmptyBufferIsFatal() throws Exception {
        Collector served = serveAndSend(Family.IPV4, hint -> ByteBuffer.allocate(0), "x".getBytes());
        Throwable exc = served.lost.result();
        assertInstanceOf(IllegalStateException.class, exc);
        assertEquals("get_buffer() returned an empty buffer", exc.getMessage());
        assertEquals("Fatal error: protocol.get_buffer() call failed.", kit.errors.get(0).get("message"));
        assertEquals(List.of("made", "lost"), served.events);
    }

    @Test
    void aNullBufferIsFatalToo() throws Exception {
        Collector served = serveAndSend(Family.IPV4, hint -> null, "x".getBytes());
        assertEquals("get_buffer() returned an empty buffer", served.lost.result().getMessage());
    }

    @Test
    void aFullBufferIsAnEmptyBuffer() throws Exception {
        Collector served = serveAndSend(Family.UNIX, hint -> ByteBuffer.allocate(4).position(4), "x".getBytes());
        assertEquals("get_buffer() returned an empty buffer", served.lost.result().getMessage());
    }

    @Test
    void aReadOnlyBufferFailsOnlyThatConnectionAndTheLoopGoesOn() throws Exception {
        Collector served = serveAndSend(Family.IPV4, hint -> ByteBuffer.allocate(hint).asReadOnlyBuffer(),
                "x".getBytes());
        assertInstanceOf(java.nio.ReadOnlyBufferException.class, served.lost.result());
        assertEquals(List.of("made", "lost"), served.events);
        assertEquals(1, kit.errors.size(), "reported once: " + kit.errors);
        assertEquals("Fatal read error on socket transport", kit.errors.get(0).get("message"));
        assertInstanceOf(java.nio.ReadOnlyBufferException.class, kit.errors.get(0).get("exception"));
        assertInstanceOf(Transport.class, kit.errors.get(0).get("transport"));
        assertTrue(kit.errors.get(0).get("protocol") instanceof Collector);
        // the same loop serves the next connection normally
        byte[] data = StreamKit.pattern(50_000);
        Collector next = serveAndSend(Family.IPV4, ByteBuffer::allocate, data);
        assertArrayEquals(data, next.bytes.toByteArray());
    }

    @Test
    void anExceptionInBufferUpdatedIsReported() throws Exception {
        IllegalArgumentException boom = new IllegalArgumentException("boom");
        Collector served = serveAndSend(Family.IPV4, ByteBuffer::allocate, "x".getBytes());
        assertEquals(null, served.lost.result());
        List<Collector> made = new ArrayList<>();
        Server server = kit.await(kit.loop.createServer(() -> {
            Collector c = new Collector(ByteBuffer::allocate) {
                @Override
                public void bufferUpdated(int nbytes) {
                    throw boom;
                }
            };
            made.add(c);
            return c;
        }, "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server)));
        c.transport().write("y".getBytes());
        kit.await(c.protocol().lost);
        assertEquals(boom, kit.await(made.get(0).lost));
        assertEquals("Fatal error: protocol.buffer_updated() call failed.", kit.errors.get(0).get("message"));
    }

    @Test
    void aTransportCanSwitchFromProtocolToBufferedProtocol() throws Exception {
        List<StreamKit.Recorder> made = new ArrayList<>();
        Server server = kit.await(kit.loop.createServer(() -> {
            StreamKit.Recorder r = kit.new Recorder();
            made.add(r);
            return r;
        }, "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server)));
        c.transport().write("first".getBytes());
        StreamKit.Recorder first = made.get(0);
        kit.await(first.bytes(5));
        Collector buffered = new Collector(ByteBuffer::allocate);
        buffered.events.add("made");
        first.transport.setProtocol(buffered);
        c.transport().write("second".getBytes());
        c.transport().close();
        kit.await(buffered.lost);
        assertEquals("second", buffered.bytes.toString());
        assertEquals("first", first.received.toString());
    }
}
