package org.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.Server;
import org.jasyncio.StreamReader;
import org.jasyncio.Streams;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/**
 * Cancelled reads and drains leave the reader consistent: no byte lost, no wake-up lost, the next read works. And
 * the transport is paused above twice the limit and resumed under it.
 */
class StreamCancellationTest extends StreamsFixture {
    private void cancelWhileWaitingThenReadAgain(Function<StreamReader, Future<byte[]>> op, String feed,
            String want) throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(op.apply(r)));
        spin(2);
        assertTrue(t.cancel());
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        r.feedData(b(feed));
        assertEquals(want, s(run(() -> Asyncio.await(op.apply(r)))));
    }

    @Test
    void aCancelledWaitingReadlineLeavesTheNextOneItsLine() throws Exception {
        cancelWhileWaitingThenReadAgain(StreamReader::readline, "line\nrest", "line\n");
    }

    @Test
    void aCancelledWaitingReadexactlyLeavesItsBytes() throws Exception {
        cancelWhileWaitingThenReadAgain(r -> r.readexactly(4), "abcdef", "abcd");
    }

    @Test
    void aCancelledWaitingReaduntilLeavesItsBytes() throws Exception {
        cancelWhileWaitingThenReadAgain(r -> r.readuntil(b("::")), "ab::cd", "ab::");
    }

    @Test
    void aCancelledWaitingReadLeavesItsBytes() throws Exception {
        cancelWhileWaitingThenReadAgain(r -> r.read(3), "xyz!", "xyz");
    }

    /**
     * The data arrives and the task is cancelled in the same iteration: the read was woken but its task never
     * resumes normally. asyncio's read coroutine then gets CancelledError at its await and takes nothing.
     */
    private void cancelRightAfterTheWakeUp(Function<StreamReader, Future<byte[]>> op, String feed) throws Exception {
        StreamReader r = new StreamReader();
        Task<byte[]> t = loop.createTask(() -> Asyncio.await(op.apply(r)));
        spin(2);
        loop.callSoon(() -> {
            r.feedData(b(feed));
            t.cancel();
        });
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        assertEquals(feed, rest(r), "the cancelled read took nothing");
    }

    @Test
    void aReadlineCancelledAfterItsWakeUpLosesNoByte() throws Exception {
        cancelRightAfterTheWakeUp(StreamReader::readline, "line 1\nline 2\n");
    }

    @Test
    void aReadexactlyCancelledAfterItsWakeUpLosesNoByte() throws Exception {
        cancelRightAfterTheWakeUp(r -> r.readexactly(5), "12345678");
    }

    @Test
    void aReadCancelledAfterItsWakeUpLosesNoByte() throws Exception {
        cancelRightAfterTheWakeUp(r -> r.read(100), "some bytes");
    }

    @Test
    void aReaduntilCancelledAfterItsWakeUpLosesNoByte() throws Exception {
        cancelRightAfterTheWakeUp(r -> r.readuntil(List.of(b("\r\n"), b("\n"))), "a\r\nb\n");
    }

    @Test
    void aTimedOutReadlineLeavesThePartialLineForTheNextRead() throws Exception {
        StreamReader r = new StreamReader();
        r.feedData(b("partial "));
        Exception e = assertThrows(Exception.class,
                () -> run(() -> Asyncio.await(Asyncio.waitFor(r.readline(), 0.05))));
        assertInstanceOf(TimeoutException.class, e);
        r.feedData(b("line\n"));
        assertEquals("partial line\n", s(run(() -> Asyncio.await(r.readline()))));
    }

    @Test
    void cancellingTheReadFutureItselfFreesTheReader() throws Exception {
        StreamReader r = new StreamReader();
        List<Object> out = run(() -> {
            Future<byte[]> first = r.readexactly(3);
            assertTrue(first.cancel());
            Future<byte[]> second = r.readexactly(3);
            r.feedData(b("abcd"));
            return List.of(first.cancelled(), s(Asyncio.await(second)));
        });
        assertEquals(List.of(true, "abc"), out);
    }

    @Test
    void aWokenReadWhoseResultIsAskedLaterGetsTheBytesBufferedThen() throws Exception {
        StreamReader r = new StreamReader();
        String got = run(() -> {
            Future<byte[]> f = r.read(100);
            r.feedData(b("one "));
            r.feedData(b("two"));
            assertTrue(f.done());
            return s(Asyncio.await(f));
        });
        assertEquals("one two", got, "as asyncio's read, which takes what is there when it resumes");
    }

    @Test
    void manyCancelledReadlinesOverTcpLoseNoByte() throws Exception {
        // The server sends numbered lines slowly; the client keeps cancelling readlines with tiny timeouts.
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            for (int i = 0; i < 200; i++) {
                w.write(b("line " + i + " " + "x".repeat(i % 37) + "\n"));
                if (i % 3 == 0) {
                    Asyncio.await(Asyncio.sleep(0.001));
                } else {
                    Asyncio.await(w.drain());
                }
            }
            w.close();
        }, "127.0.0.1", 0)));
        int port = port(server);
        List<String> lines = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port));
            List<String> got = new ArrayList<>();
            int timeouts = 0;
            while (true) {
                byte[] line;
                try {
                    line = Asyncio.await(Asyncio.waitFor(s.reader().readline(), 0.0005));
                } catch (TimeoutException e) {
                    timeouts++;
                    continue;
                }
                if (line.length == 0) {
                    break;
                }
                got.add(s(line));
            }
            s.writer().close();
            return got;
        });
        server.close();
        await(server.waitClosed());
        assertEquals(200, lines.size());
        for (int i = 0; i < 200; i++) {
            assertEquals("line " + i + " " + "x".repeat(i % 37) + "\n", lines.get(i));
        }
        assertNothingReported();
    }

    @Test
    void theTransportIsPausedAboveTwiceTheLimitAndResumedAtTheLimit() throws Exception {
        int size = 1024 * 1024;
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            w.write(StreamConnectionTest.pattern(size));
            Asyncio.await(w.drain());
            w.close();
        }, "127.0.0.1", 0)));
        int port = port(server);
        byte[] all = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port,
                    org.jasyncio.ConnectOptions.defaults(), 4096));
            ReadTransport t = (ReadTransport) s.writer().transport();
            Asyncio.await(Asyncio.sleep(0.2));
            assertFalse(t.isReading(), "paused with more than 2 x limit buffered");
            assertTrue(s.reader().toString().contains("paused"), s.reader().toString());
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            byte[] chunk;
            boolean sawResume = false;
            while ((chunk = Asyncio.await(s.reader().read(4096))).length > 0) {
                out.write(chunk);
                sawResume |= t.isReading();
            }
            assertTrue(sawResume, "reads under the limit resume the transport");
            s.writer().close();
            return out.toByteArray();
        });
        server.close();
        await(server.waitClosed());
        assertArrayEquals(StreamConnectionTest.pattern(size), all);
    }

    @Test
    void readexactlyFarBeyondTheLimitDoesNotStall() throws Exception {
        int size = 512 * 1024;
        Server server = run(() -> Asyncio.await(Asyncio.startServer((r, w) -> {
            w.write(StreamConnectionTest.pattern(size));
            w.close();
        }, "127.0.0.1", 0)));
        int port = port(server);
        byte[] all = run(() -> {
            Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", port,
                    org.jasyncio.ConnectOptions.defaults(), 1024));
            Asyncio.await(Asyncio.sleep(0.05));
            byte[] got = Asyncio.await(s.reader().readexactly(size));
            s.writer().close();
            return got;
        });
        server.close();
        await(server.waitClosed());
        assertArrayEquals(StreamConnectionTest.pattern(size), all);
    }

    @Test
    void aCancelledDrainLeavesTheOthersToWake() throws Exception {
        Server server = run(() -> Asyncio.await(Asyncio.startServer(StreamConnectionTest.ECHO_LINES, "127.0.0.1", 0)));
        int port = port(server);
        String out = run(() -> {
            org.jasyncio.StreamReader reader = new StreamReader();
            org.jasyncio.StreamReaderProtocol protocol = new org.jasyncio.StreamReaderProtocol(reader);
            var c = Asyncio.await(loop.createConnection(() -> protocol, "127.0.0.1", port));
            org.jasyncio.StreamWriter w = new org.jasyncio.StreamWriter(c.transport(), protocol, reader, loop);
            protocol.pauseWriting();
            Task<Void> cancelled = loop.createTask(() -> Asyncio.await(w.drain()));
            Task<Void> kept = loop.createTask(() -> Asyncio.await(w.drain()));
            Asyncio.await(Asyncio.sleep(0.01));
            cancelled.cancel();
            Asyncio.await(Asyncio.sleep(0.01));
            protocol.resumeWriting();
            Asyncio.await(kept);
            w.write(b("still fine\n"));
            Asyncio.await(w.drain());
            String line = s(Asyncio.await(reader.readline()));
            w.close();
            return cancelled.cancelled() + " " + line;
        });
        server.close();
        await(server.waitClosed());
        assertEquals("true still fine\n", out);
    }
}
