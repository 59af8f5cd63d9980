package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jasyncio.BaseProtocol;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.jasyncio.net.StreamKit.Family;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** loop.sendfile (asyncio's test_sendfile): native zero-copy on socket transports, the buffered fallback elsewhere. */
class SendfileTest {
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();
    private final List<StreamKit.Recorder> served = new ArrayList<>();
    private byte[] content;
    private FileChannel file;

    @BeforeEach
    void makeFile() throws Exception {
        content = StreamKit.pattern(5 * 1024 * 1024 + 123);
        Path p = dir.resolve("data.bin");
        Files.write(p, content);
        file = FileChannel.open(p, StandardOpenOption.READ);
    }

    @AfterEach
    void closeAll() throws Exception {
        kit.close();
        file.close();
    }

    private Connection<Transport, StreamKit.Recorder> connect(Family family) throws Exception {
        Server server = kit.await(family.listen(kit, dir, () -> {
            StreamKit.Recorder r = kit.new Recorder();
            served.add(r);
            return r;
        }));
        Connection<Transport, StreamKit.Recorder> c = kit.await(family.connect(kit, server, kit.new Recorder()::self));
        kit.pause(0.01);
        return c;
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void theWholeFileArrives(Family family) throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(family);
        long sent = kit.await(kit.loop.sendfile(c.transport(), file));
        assertEquals(content.length, sent);
        assertEquals(content.length, file.position());
        assertArrayEquals(content, kit.await(served.get(0).bytes(content.length)));
    }

    @Test
    void offsetAndCountAreHonoured() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.IPV4);
        long sent = kit.await(kit.loop.sendfile(c.transport(), file, 1000, 300_000, true));
        assertEquals(300_000, sent);
        assertEquals(301_000, file.position());
        assertArrayEquals(Arrays.copyOfRange(content, 1000, 301_000), kit.await(served.get(0).bytes(300_000)));
    }

    @Test
    void aCountPastTheEndStopsAtTheEnd() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.UNIX);
        long offset = content.length - 10;
        long sent = kit.await(kit.loop.sendfile(c.transport(), file, offset, 1000, true));
        assertEquals(10, sent);
        assertEquals(content.length, file.position());
    }

    @Test
    void anOffsetAtTheEndSendsNothing() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.IPV4);
        file.position(7);
        assertEquals(0L, kit.await(kit.loop.sendfile(c.transport(), file, content.length, 0, true)));
        assertEquals(7, file.position(), "nothing sent: the position is left alone");
    }

    @Test
    void theTransportStaysUsableAndBufferedDataGoesFirst() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.IPV4);
        StreamKit.Recorder peer = served.get(0);
        peer.transport.pauseReading();
        StreamKit.smallKernelBuffers(c.transport(), peer.transport);
        byte[] head = StreamKit.pattern(4 * 1024 * 1024);
        c.transport().setWriteBufferLimits(Integer.MAX_VALUE);
        c.transport().write(head);
        assertTrue(c.transport().getWriteBufferSize() > 0);
        Future<Long> f = kit.loop.sendfile(c.transport(), file, 0, 100_000, true);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> c.transport().write("x".getBytes()));
        assertEquals("unable to write; sendfile is in progress", e.getMessage());
        peer.transport.resumeReading();
        assertEquals(100_000L, kit.await(f));
        c.transport().write("tail".getBytes());
        byte[] all = kit.await(peer.bytes(head.length + 100_000 + 4));
        assertArrayEquals(head, Arrays.copyOfRange(all, 0, head.length));
        assertArrayEquals(Arrays.copyOfRange(content, 0, 100_000), Arrays.copyOfRange(all, head.length, head.length + 100_000));
        assertEquals("tail", new String(all, head.length + 100_000, 4));
    }

    @Test
    void readingIsPausedDuringAndResumedAfter() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.IPV4);
        assertTrue(c.transport().isReading());
        Future<Long> f = kit.loop.sendfile(c.transport(), file);
        assertFalse(c.transport().isReading());
        kit.await(f);
        assertTrue(c.transport().isReading());
        served.get(0).transport.write("reply".getBytes());
        assertArrayEquals("reply".getBytes(), kit.await(c.protocol().bytes(5)));
    }

    @Test
    void badArgumentsThrowAtOnce() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.IPV4);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> kit.loop.sendfile(c.transport(), file, -1, 0, true));
        assertEquals("offset must be a non-negative integer (got -1)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> kit.loop.sendfile(c.transport(), file, 0, -5, true));
        assertEquals("count must be a positive integer (got -5)", e.getMessage());
        c.transport().close();
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> kit.loop.sendfile(c.transport(), file));
        assertEquals("Transport is closing", s.getMessage());
    }

    @Test
    void aPeerThatGoesAwayFailsTheSend() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.IPV4);
        c.protocol().keepOpenOnEof = true;
        served.get(0).transport.abort();
        kit.await(c.protocol().eof);
        Path big = dir.resolve("big.bin");
        try (FileChannel w = FileChannel.open(big, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            w.write(ByteBuffer.wrap(new byte[1]), 64L * 1024 * 1024);
        }
        try (FileChannel bigFile = FileChannel.open(big)) {
            assertThrows(java.io.IOException.class, () -> kit.await(kit.loop.sendfile(c.transport(), bigFile)));
        }
    }

    @Test
    void theFallbackServesOtherTransports() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.IPV4);
        ForwardingTransport other = new ForwardingTransport(c.transport());
        long sent = kit.await(kit.loop.sendfile(other, file, 10, 2_000_000, true));
        assertEquals(2_000_000, sent);
        assertEquals(2_000_010, file.position());
        assertArrayEquals(Arrays.copyOfRange(content, 10, 2_000_010), kit.await(served.get(0).bytes(2_000_000)));
        assertSame(c.protocol(), c.transport().getProtocol(), "the original protocol is back");
        assertTrue(c.transport().isReading());
    }

    @Test
    void theFallbackWaitsWhileTheTransportIsPaused() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.UNIX);
        StreamKit.Recorder peer = served.get(0);
        peer.transport.pauseReading();
        ForwardingTransport other = new ForwardingTransport(c.transport());
        Future<Long> f = kit.loop.sendfile(other, file);
        kit.pause(0.1);
        assertFalse(f.done(), "the peer is not reading: the fallback waits for resume_writing");
        assertTrue(c.transport().getWriteBufferSize() <= c.transport().getWriteBufferHighLimit() + Sendfile16k.BLOCK);
        peer.transport.resumeReading();
        assertEquals((long) content.length, kit.await(f));
        assertArrayEquals(content, kit.await(peer.bytes(content.length)));
        assertEquals(List.of("made"), c.protocol().events, "pause and resume went to the fallback, not the user's protocol");
    }

    @Test
    void withoutFallbackOtherTransportsAreRefused() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect(Family.IPV4);
        ForwardingTransport other = new ForwardingTransport(c.transport());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> kit.loop.sendfile(other, file, 0, 0, false));
        assertTrue(e.getMessage().startsWith("fallback is disabled and native sendfile is not supported for transport"));
    }

    /** Constants shared with the fallback path's bound. */
    private static final class Sendfile16k {
        static final int BLOCK = 16 * 1024;
    }

    /** A transport of another kind (it wraps a socket transport), so sendfile must take the fallback path. */
    private static final class ForwardingTransport implements Transport {
        private final Transport inner;

        ForwardingTransport(Transport inner) {
            this.inner = inner;
        }

        @Override
        public boolean isReading() {
            return inner.isReading();
        }

        @Override
        public void pauseReading() {
            inner.pauseReading();
        }

        @Override
        public void resumeReading() {
            inner.resumeReading();
        }

        @Override
        public void close() {
            inner.close();
        }

        @Override
        public boolean isClosing() {
            return inner.isClosing();
        }

        @Override
        public Object getExtraInfo(String name) {
            return inner.getExtraInfo(name);
        }

        @Override
        public <V> V getExtraInfo(String name, V defaultValue) {
            return inner.getExtraInfo(name, defaultValue);
        }

        @Override
        public void setProtocol(BaseProtocol protocol) {
            inner.setProtocol(protocol);
        }

        @Override
        public BaseProtocol getProtocol() {
            return inner.getProtocol();
        }

        @Override
        public void write(byte[] data) {
            inner.write(data);
        }

        @Override
        public void write(ByteBuffer data) {
            inner.write(data);
        }

        @Override
        public void writelines(Iterable<byte[]> chunks) {
            inner.writelines(chunks);
        }

        @Override
        public boolean canWriteEof() {
            return inner.canWriteEof();
        }

        @Override
        public void writeEof() {
            inner.writeEof();
        }

        @Override
        public void abort() {
            inner.abort();
        }

        @Override
        public int getWriteBufferSize() {
            return inner.getWriteBufferSize();
        }

        @Override
        public void setWriteBufferLimits(int high) {
            inner.setWriteBufferLimits(high);
        }

        @Override
        public void setWriteBufferLimits(int high, int low) {
            inner.setWriteBufferLimits(high, low);
        }

        @Override
        public int getWriteBufferLowLimit() {
            return inner.getWriteBufferLowLimit();
        }

        @Override
        public int getWriteBufferHighLimit() {
            return inner.getWriteBufferHighLimit();
        }
    }
}
