package org.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.Server;
import org.jasyncio.StreamHandler;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamReaderProtocol;
import org.jasyncio.StreamWriter;
import org.jasyncio.Streams;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test_streams.py's connection behaviours over real TCP and Unix sockets on loopback. */
class StreamConnectionTest extends StreamsFixture {
    @TempDir
    Path dir;

    /** Reads one line and echoes it, then closes: test_streams.py's handle_client. */
    static final StreamHandler ECHO_LINE = (reader, writer) -> {
        byte[] line = Asyncio.await(reader.readline());
        writer.write(line);
        Asyncio.await(writer.drain());
        writer.close();
        Asyncio.await(writer.waitClosed());
    };

    /** Echoes lines until EOF. */
    static final StreamHandler ECHO_LINES = (reader, writer) -> {
        byte[] line;
        while ((line = Asyncio.await(reader.readline())).length > 0) {
            writer.write(line);
            Asyncio.await(writer.drain());
        }
        writer.close();
    };

    /** Echoes with read(65536)/write/drain until EOF, then half-closes. */
    static final StreamHandler ECHO_BYTES = (reader, writer) -> {
        byte[] data;
        while ((data = Asyncio.await(reader.read(65536))).length > 0) {
            writer.write(data);
            Asyncio.await(writer.drain());
        }
        writer.writeEof();
        Asyncio.await(writer.drain());
        writer.close();
    };

    private Server tcpServer(StreamHandler h) throws Exception {
        return run(() -> Asyncio.await(Asyncio.startServer(h, "127.0.0.1", 0)));
    }

    private void stop(Server server) throws Exception {
        server.close();
        await(server.waitClosed());
    }

    private String helloRoundTrip(Streams s) throws Exception {
        s.writer().write(b("hello world!\n"));
        byte[] back = Asyncio.await(s.reader().readline());
        s.writer().close();
        Asyncio.await(s.writer().waitClosed());
        return s(back);
    }

    @Test
    void aTcpClientAndServerExchangeALine() throws Exception {
        Server server = tcpServer(ECHO_LINE);
        int port = port(server);
        String back = run(() -> helloRoundTrip(Asyncio.await(Asyncio.openConnection("127.0.0.1", port))));
        stop(server);
        assertEquals("hello world!\n", back);
        assertNothingReported();
    }

    @Test
    void aUnixClientAndServerExchangeALine() throws Exception {
        Path path = dir.resolve("s.sock");
        Server server = run(() -> Asyncio.await(Asyncio.startUnixServer(ECHO_LINE, path)));
        String back = run(() -> helloRoundTrip(Asyncio.await(Asyncio.openUnixConnection(path))));
        stop(server);
        assertEquals("hello world!\n", back);
        assertNothingReported();
    }

    @Test
    void aServerGivesEachReaderItsLimit() throws Exception {
        AtomicReference<Integer> seen = new AtomicReference<>();
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            seen.set(r.limit());
            w.close();
        }, "127.0.0.1", 0, org.jasyncio.ServerOptions.defaults(), 1234)));
        int port = port(server);
        byte[] got = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port, org.jasyncio.ConnectOptions.defaults(), 99));
            assertEquals(99, s.reader().limit());
            return Asyncio.await(s.reader().read());
        });
        stop(server);
        assertEquals(0, got.length);
        assertEquals(1234, seen.get());
    }

    @Test
    void manyClientsAreServedEachInItsOwnTask() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        List<Object> results = run(() -> {
            List<Future<?>> clients = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int id = i;
                clients.add(loop.createTask(() -> {
                    Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
                    StringBuilder sb = new StringBuilder();
                    for (int k = 0; k < 10; k++) {
                        s.writer().write(b("client " + id + " line " + k + "\n"));
                        sb.append(s(Asyncio.await(s.reader().readline())));
                    }
                    s.writer().close();
                    return sb.toString();
                }));
            }
            return Asyncio.await(Asyncio.gather(clients.toArray(new Future<?>[0])));
        });
        stop(server);
        for (int i = 0; i < 20; i++) {
            StringBuilder want = new StringBuilder();
            for (int k = 0; k < 10; k++) {
                want.append("client ").append(i).append(" line ").append(k).append('\n');
            }
            assertEquals(want.toString(), results.get(i));
        }
        assertNothingReported();
    }

    @Test
    void aHandlerThatThrowsIsReportedAndItsConnectionClosed() throws Exception {
        org.jasyncio.harness.LoopReportGuard.expect("Unhandled exception in client_connected_cb");
        ArithmeticException boom = new ArithmeticException("boom");
        Server server = tcpServer((r, w) -> {
            Asyncio.await(r.readline());
            throw boom;
        });
        int port = port(server);
        byte[] rest = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().write(b("go\n"));
            return Asyncio.await(s.reader().read());
        });
        stop(server);
        assertEquals(0, rest.length, "the server closed the connection");
        assertEquals(List.of("Unhandled exception in client_connected_cb"), reportedMessages());
        Map<String, Object> ctx = reported.get(0);
        assertSame(boom, ctx.get("exception"));
        assertInstanceOf(Transport.class, ctx.get("transport"));
    }

    @Test
    void aCancelledHandlerClosesItsConnectionSilently() throws Exception {
        Server server = tcpServer((r, w) -> Asyncio.await(Asyncio.currentTask().getLoop().createFuture()));
        int port = port(server);
        byte[] rest = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            Asyncio.await(Asyncio.sleep(0.05));
            for (var t : Asyncio.allTasks()) {
                if (t != Asyncio.currentTask()) {
                    t.cancel();
                }
            }
            return Asyncio.await(s.reader().read());
        });
        stop(server);
        assertEquals(0, rest.length);
        assertNothingReported();
    }

    @Test
    void aLostConnectionsErrorReachesTheReader() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        ArithmeticException lost = new ArithmeticException("lost");
        Exception e = assertThrows(Exception.class, () -> run(() -> {
            StreamReader reader = new StreamReader();
            StreamReaderProtocol protocol = new StreamReaderProtocol(reader);
            Connection<Transport, StreamReaderProtocol> c = Asyncio.await(
                    loop.createConnection(() -> protocol, "127.0.0.1", port));
            protocol.connectionLost(lost);
            try {
                return Asyncio.await(reader.read());
            } finally {
                c.transport().close();
            }
        }));
        spin(2);
        stop(server);
        assertSame(lost, e);
        assertNothingReported();
    }

    @Test
    void readToEofGetsEverythingTheServerSentBeforeClosing() throws Exception {
        Server server = tcpServer((r, w) -> {
            Asyncio.await(r.readline());
            w.write(b("HTTP/1.0 200 OK\r\n"));
            w.write(b("Content-Type: text/plain\r\n\r\nTest message"));
            w.close();
        });
        int port = port(server);
        List<String> got = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().write(b("GET / HTTP/1.0\r\n\r\n"));
            String status = s(Asyncio.await(s.reader().readline()));
            String body = s(Asyncio.await(s.reader().read()));
            assertFalse(s.writer().isClosing());
            s.writer().close();
            assertTrue(s.writer().isClosing());
            Asyncio.await(s.writer().waitClosed());
            return List.of(status, body);
        });
        stop(server);
        assertEquals("HTTP/1.0 200 OK\r\n", got.get(0));
        assertTrue(got.get(1).endsWith("\r\n\r\nTest message"), got.get(1));
        assertNothingReported();
    }

    @Test
    void waitClosedWorksWithUnreadData() throws Exception {
        Server server = tcpServer((r, w) -> {
            w.write(new byte[100_000]);
            Asyncio.await(w.drain());
            Asyncio.await(r.read());
            w.close();
        });
        int port = port(server);
        run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            Asyncio.await(s.reader().readexactly(10));
            s.writer().close();
            Asyncio.await(s.writer().waitClosed());
            return null;
        });
        stop(server);
        assertNothingReported();
    }

    @Test
    void drainAfterCloseFailsWithConnectionLost() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        Exception e = assertThrows(Exception.class, () -> run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().close();
            s.writer().write(b("data"));
            return Asyncio.await(s.writer().drain());
        }));
        stop(server);
        assertInstanceOf(SocketException.class, e);
        assertEquals("Connection lost", e.getMessage());
        assertNothingReported();
    }

    @Test
    void closingTheWriterFeedsEofToTheReader() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        byte[] got = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().close();
            Asyncio.await(s.writer().waitClosed());
            assertTrue(s.reader().atEof());
            return Asyncio.await(s.reader().read());
        });
        stop(server);
        assertEquals(0, got.length);
        assertNothingReported();
    }

    @Test
    void drainGivesUpWhenThePeerHasGone() throws Exception {
        try (ServerSocket plain = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                try {
                    plain.accept().close();
                } catch (IOException ignored) {
                    // the test fails on its own if the peer never shows
                }
            });
            int port = plain.getLocalPort();
            Exception e = assertThrows(Exception.class, () -> run(() -> {
                Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
                while (true) {
                    s.writer().write(b("foo\n"));
                    Asyncio.await(s.writer().drain());
                }
            }));
            t.join(10_000);
            assertInstanceOf(IOException.class, e, String.valueOf(e));
        }
        assertNothingReported();
    }

    @Test
    void everyDrainWaitingOnAPausedWriterWakes() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        int drained = run(() -> {
            StreamReader reader = new StreamReader();
            StreamReaderProtocol protocol = new StreamReaderProtocol(reader);
            Connection<Transport, StreamReaderProtocol> c = Asyncio.await(
                    loop.createConnection(() -> protocol, "127.0.0.1", port));
            StreamWriter w = new StreamWriter(c.transport(), protocol, reader, loop);
            protocol.pauseWriting();
            List<Future<Void>> drains = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                drains.add(w.drain());
            }
            assertFalse(drains.get(0).done());
            drains.get(3).cancel();
            loop.callLater(0.05, protocol::resumeWriting);
            int n = 0;
            for (Future<Void> d : drains) {
                if (!d.cancelled()) {
                    Asyncio.await(d);
                    n++;
                }
            }
            assertTrue(w.drain().done(), "not paused: done at once");
            w.close();
            return n;
        });
        stop(server);
        assertEquals(9, drained);
        assertNothingReported();
    }

    @Test
    void drainWaitsForTheTransportToFlushThenGoesOn() throws Exception {
        Future<Void> go = loop.createFuture();
        Server server = tcpServer((r, w) -> {
            Asyncio.await(go);
            byte[] all = Asyncio.await(r.read());
            w.write(b(Integer.toString(all.length)));
            w.close();
        });
        int port = port(server);
        String count = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.writer().transport().setWriteBufferLimits(16 * 1024);
            byte[] chunk = new byte[64 * 1024];
            int total = 0;
            boolean waited = false;
            for (int i = 0; i < 64; i++) {
                s.writer().write(chunk);
                total += chunk.length;
                Future<Void> d = s.writer().drain();
                if (!d.done()) {
                    waited = true;
                    if (!go.done()) {
                        go.setResult(null);
                    }
                }
                Asyncio.await(d);
            }
            assertTrue(waited, "4 MiB into a paused peer must fill the buffer");
            s.writer().writeEof();
            String got = s(Asyncio.await(s.reader().read()));
            assertEquals(Integer.toString(total), got);
            return got;
        });
        stop(server);
        assertEquals(Integer.toString(4 * 1024 * 1024), count);
        assertNothingReported();
    }

    @Test
    void drainWaitingWhenTheConnectionIsLostFailsWithItsError() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        ArithmeticException lost = new ArithmeticException("lost");
        Exception e = assertThrows(Exception.class, () -> run(() -> {
            StreamReader reader = new StreamReader();
            StreamReaderProtocol protocol = new StreamReaderProtocol(reader);
            Connection<Transport, StreamReaderProtocol> c = Asyncio.await(
                    loop.createConnection(() -> protocol, "127.0.0.1", port));
            StreamWriter w = new StreamWriter(c.transport(), protocol, null, loop);
            protocol.pauseWriting();
            Future<Void> d = w.drain();
            loop.callSoon(() -> protocol.connectionLost(lost));
            try {
                return Asyncio.await(d);
            } finally {
                c.transport().close();
            }
        }));
        spin(2);
        stop(server);
        assertSame(lost, e);
    }

    @Test
    void drainFailsWithTheReadersException() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        IllegalStateException boom = new IllegalStateException("boom");
        Exception e = assertThrows(Exception.class, () -> run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            s.reader().setException(boom);
            try {
                return Asyncio.await(s.writer().drain());
            } finally {
                s.writer().close();
            }
        }));
        stop(server);
        assertSame(boom, e);
    }

    @Test
    void halfCloseLetsTheClientReadTheAnswer() throws Exception {
        Server server = tcpServer((r, w) -> {
            byte[] all = Asyncio.await(r.read());
            w.write(b("got " + all.length));
            w.close();
        });
        int port = port(server);
        String answer = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            assertTrue(s.writer().canWriteEof());
            s.writer().writelines(List.of(b("ab"), b("cd")));
            s.writer().write(ByteBuffer.wrap(b("xxefxx"), 2, 2));
            s.writer().writeEof();
            return s(Asyncio.await(s.reader().read()));
        });
        stop(server);
        assertEquals("got 6", answer);
        assertNothingReported();
    }

    @Test
    void extraInfoAndTransportComeFromTheConnection() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            InetSocketAddress peer = (InetSocketAddress) s.writer().getExtraInfo("peername");
            assertEquals(port, peer.getPort());
            assertNotNull(s.writer().getExtraInfo("sockname"));
            assertEquals("dflt", s.writer().getExtraInfo("no such thing", "dflt"));
            assertEquals(null, s.writer().getExtraInfo("sslcontext"));
            assertNotNull(s.writer().transport());
            assertTrue(s.writer().toString().startsWith("<StreamWriter transport="), s.writer().toString());
            s.writer().close();
            return null;
        });
        stop(server);
    }

    @Test
    void aRefusedConnectionFailsTheOpen() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Exception e = assertThrows(Exception.class,
                () -> run(() -> Asyncio.await(Asyncio.openConnection("127.0.0.1", port))));
        assertInstanceOf(IOException.class, e);
    }

    @Test
    void cancellingAnOpenCancelsTheConnect() throws Exception {
        Exception e = assertThrows(Exception.class, () -> run(() -> {
            Future<Streams> f = Asyncio.openConnection("10.255.255.1", 9);
            loop.callSoon(f::cancel);
            return Asyncio.await(f);
        }));
        assertInstanceOf(CancelledError.class, e);
    }

    @Test
    void openingOutsideARunningLoopIsRefused() {
        assertThrows(IllegalStateException.class, () -> Asyncio.openConnection("127.0.0.1", 1));
        assertThrows(IllegalStateException.class, () -> Asyncio.startServer((r, w) -> { }, "127.0.0.1", 0));
    }

    @Test
    void aProtocolWithoutAReaderDropsWhatArrives() throws Exception {
        Server server = tcpServer((r, w) -> {
            w.write(new byte[50_000]);
            w.close();
        });
        int port = port(server);
        run(() -> {
            StreamReaderProtocol protocol = new StreamReaderProtocol(null);
            Connection<Transport, StreamReaderProtocol> c = Asyncio.await(
                    loop.createConnection(() -> protocol, "127.0.0.1", port));
            StreamWriter w = new StreamWriter(c.transport(), protocol, null, loop);
            Asyncio.await(Asyncio.sleep(0.1));
            assertFalse(w.isClosing(), "EOF keeps the connection half-open, as asyncio's protocol does");
            w.close();
            Asyncio.await(w.waitClosed());
            return null;
        });
        stop(server);
        assertNothingReported();
    }

    @Test
    void aWriterOnAnotherProtocolsFlowControlDrainsAndClosesByIt() throws Exception {
        Server server = tcpServer(ECHO_LINES);
        int port = port(server);
        String out = run(() -> {
            org.jasyncio.internal.streams.DrainFlow flow = new org.jasyncio.internal.streams.DrainFlow(loop);
            Future<Void> closed = loop.createFuture();
            StreamReader reader = new StreamReader();
            org.jasyncio.Protocol protocol = new org.jasyncio.Protocol() {
                @Override
                public void dataReceived(byte[] data) {
                    reader.feedData(data);
                }

                @Override
                public void connectionLost(Throwable exc) {
                    reader.feedEof();
                    flow.connectionLost(exc);
                    closed.setResult(null);
                }
            };
            Connection<Transport, org.jasyncio.Protocol> c = Asyncio.await(
                    loop.createConnection(() -> protocol, "127.0.0.1", port));
            org.jasyncio.internal.streams.StreamsAccess.Operations<StreamReader, StreamWriter> access =
                    org.jasyncio.internal.streams.StreamsAccess.get(StreamReader.class, StreamWriter.class);
            access.setTransport(reader, c.transport());
            StreamWriter w = access.newWriter(c.transport(), flow, closed, reader, loop);
            flow.pauseWriting();
            Future<Void> d = w.drain();
            assertFalse(d.done(), "paused: the drain waits");
            flow.resumeWriting();
            Asyncio.await(d);
            w.write(b("via access\n"));
            String line = s(Asyncio.await(reader.readline()));
            w.close();
            Asyncio.await(w.waitClosed());
            return line;
        });
        stop(server);
        assertEquals("via access\n", out);
        assertNothingReported();
    }

    @Test
    void megabytesEchoByteForByteOverTcp() throws Exception {
        Server server = tcpServer(ECHO_BYTES);
        assertEchoes(() -> Asyncio.openConnection("127.0.0.1", port(server)), 8 * 1024 * 1024 + 7);
        stop(server);
        assertNothingReported();
    }

    @Test
    void megabytesEchoByteForByteOverUnix() throws Exception {
        Path path = dir.resolve("e.sock");
        Server server = run(() -> Asyncio.await(Asyncio.startUnixServer(ECHO_BYTES, path)));
        assertEchoes(() -> Asyncio.openUnixConnection(path), 8 * 1024 * 1024 + 7);
        stop(server);
        assertNothingReported();
    }

    interface Opener {
        Future<Streams> open() throws Exception;
    }

    /** Writes {@code size} patterned bytes from one task while another reads the echo, then compares. */
    void assertEchoes(Opener opener, int size) throws Exception {
        byte[] data = pattern(size);
        byte[] back = run(() -> {
            Streams s = Asyncio.await(opener.open());
            Future<byte[]> reading = loop.createTask(() -> Asyncio.await(s.reader().read()));
            for (int off = 0; off < data.length; off += 100_000) {
                s.writer().write(ByteBuffer.wrap(data, off, Math.min(100_000, data.length - off)));
                Asyncio.await(s.writer().drain());
            }
            s.writer().writeEof();
            byte[] got = Asyncio.await(reading);
            s.writer().close();
            return got;
        });
        assertEquals(data.length, back.length);
        assertArrayEquals(data, back);
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11));
        }
        return b;
    }
}
