package org.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import org.jasyncio.Asyncio;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.StreamHandler;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamReaderProtocol;
import org.jasyncio.StreamWriter;
import org.jasyncio.Streams;
import org.junit.jupiter.api.Test;

/**
 * test_streams.py's checks that the other stream test classes had not made yet: a reader on a pipe with a tiny
 * limit, the reader's and protocol's choice of loop, a server on a socket it is given, a handler that hands its
 * streams to a task of its own, and the writer's closing state.
 */
class StreamConformanceTest extends StreamsFixture {

    /** Answers the line it reads, then closes. */
    private static final StreamHandler ECHO_LINE = (reader, writer) -> {
        writer.write(Asyncio.await(reader.readline()));
        Asyncio.await(writer.drain());
        writer.close();
        Asyncio.await(writer.waitClosed());
    };

    private String helloRoundTrip(int port) throws Exception {
        return run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().write(b("hello world!\n"));
            byte[] back = Asyncio.await(s.reader().readline());
            s.writer().close();
            Asyncio.await(s.writer().waitClosed());
            return s(back);
        });
    }

    private void stop(Server server) throws Exception {
        server.close();
        await(server.waitClosed());
    }

    /** test_read_all_from_pipe_reader: limit 1 pauses the pipe at once, and read() to EOF still gets everything. */
    @Test
    void readToEofThroughAPipeWithLimitOneGetsEverything() throws Exception {
        Pipe pipe = Pipe.open();
        StreamReader reader = new StreamReader(1);
        byte[] got = run(() -> {
            StreamReaderProtocol protocol = new StreamReaderProtocol(reader);
            Connection<ReadTransport, StreamReaderProtocol> c = Asyncio.await(
                    loop.connectReadPipe(() -> protocol, pipe.source()));
            try (Pipe.SinkChannel sink = pipe.sink()) {
                sink.write(ByteBuffer.wrap(b("data")));
            }
            try {
                return Asyncio.await(reader.read(-1));
            } finally {
                c.transport().close();
            }
        });
        assertEquals("data", s(got));
        assertTrue(reader.atEof());
        assertNothingReported();
    }

    /** test_streamreader_constructor_use_global_loop: a reader made outside any loop reads on the current loop. */
    @Test
    void aReaderMadeOutsideALoopReadsOnTheCurrentLoop() throws Exception {
        Asyncio.setEventLoop(loop);
        try {
            StreamReader r = new StreamReader();
            r.feedData(b("x"));
            Future<byte[]> f = r.read(1);
            assertSame(loop, f.getLoop());
            assertEquals("x", s(await(f)));
        } finally {
            Asyncio.setEventLoop(null);
        }
    }

    /** test_streamreaderprotocol_constructor_without_loop: asyncio's RuntimeError 'no current event loop'. */
    @Test
    void aProtocolMadeWithNoLoopAtAllIsRefused() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new StreamReaderProtocol(new StreamReader()));
        assertTrue(e.getMessage().contains("no current event loop"), e.getMessage());
    }

    /** test_start_server, its {@code sock=} variant: the server listens on the channel it is given. */
    @Test
    void aServerOnAGivenSocketServesItsClients() throws Exception {
        ServerSocketChannel sock = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        int port = ((InetSocketAddress) sock.getLocalAddress()).getPort();
        Server server = run(() -> Asyncio.await(
                Asyncio.startServer(ECHO_LINE, null, 0, ServerOptions.defaults().sock(sock))));
        assertEquals("hello world!\n", helloRoundTrip(port));
        stop(server);
        assertNothingReported();
    }

    /**
     * test_start_server, its callback variant: a handler that only starts a task of its own and returns leaves the
     * connection open for that task.
     */
    @Test
    void aHandlerThatHandsItsStreamsToATaskKeepsTheConnectionOpen() throws Exception {
        java.util.List<Object> tasks = new java.util.ArrayList<>(); // held, as an asyncio program must hold its tasks
        StreamHandler callback = (reader, writer) -> {
            tasks.add(Asyncio.createTask(() -> {
                Asyncio.await(Asyncio.sleep(0.05));
                ECHO_LINE.handle(reader, writer);
                return null;
            }));
        };
        Server server = run(() -> Asyncio.await(Asyncio.startServer(callback, "127.0.0.1", 0)));
        assertEquals("hello world!\n", helloRoundTrip(port(server)));
        stop(server);
        assertNothingReported();
    }

    /** test_wait_closed_on_close: not closing while open, closing at once after close(), and waitClosed() ends. */
    @Test
    void isClosingTurnsTrueAtCloseAndWaitClosedEnds() throws Exception {
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            Asyncio.await(r.readline());
            w.write(b("HTTP/1.0 200 OK\r\n\r\nTest message"));
            w.close();
        }, "127.0.0.1", 0)));
        int port = port(server);
        run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
            assertEquals("HTTP/1.0 200 OK\r\n", s(Asyncio.await(s.reader().readline())));
            assertTrue(s(Asyncio.await(s.reader().read())).endsWith("\r\nTest message"));
            assertFalse(s.writer().isClosing());
            s.writer().close();
            assertTrue(s.writer().isClosing());
            Asyncio.await(s.writer().waitClosed());
            return null;
        });
        stop(server);
        assertNothingReported();
    }

    /**
     * StreamReaderProtocol.connection_lost(exc): the reader gets the error, and the writer's waitClosed() (each call)
     * fails with it, while a drain fails with it too.
     */
    @Test
    void aConnectionLostWithAnErrorFailsWaitClosedWithIt() throws Exception {
        Server server = run(() -> Asyncio.await(Asyncio.startServer(ECHO_LINE, "127.0.0.1", 0)));
        int port = port(server);
        java.net.SocketException lost = new java.net.SocketException("Connection reset by peer");
        run(() -> {
            StreamReader reader = new StreamReader();
            StreamReaderProtocol protocol = new StreamReaderProtocol(reader);
            Connection<org.jasyncio.Transport, StreamReaderProtocol> c = Asyncio.await(
                    loop.createConnection(() -> protocol, "127.0.0.1", port));
            StreamWriter w = new StreamWriter(c.transport(), protocol, reader, loop);
            Future<Void> early = w.waitClosed();
            protocol.connectionLost(lost);
            c.transport().close();
            assertSame(lost, assertThrows(Exception.class, () -> Asyncio.await(early)));
            assertSame(lost, assertThrows(Exception.class, () -> Asyncio.await(w.waitClosed())));
            assertSame(lost, assertThrows(Exception.class, () -> Asyncio.await(w.drain())));
            assertSame(lost, reader.exception());
            return null;
        });
        stop(server);
        assertNothingReported();
    }

    /**
     * asyncio's stdio-streams recipe: a writer on {@code connect_write_pipe} with a reader-less protocol writes,
     * drains and closes the pipe.
     */
    @Test
    void aWriterOnAWritePipeWritesDrainsAndCloses() throws Exception {
        Pipe pipe = Pipe.open();
        run(() -> {
            StreamReaderProtocol protocol = new StreamReaderProtocol(null);
            Connection<org.jasyncio.WriteTransport, StreamReaderProtocol> c = Asyncio.await(
                    loop.connectWritePipe(() -> protocol, pipe.sink()));
            StreamWriter w = new StreamWriter(c.transport(), protocol, null, loop);
            w.write(b("to the pipe\n"));
            Asyncio.await(w.drain());
            w.close();
            Asyncio.await(w.waitClosed());
            return null;
        });
        ByteBuffer got = ByteBuffer.allocate(64);
        try (Pipe.SourceChannel source = pipe.source()) {
            while (source.read(got) > 0) {
                // until the closed write end gives EOF
            }
        }
        assertEquals("to the pipe\n", s(java.util.Arrays.copyOf(got.array(), got.position())));
        assertNothingReported();
    }

    /**
     * test_unhandled_cancel: a handler that closes its writer and cancels its own task, then returns, is cancelled:
     * nothing is reported, and the client sees the end of the stream.
     */
    @Test
    void aHandlerCancellingItselfIsNotReported() throws Exception {
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            w.close();
            Asyncio.currentTask().cancel();
        }, "127.0.0.1", 0)));
        int port = port(server);
        byte[] rest = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            byte[] got = Asyncio.await(s.reader().read());
            s.writer().close();
            Asyncio.await(s.writer().waitClosed());
            return got;
        });
        stop(server);
        assertEquals(0, rest.length);
        assertNothingReported();
    }

    /**
     * The writer's half-close as asyncio's: write() after write_eof() is a RuntimeError("Cannot call write() after
     * write_eof()"), a second write_eof() and a second close() do nothing, waitClosed() may be awaited twice, and a
     * write after close() without write_eof() is dropped silently.
     */
    @Test
    void writeAfterWriteEofIsRefusedAndClosingTwiceIsHarmless() throws Exception {
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            w.write(Asyncio.await(r.read()));
            Asyncio.await(w.drain());
            w.close();
        }, "127.0.0.1", 0)));
        int port = port(server);
        run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            StreamWriter w = s.writer();
            w.write(b("x"));
            w.writeEof();
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> w.write(b("y")));
            assertEquals("Cannot call write() after write_eof()", e.getMessage());
            w.writeEof();
            assertEquals("x", s(Asyncio.await(s.reader().read())));
            w.close();
            assertTrue(w.isClosing());
            w.close();
            Asyncio.await(w.waitClosed());
            Asyncio.await(w.waitClosed());
            assertTrue(w.canWriteEof());

            Streams t = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            t.writer().close();
            t.writer().write(b("dropped"));
            Asyncio.await(t.writer().waitClosed());
            return null;
        });
        stop(server);
        assertNothingReported();
    }
}
