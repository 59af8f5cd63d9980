package org.jasyncio.process;

import static org.jasyncio.process.ProcessTesting.run;
import static org.jasyncio.process.ProcessTesting.spin;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.ReadTransport;
import org.jasyncio.WriteTransport;
import org.jasyncio.harness.ExpectLoopReports;
import org.jasyncio.process.PipeTransportTest.ReadRecorder;
import org.jasyncio.process.PipeTransportTest.WriteRecorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** connectReadPipe and connectWritePipe over blocking streams (System.in, FIFOs): a virtual thread does the blocking part. */
class StreamPipeTest {
    private EventLoop loop;
    private final List<Map<String, Object>> reported = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    /** An endless stream that counts its reads and its close. */
    static final class CountingStream extends InputStream {
        final AtomicInteger reads = new AtomicInteger();
        final AtomicBoolean closed = new AtomicBoolean();

        @Override
        public int read() {
            return 'x';
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads.incrementAndGet();
            int n = Math.min(len, 1000);
            java.util.Arrays.fill(b, off, off + n, (byte) 'x');
            return n;
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i % 251);
        }
        return b;
    }

    @Test
    void streamReaderDeliversDataEofThenLoss() throws Exception {
        InputStream in = new ByteArrayInputStream("from a stream".getBytes(StandardCharsets.UTF_8));
        var c = run(loop, loop.connectReadPipe(() -> new ReadRecorder(loop), in), 5);
        assertSame(in, c.transport().getExtraInfo("pipe"));
        run(loop, c.protocol().lost, 5);
        assertEquals("from a stream", c.protocol().text());
        List<String> ev = c.protocol().events;
        assertEquals(List.of("made", "data", "eof", "lost"), ev);
        assertNull(c.protocol().lostWith);
    }

    @Test
    void streamReaderOverAFifo(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Process writer = new ProcessBuilder("sh", "-c", "echo through the fifo > " + fifo).start();
        try (FileInputStream in = new FileInputStream(fifo.toFile())) {
            var c = run(loop, loop.connectReadPipe(() -> new ReadRecorder(loop), in), 5);
            run(loop, c.protocol().lost, 10);
            assertEquals("through the fifo\n", c.protocol().text());
        }
        assertEquals(0, writer.waitFor());
    }

    @Test
    void pausedStreamReaderStopsReading() throws Exception {
        CountingStream in = new CountingStream();
        var c = run(loop, loop.<ReadRecorder>connectReadPipe(() -> new ReadRecorder(loop) {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                ((ReadTransport) t).pauseReading();
            }
        }, in), 5);
        spin(loop, 0.2);
        int readsWhilePaused = in.reads.get();
        assertTrue(readsWhilePaused <= 3, "a paused reader kept reading: " + readsWhilePaused);
        spin(loop, 0.1);
        assertEquals(readsWhilePaused, in.reads.get());
        assertEquals("", c.protocol().text());
        c.transport().resumeReading();
        spin(loop, 0.1);
        assertTrue(c.protocol().data.size() > 3000);
        c.transport().pauseReading();
        spin(loop, 0.05);
        int size = c.protocol().data.size();
        int reads = in.reads.get();
        spin(loop, 0.1);
        assertEquals(size, c.protocol().data.size(), "no data while paused");
        assertTrue(in.reads.get() <= reads + 2);
        c.transport().close();
        run(loop, c.protocol().lost, 5);
        assertTrue(in.closed.get());
        assertNull(c.protocol().lostWith);
    }

    @Test
    void heldChunksComeInOrderBeforeTheEof() throws Exception {
        byte[] data = pattern(300_000);
        var c = run(loop, loop.<ReadRecorder>connectReadPipe(() -> new ReadRecorder(loop) {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                ((ReadTransport) t).pauseReading();
            }
        }, new ByteArrayInputStream(data)), 5);
        spin(loop, 0.1);
        assertEquals(List.of("made"), c.protocol().events);
        c.transport().resumeReading();
        run(loop, c.protocol().lost, 5);
        assertArrayEquals(data, c.protocol().data.toByteArray());
        List<String> ev = c.protocol().events;
        assertEquals(List.of("eof", "lost"), ev.subList(ev.size() - 2, ev.size()));
    }

    /** An input stream whose every read fails with {@code message}. */
    private static InputStream failingWith(String message) {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException(message);
            }
        };
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void streamReadErrorIsReportedAndEndsTheTransport() throws Exception {
        var c = run(loop, loop.connectReadPipe(() -> new ReadRecorder(loop), failingWith("device gone")), 5);
        run(loop, c.protocol().lost, 5);
        IOException e = assertInstanceOf(IOException.class, c.protocol().lostWith);
        assertEquals("device gone", e.getMessage());
        assertEquals(List.of("made", "lost"), c.protocol().events);
        assertEquals(1, reported.size(), "a read error other than EIO goes to the exception handler: " + reported);
        Map<String, Object> ctx = reported.getFirst();
        assertEquals("Fatal read error on pipe transport", ctx.get("message"));
        assertSame(e, ctx.get("exception"));
        assertSame(c.transport(), ctx.get("transport"));
        assertSame(c.protocol(), ctx.get("protocol"));
        assertTrue(c.transport().isClosing());
    }

    @Test
    void streamReadEioIsAQuietEnd() throws Exception {
        var c = run(loop, loop.connectReadPipe(() -> new ReadRecorder(loop), failingWith("Input/output error")), 5);
        run(loop, c.protocol().lost, 5);
        IOException e = assertInstanceOf(IOException.class, c.protocol().lostWith);
        assertEquals("Input/output error", e.getMessage());
        assertTrue(reported.isEmpty(), "EIO is only logged at debug level: " + reported);
    }

    @Test
    void streamWriterWritesThenClosesOnWriteEof() throws Exception {
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayOutputStream sink = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        var c = run(loop, loop.connectWritePipe(() -> new WriteRecorder(loop), sink), 5);
        WriteTransport t = c.transport();
        assertSame(sink, t.getExtraInfo("pipe"));
        assertTrue(t.canWriteEof());
        t.write("stream ".getBytes(StandardCharsets.UTF_8));
        t.writelines(List.of("writer".getBytes(StandardCharsets.UTF_8)));
        t.writeEof();
        run(loop, c.protocol().lost, 5);
        assertEquals("stream writer", sink.toString(StandardCharsets.UTF_8));
        assertTrue(closed.get());
        assertNull(c.protocol().lostWith);
    }

    @Test
    void streamWriterFlowControlFollowsTheWriterThread() throws Exception {
        Semaphore gate = new Semaphore(0);
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        OutputStream slow = new OutputStream() {
            @Override
            public void write(int b) {
                written.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                gate.acquireUninterruptibly();
                synchronized (written) {
                    written.write(b, off, len);
                }
            }
        };
        var c = run(loop, loop.connectWritePipe(() -> new WriteRecorder(loop), slow), 5);
        WriteTransport t = c.transport();
        byte[] a = pattern(50_000);
        byte[] b = pattern(50_000);
        t.write(a);
        assertEquals(50_000, t.getWriteBufferSize());
        assertEquals(List.of("made"), c.protocol().events);
        t.write(b);
        assertEquals(100_000, t.getWriteBufferSize());
        assertEquals(List.of("made", "pause"), c.protocol().events);
        gate.release(2);
        for (int i = 0; i < 200 && t.getWriteBufferSize() > 0; i++) {
            spin(loop, 0.01);
        }
        assertEquals(0, t.getWriteBufferSize());
        assertEquals(List.of("made", "pause", "resume"), c.protocol().events);
        assertEquals(100_000, written.size());
        t.close();
        run(loop, c.protocol().lost, 5);
    }

    @Test
    void streamWriteErrorIsReportedToTheProtocolOnly() throws Exception {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        var c = run(loop, loop.connectWritePipe(() -> new WriteRecorder(loop), broken), 5);
        c.transport().write("x".getBytes(StandardCharsets.UTF_8));
        run(loop, c.protocol().lost, 5);
        assertEquals("Broken pipe", assertInstanceOf(IOException.class, c.protocol().lostWith).getMessage());
        assertTrue(reported.isEmpty());
        c.transport().write("dropped".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, c.transport().getWriteBufferSize());
    }

    @Test
    void streamWriterAbortDoesNotWaitForABlockedWrite() throws Exception {
        Semaphore never = new Semaphore(0);
        OutputStream stuck = new OutputStream() {
            @Override
            public void write(int b) {
                never.acquireUninterruptibly();
            }

            @Override
            public void write(byte[] b, int off, int len) {
                never.acquireUninterruptibly();
            }
        };
        var c = run(loop, loop.connectWritePipe(() -> new WriteRecorder(loop), stuck), 5);
        c.transport().write(pattern(1000));
        spin(loop, 0.02);
        c.transport().abort();
        assertEquals(0, c.transport().getWriteBufferSize());
        run(loop, c.protocol().lost, 5);
        assertNull(c.protocol().lostWith);
        never.release(10);
    }

    @Test
    void streamWriterIntoAFifoReadByAChild(@TempDir Path dir) throws Exception {
        Path fifo = dir.resolve("fifo");
        Path out = dir.resolve("out");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Process reader = new ProcessBuilder("sh", "-c", "cat " + fifo + " > " + out).start();
        byte[] data = pattern(500_000);
        try (FileOutputStream fos = new FileOutputStream(fifo.toFile())) {
            var c = run(loop, loop.connectWritePipe(() -> new WriteRecorder(loop), fos), 5);
            c.transport().write(data);
            c.transport().close();
            run(loop, c.protocol().lost, 10);
        }
        assertEquals(0, reader.waitFor());
        assertArrayEquals(data, java.nio.file.Files.readAllBytes(out));
    }

    @Test
    void nullStreamsThrowAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> loop.connectReadPipe(() -> new ReadRecorder(loop), (InputStream) null));
        assertThrows(IllegalArgumentException.class, () -> loop.connectWritePipe(() -> new WriteRecorder(loop), (OutputStream) null));
        assertThrows(IllegalArgumentException.class, () -> loop.connectReadPipe(null, new ByteArrayInputStream(new byte[0])));
    }

    @Test
    void streamReaderCloseBeforeDataNeverDelivers() throws Exception {
        CountingStream in = new CountingStream();
        var c = run(loop, loop.<ReadRecorder>connectReadPipe(() -> new ReadRecorder(loop) {
            @Override
            public void connectionMade(BaseTransport t) {
                super.connectionMade(t);
                t.close();
            }
        }, in), 5);
        run(loop, c.protocol().lost, 5);
        spin(loop, 0.05);
        assertEquals(List.of("made", "lost"), c.protocol().events);
        assertTrue(in.closed.get());
        assertFalse(c.transport().isReading());
    }
}
