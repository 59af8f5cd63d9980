package org.jasyncio.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Large writes through a socket transport, now handed to the JDK in bounded slices: a single 64 MiB write to a slow
 * reader and a 1 GiB stream both arrive whole and in order, the stream's buffer stays near its high-water mark, and
 * the writing thread keeps no native copy the size of the write.
 */
class LargeWriteTest {
    /** The stream's bytes repeat with this period, so a reader checks each byte from its offset alone. */
    private static final int PERIOD = 251;

    private final EventLoop loop = Asyncio.newEventLoop();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Sends its data once connected (a single write, or a stream of chunks obeying flow control), then closes. */
    private static final class Sender implements Protocol {
        final Future<Throwable> lost;
        private final byte[] chunk;
        private final long chunks;
        private Transport transport;
        private long written;
        private boolean paused;
        int maxBuffered;

        Sender(EventLoop loop, byte[] chunk, long chunks) {
            this.lost = loop.createFuture();
            this.chunk = chunk;
            this.chunks = chunks;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        void start(int highWater) {
            transport.setWriteBufferLimits(highWater);
            pump();
        }

        private void pump() {
            while (!paused && written < chunks) {
                transport.write(chunk);
                written++;
                maxBuffered = Math.max(maxBuffered, transport.getWriteBufferSize());
            }
            if (written == chunks) {
                transport.close();
            }
        }

        @Override
        public void pauseWriting() {
            paused = true;
        }

        @Override
        public void resumeWriting() {
            paused = false;
            pump();
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost.setResult(exc);
        }
    }

    @Test
    void aSixtyFourMebibyteWriteReachesASlowReader() throws Exception {
        byte[] data = pattern(64 * 1024 * 1024);
        Result r = send(data, 1, Integer.MAX_VALUE, 1);
        assertEquals(data.length, r.received, "bytes received");
    }

    @Test
    void aGibibyteStreamArrivesWhole() throws Exception {
        byte[] chunk = pattern(PERIOD * 4096); // about 1 MiB
        long chunks = (1L << 30) / chunk.length + 1;
        int high = 4 * 1024 * 1024;
        Result r = send(chunk, chunks, high, 0);
        assertEquals(chunks * chunk.length, r.received, "bytes received");
        assertTrue(r.maxBuffered <= high + chunk.length, "the buffer stays near the high-water mark: " + r.maxBuffered);
    }

    /**
     * The JDK copies a heap buffer's whole remainder into a native buffer before each write and caches it on the
     * thread; that memory is outside every public counter but Native Memory Tracking, so a child JVM with NMT on makes
     * the write and reports its "Other" category. Unbounded writes leave 64 MiB there; bounded ones a few slices.
     */
    @Test
    void aSixtyFourMebibyteWriteLeavesNoLargeNativeCopyBehind() throws Exception {
        int size = 64 * 1024 * 1024;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:NativeMemoryTracking=summary", "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                NativeCopyChild.class.getName(), String.valueOf(size)).redirectErrorStream(true).start();
        List<String> lines;
        try {
            lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits");
        } finally {
            child.destroyForcibly();
        }
        assertTrue(lines.contains("RECEIVED " + size), "the child said: " + lines);
        String other = lines.stream().filter(l -> l.startsWith("OTHER ")).findFirst()
                .orElseThrow(() -> new AssertionError("no NMT figure; the child said: " + lines));
        long kib = Long.parseLong(other.substring("OTHER ".length()));
        assertTrue(kib < 8 * 1024, "native memory left behind by the write: " + kib + " KiB");
    }

    private record Result(long received, int maxBuffered) {
    }

    /** Sends {@code chunks} times {@code chunk} to a blocking reader thread that pauses {@code pauseMillis} per read. */
    private Result send(byte[] chunk, long chunks, int highWater, long pauseMillis) throws Exception {
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            if (pauseMillis > 0) {
                listener.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            }
            ByteBuffer into = ByteBuffer.allocateDirect(64 * 1024);
            CompletableFuture<Long> reader = CompletableFuture.supplyAsync(() -> readAll(listener, into, pauseMillis));
            Sender sender = new Sender(loop, chunk, chunks);
            Connection<Transport, Sender> c = loop.runUntilComplete(Asyncio.waitFor(loop.createConnection(() -> sender,
                    "127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort()), 30));
            c.protocol().start(highWater);
            Throwable lostWith = loop.runUntilComplete(Asyncio.waitFor(sender.lost, 60));
            assertNull(lostWith, "a clean close");
            long received = reader.get(60, TimeUnit.SECONDS);
            return new Result(received, sender.maxBuffered);
        }
    }

    private static long readAll(ServerSocketChannel listener, ByteBuffer into, long pauseMillis) {
        try (SocketChannel peer = listener.accept()) {
            long offset = 0;
            int n;
            while ((n = peer.read(into.clear())) >= 0) {
                for (int i = 0; i < n; i++) {
                    if (into.get(i) != (byte) ((offset + i) % PERIOD)) {
                        throw new IllegalStateException("wrong byte at offset " + (offset + i));
                    }
                }
                offset += n;
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
            return offset;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i % PERIOD);
        }
        return b;
    }
}
