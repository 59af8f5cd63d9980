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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.ReadTransport;
import org.jasyncio.WriteTransport;
import org.jasyncio.harness.ExpectLoopReports;
import org.jasyncio.loop.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** connectReadPipe and connectWritePipe over java.nio Pipe ends (the pipe parts of test_unix_events and test_events). */
class PipeTransportTest {
    private EventLoop loop;
    private Pipe pipe;

    @BeforeEach
    void setUp() throws IOException {
        loop = Asyncio.newEventLoop();
        pipe = Pipe.open();
    }

    @AfterEach
    void tearDown() throws IOException {
        loop.close();
        pipe.source().close();
        pipe.sink().close();
    }

    /** Records the calls a read pipe makes, in order. */
    static class ReadRecorder implements Protocol {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final ByteArrayOutputStream data = new ByteArrayOutputStream();
        final Future<Void> lost;
        Throwable lostWith;

        ReadRecorder(EventLoop loop) {
            lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            events.add("made");
        }

        @Override
        public void dataReceived(byte[] d) {
            events.add("data");
            data.write(d, 0, d.length);
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return false;
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lostWith = exc;
            lost.setResult(null);
        }

        String text() {
            return data.toString(StandardCharsets.UTF_8);
        }
    }

    /** Records a write pipe's flow control and loss. */
    static class WriteRecorder implements Protocol {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final Future<Void> lost;
        Throwable lostWith;

        WriteRecorder(EventLoop loop) {
            lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            events.add("made");
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lostWith = exc;
            lost.setResult(null);
        }
    }

    private Connection<ReadTransport, ReadRecorder> readPipe() throws Exception {
        return run(loop, loop.connectReadPipe(() -> new ReadRecorder(loop), pipe.source()), 5);
    }

    private Connection<WriteTransport, WriteRecorder> writePipe() throws Exception {
        return run(loop, loop.connectWritePipe(() -> new WriteRecorder(loop), pipe.sink()), 5);
    }

    private void sinkWrite(String s) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
        while (b.hasRemaining()) {
            pipe.sink().write(b);
        }
    }

    /** Reads what is in the source now (non-blocking). */
    private byte[] drainSource(int max) throws IOException {
        pipe.source().configureBlocking(false);
        ByteBuffer b = ByteBuffer.allocate(max);
        pipe.source().read(b);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    @Test
    void readPipeDeliversDataThenEofThenLoss() throws Exception {
        var c = readPipe();
        assertEquals(List.of("made"), c.protocol().events);
        sinkWrite("hello ");
        spin(loop, 0.05);
        sinkWrite("pipe");
        pipe.sink().close();
        run(loop, c.protocol().lost, 5);
        assertEquals("hello pipe", c.protocol().text());
        List<String> ev = c.protocol().events;
        assertEquals("made", ev.getFirst());
        assertEquals(List.of("eof", "lost"), ev.subList(ev.size() - 2, ev.size()));
        assertNull(c.protocol().lostWith);
        assertFalse(pipe.source().isOpen(), "the transport closes its pipe after connectionLost");
    }

    @Test
    void readPipeFutureCompletesAfterConnectionMade() throws Exception {
        List<String> order = new ArrayList<>();
        Future<Connection<ReadTransport, ReadRecorder>> f = loop.connectReadPipe(() -> new ReadRecorder(loop) {
            @Override
            public void connectionMade(BaseTransport t) {
                order.add("made");
            }
        }, pipe.source());
        f.addDoneCallback(x -> order.add("done"));
        run(loop, f, 5);
        spin(loop, 0);
        assertEquals(List.of("made", "done"), order);
    }

    @Test
    void readPipeExtraInfoAndProtocol() throws Exception {
        var c = readPipe();
        assertSame(pipe.source(), c.transport().getExtraInfo("pipe"));
        assertNull(c.transport().getExtraInfo("socket"));
        assertEquals(7, (int) c.transport().getExtraInfo("socket", 7));
        assertSame(c.protocol(), c.transport().getProtocol());
        ReadRecorder other = new ReadRecorder(loop);
        c.transport().setProtocol(other);
        sinkWrite("x");
        spin(loop, 0.05);
        assertEquals("x", other.text());
        assertEquals("", c.protocol().text());
    }

    @Test
    void readPipePauseStopsReadingUntilResume() throws Exception {
        var c = readPipe();
        ReadTransport t = c.transport();
        assertTrue(t.isReading());
        t.pauseReading();
        t.pauseReading(); // idempotent
        assertFalse(t.isReading());
        sinkWrite("wait");
        spin(loop, 0.1);
        assertEquals("", c.protocol().text());
        t.resumeReading();
        t.resumeReading();
        assertTrue(t.isReading());
        spin(loop, 0.05);
        assertEquals("wait", c.protocol().text());
    }

    @Test
    void pausedReadPipeLeavesBytesInThePipe() throws Exception {
        var c = readPipe();
        c.transport().pauseReading();
        sinkWrite("still here");
        spin(loop, 0.05);
        assertEquals("still here", new String(drainSource(100), StandardCharsets.UTF_8));
    }

    @Test
    void readPipeCloseReportsCleanLoss() throws Exception {
        var c = readPipe();
        c.transport().close();
        assertTrue(c.transport().isClosing());
        assertFalse(c.transport().isReading());
        c.transport().close();
        run(loop, c.protocol().lost, 5);
        assertEquals(List.of("made", "lost"), c.protocol().events);
        assertNull(c.protocol().lostWith);
        assertFalse(pipe.source().isOpen());
        c.transport().resumeReading(); // no effect once closing
        assertFalse(c.transport().isReading());
    }

    @Test
    void readPipeCloseBeforeFirstReadNeverReads() throws Exception {
        var f = loop.connectReadPipe(() -> new ReadRecorder(loop), pipe.source());
        sinkWrite("unread");
        Connection<ReadTransport, ReadRecorder> c = run(loop, f, 5);
        c.transport().close();
        run(loop, c.protocol().lost, 5);
        assertFalse(c.protocol().events.contains("eof"));
    }

    @Test
    void readPipeFeedsABufferedProtocol() throws Exception {
        ByteBuffer target = ByteBuffer.allocate(4);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Future<Void> lost = loop.createFuture();
        var f = loop.connectReadPipe(() -> new BufferedProtocol() {
            @Override
            public ByteBuffer getBuffer(int sizeHint) {
                target.clear();
                return target;
            }

            @Override
            public void bufferUpdated(int nbytes) {
                got.write(target.array(), 0, nbytes);
            }

            @Override
            public void connectionLost(Throwable exc) {
                lost.setResult(null);
            }
        }, pipe.source());
        run(loop, f, 5);
        sinkWrite("buffered protocol data");
        pipe.sink().close();
        run(loop, lost, 5);
        assertEquals("buffered protocol data", got.toString(StandardCharsets.UTF_8));
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void readPipeProtocolErrorIsReportedAndReadingGoesOn() throws Exception {
        List<Map<String, Object>> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        boolean[] thrown = new boolean[1];
        var c = run(loop, loop.connectReadPipe(() -> new ReadRecorder(loop) {
            @Override
            public void dataReceived(byte[] d) {
                super.dataReceived(d);
                if (!thrown[0]) {
                    thrown[0] = true;
                    throw new IllegalStateException("bad protocol");
                }
            }
        }, pipe.source()), 5);
        sinkWrite("one");
        spin(loop, 0.05);
        sinkWrite("two");
        pipe.sink().close();
        run(loop, c.protocol().lost, 5);
        assertEquals("onetwo", c.protocol().text());
        assertEquals(1, reported.size());
        assertInstanceOf(IllegalStateException.class, reported.getFirst().get("exception"));
        // asyncio calls data_received outside the pipe's error handling: Handle._run's report, no transport key.
        assertEquals("Exception in callback _UnixReadPipeTransport._read_ready()", reported.getFirst().get("message"));
        assertTrue(reported.getFirst().containsKey("handle"));
        assertFalse(reported.getFirst().containsKey("transport"));
    }

    /**
     * A real read error on a watched pipe: the pipe's descriptor number is made to name a directory (dup2) while a
     * duplicate keeps the pipe itself, and so the poller's watch, alive. Data written to the pipe then wakes the
     * transport, and its read(2) of the descriptor fails with EISDIR.
     */
    @Test
    @ExpectLoopReports("provokes the report it checks")
    void readPipeReadErrorIsReportedAndPassedToConnectionLost() throws Throwable {
        List<Map<String, Object>> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        var c = readPipe();
        spin(loop, 0.05); // the transport now watches the pipe
        assumeTrue(org.jasyncio.internal.os.FdNumbers.available(), "descriptor numbers are not reachable");
        int fd = org.jasyncio.internal.os.FdNumbers.of(pipe.source());
        int keep = Libc.dup(fd);
        try {
            int dir = Libc.openDirectory("/");
            assertEquals(fd, Libc.dup2(dir, fd));
            Libc.close(dir);
            sinkWrite("wake up");
            run(loop, c.protocol().lost, 5);
        } finally {
            Libc.close(keep);
        }
        IOException e = assertInstanceOf(IOException.class, c.protocol().lostWith);
        assertEquals(List.of("made", "lost"), c.protocol().events);
        assertEquals(1, reported.size(), "a read error other than EIO goes to the exception handler: " + reported);
        assertEquals("Fatal read error on pipe transport", reported.getFirst().get("message"));
        assertSame(e, reported.getFirst().get("exception"));
        assertSame(c.transport(), reported.getFirst().get("transport"));
        assertSame(c.protocol(), reported.getFirst().get("protocol"));
    }

    /** The few C library calls the read-error test needs. */
    private static final class Libc {
        private static final java.lang.foreign.Linker LINKER = java.lang.foreign.Linker.nativeLinker();
        private static final java.lang.invoke.MethodHandle DUP = call("dup", 1);
        private static final java.lang.invoke.MethodHandle DUP2 = call("dup2", 2);
        private static final java.lang.invoke.MethodHandle CLOSE = call("close", 1);
        private static final java.lang.invoke.MethodHandle OPEN = LINKER.downcallHandle(
                LINKER.defaultLookup().find("open").orElseThrow(), java.lang.foreign.FunctionDescriptor.of(
                        java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.ADDRESS,
                        java.lang.foreign.ValueLayout.JAVA_INT));
        private static final int O_DIRECTORY = 0200000; // Linux

        private static java.lang.invoke.MethodHandle call(String name, int intArgs) {
            var args = new java.lang.foreign.MemoryLayout[intArgs];
            java.util.Arrays.fill(args, java.lang.foreign.ValueLayout.JAVA_INT);
            return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(),
                    java.lang.foreign.FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT, args));
        }

        static int dup(int fd) throws Throwable {
            return checked((int) DUP.invokeExact(fd));
        }

        static int dup2(int from, int to) throws Throwable {
            return checked((int) DUP2.invokeExact(from, to));
        }

        static void close(int fd) throws Throwable {
            checked((int) CLOSE.invokeExact(fd));
        }

        static int openDirectory(String path) throws Throwable {
            try (var arena = java.lang.foreign.Arena.ofConfined()) {
                return checked((int) OPEN.invokeExact(arena.allocateFrom(path), O_DIRECTORY));
            }
        }

        private static int checked(int r) {
            assertTrue(r >= 0, "the C call failed");
            return r;
        }
    }

    @Test
    void channelWatchedByAReaderIsRefused() throws IOException {
        pipe.source().configureBlocking(false);
        loop.addReader(pipe.source(), () -> { });
        assertThrows(IllegalStateException.class, () -> loop.connectReadPipe(() -> new ReadRecorder(loop), pipe.source()));
        assertTrue(loop.removeReader(pipe.source()));
    }

    @Test
    void aReadPipesChannelCannotBeWatchedByAReaderOrWriter() throws Exception {
        // test_unix_events' test_add_reader_or_writer_transport_fd, for a pipe transport
        var c = readPipe();
        spin(loop, 0.02);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.addReader(pipe.source(), () -> { }));
        assertTrue(e.getMessage().startsWith("File descriptor ") && e.getMessage().contains(" is used by transport "),
                e.getMessage());
        assertThrows(IllegalStateException.class, () -> loop.removeReader(pipe.source()));
        c.transport().close();
        run(loop, c.protocol().lost, 5);
    }

    @Test
    void nullArgumentsThrowAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> loop.connectReadPipe(null, pipe.source()));
        assertThrows(IllegalArgumentException.class, () -> loop.connectReadPipe(() -> new ReadRecorder(loop), (Pipe.SourceChannel) null));
        assertThrows(IllegalArgumentException.class, () -> loop.connectWritePipe(() -> new WriteRecorder(loop), (Pipe.SinkChannel) null));
        assertThrows(IllegalArgumentException.class, () -> loop.connectWritePipe(null, pipe.sink()));
    }

    @Test
    void writePipeWritesReachTheReader() throws Exception {
        var c = writePipe();
        WriteTransport t = c.transport();
        assertEquals(List.of("made"), c.protocol().events);
        t.write("abc".getBytes(StandardCharsets.UTF_8));
        t.write(ByteBuffer.wrap("def".getBytes(StandardCharsets.UTF_8)));
        t.writelines(List.of("g".getBytes(StandardCharsets.UTF_8), "h".getBytes(StandardCharsets.UTF_8)));
        t.write(new byte[0]);
        assertEquals(0, t.getWriteBufferSize());
        assertEquals("abcdefgh", new String(drainSource(100), StandardCharsets.UTF_8));
        assertSame(pipe.sink(), t.getExtraInfo("pipe"));
    }

    @Test
    void writePipeBuffersAndDrivesFlowControl() throws Exception {
        var c = writePipe();
        WriteTransport t = c.transport();
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) i;
        }
        t.write(big);
        int buffered = t.getWriteBufferSize();
        assertTrue(buffered > 0 && buffered < big.length, "buffered " + buffered);
        assertEquals(List.of("made", "pause"), c.protocol().events);
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                ByteBuffer b = ByteBuffer.allocate(65536);
                var src = pipe.source();
                src.configureBlocking(true);
                while (got.size() < big.length) {
                    b.clear();
                    int n = src.read(b);
                    got.write(b.array(), 0, n);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (t.getWriteBufferSize() > 0 && System.nanoTime() < deadline) {
            spin(loop, 0.01);
        }
        reader.join(10_000);
        assertEquals(List.of("made", "pause", "resume"), c.protocol().events);
        assertArrayEquals(big, got.toByteArray());
    }

    @Test
    void writePipeWriteEofClosesAfterDraining() throws Exception {
        var c = writePipe();
        WriteTransport t = c.transport();
        assertTrue(t.canWriteEof());
        t.write("last".getBytes(StandardCharsets.UTF_8));
        t.writeEof();
        assertTrue(t.isClosing());
        t.writeEof();
        run(loop, c.protocol().lost, 5);
        assertNull(c.protocol().lostWith);
        assertFalse(pipe.sink().isOpen());
        pipe.source().configureBlocking(true);
        ByteBuffer b = ByteBuffer.allocate(16);
        while (pipe.source().read(b) >= 0) {
            // until the end of file
        }
        assertEquals("last", new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
    }

    @Test
    void writePipeCloseWaitsForBufferedBytes() throws Exception {
        var c = writePipe();
        WriteTransport t = c.transport();
        t.write(new byte[200_000]);
        t.close();
        spin(loop, 0.05);
        assertFalse(c.protocol().lost.done(), "close must let the buffer drain first");
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                pipe.source().configureBlocking(true);
                ByteBuffer b = ByteBuffer.allocate(65536);
                while (pipe.source().read(b.clear()) >= 0) {
                    // discard
                }
            } catch (IOException ignored) {
                // the test checks the protocol side
            }
        });
        run(loop, c.protocol().lost, 10);
        // The JDK really closes a channel that was registered with a selector at the selector's next poll.
        for (int i = 0; i < 500 && reader.isAlive(); i++) {
            spin(loop, 0.01);
        }
        assertFalse(reader.isAlive(), "the reader must see the end of file");
        assertNull(c.protocol().lostWith);
    }

    @Test
    void writePipeAbortDropsTheBuffer() throws Exception {
        var c = writePipe();
        WriteTransport t = c.transport();
        t.write(new byte[1 << 20]);
        assertTrue(t.getWriteBufferSize() > 0);
        t.abort();
        assertEquals(0, t.getWriteBufferSize());
        run(loop, c.protocol().lost, 5);
        assertNull(c.protocol().lostWith);
        assertFalse(pipe.sink().isOpen());
    }

    @Test
    void writesAfterCloseAreDropped() throws Exception {
        var c = writePipe();
        WriteTransport t = c.transport();
        t.close();
        for (int i = 0; i < 7; i++) {
            t.write("ignored".getBytes(StandardCharsets.UTF_8));
        }
        run(loop, c.protocol().lost, 5);
        assertEquals(0, t.getWriteBufferSize());
    }

    @Test
    void writesAfterCloseOrAbortWarnFromTheSixthOn() throws Exception {
        // asyncio's pipe close and abort count no lost connection: of seven refused writes, the sixth and seventh warn
        for (boolean abort : new boolean[] {false, true}) {
            var c = writePipe();
            WriteTransport t = c.transport();
            try (LogCapture log = new LogCapture()) {
                if (abort) {
                    t.abort();
                } else {
                    t.close();
                }
                for (int i = 0; i < 7; i++) {
                    t.write("ignored".getBytes(StandardCharsets.UTF_8));
                }
                run(loop, c.protocol().lost, 5);
                assertEquals(2, log.matching(m -> m.startsWith("pipe closed by peer")).size(), abort ? "abort" : "close");
            }
            pipe.source().close();
            pipe = Pipe.open();
        }
    }

    @Test
    void pipeTransportsLetGoOfTheirProtocolAfterConnectionLost() throws Exception {
        // asyncio's _call_connection_lost drops the protocol once it has been told
        var r = readPipe();
        var w = writePipe();
        r.transport().close();
        w.transport().close();
        run(loop, r.protocol().lost, 5);
        run(loop, w.protocol().lost, 5);
        assertNull(r.transport().getProtocol());
        assertNull(w.transport().getProtocol());
    }

    @Test
    void writeToAClosedReaderIsABrokenPipe() throws Exception {
        var c = writePipe();
        pipe.source().close();
        c.transport().write("nobody reads".getBytes(StandardCharsets.UTF_8));
        run(loop, c.protocol().lost, 5);
        assertInstanceOf(IOException.class, c.protocol().lostWith);
        assertTrue(c.transport().isClosing());
        c.transport().write("more".getBytes(StandardCharsets.UTF_8));
        Future<String> alive = loop.createFuture();
        loop.callSoon(() -> alive.setResult("loop runs"));
        assertEquals("loop runs", run(loop, alive, 5));
    }

    @Test
    void readerGoneWhileBytesWaitIsABrokenPipe() throws Exception {
        var c = writePipe();
        c.transport().write(new byte[1 << 20]);
        spin(loop, 0.02);
        pipe.source().close();
        run(loop, c.protocol().lost, 5);
        assertInstanceOf(IOException.class, c.protocol().lostWith);
    }

    @Test
    void writePipeLimitsAndArgumentChecks() throws Exception {
        var c = writePipe();
        WriteTransport t = c.transport();
        assertEquals(65536, t.getWriteBufferHighLimit());
        assertEquals(16384, t.getWriteBufferLowLimit());
        t.setWriteBufferLimits(4000);
        assertEquals(4000, t.getWriteBufferHighLimit());
        assertEquals(1000, t.getWriteBufferLowLimit());
        t.setWriteBufferLimits(0, 0);
        assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(1, 2));
        assertEquals("high (-1) must be >= low (-1) must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(-1)).getMessage());
        assertEquals("data argument must be a bytes-like object, not 'null'",
                assertThrows(IllegalArgumentException.class, () -> t.write((ByteBuffer) null)).getMessage());
        assertEquals("writelines() expects an iterable of bytes, not 'null'",
                assertThrows(IllegalArgumentException.class, () -> t.writelines(null)).getMessage());
    }

    @Test
    void loweringTheHighMarkPausesAtOnce() throws Exception {
        var c = writePipe();
        WriteTransport t = c.transport();
        t.setWriteBufferLimits(1 << 30);
        t.write(new byte[1 << 20]);
        assertEquals(List.of("made"), c.protocol().events);
        t.setWriteBufferLimits(1000);
        assertEquals(List.of("made", "pause"), c.protocol().events);
        t.abort();
        run(loop, c.protocol().lost, 5);
    }

    @Test
    void readAndWritePipesTalkThroughOneLoop() throws Exception {
        var r = readPipe();
        var w = writePipe();
        for (int i = 0; i < 100; i++) {
            w.transport().write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        w.transport().close();
        run(loop, r.protocol().lost, 5);
        assertEquals(100, r.protocol().text().lines().count());
        assertTrue(r.protocol().text().endsWith("line 99\n"));
        assertTrue(w.protocol().lost.done());
    }
    @Test
    void protocolFactoryFailureFailsTheFuture() {
        var f = loop.<ReadRecorder>connectReadPipe(() -> {
            throw new IllegalStateException("no protocol today");
        }, pipe.source());
        var e = assertThrows(IllegalStateException.class, () -> run(loop, f, 5));
        assertEquals("no protocol today", e.getMessage());
    }
}
