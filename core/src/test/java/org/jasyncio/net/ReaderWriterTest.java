package org.jasyncio.net;

import static org.jasyncio.net.NetTesting.V4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** add_reader / add_writer (CPython's test_events reader and writer tests), on a pipe and on sockets. */
@Timeout(30)
class ReaderWriterTest {
    private final EventLoop loop = Asyncio.newEventLoop();
    private Pipe pipe;

    @BeforeEach
    void setUp() throws IOException {
        pipe = Pipe.open();
        pipe.source().configureBlocking(false);
    }

    @AfterEach
    void tearDown() throws IOException {
        pipe.source().close();
        pipe.sink().close();
        loop.close();
    }

    private void write(String s) {
        try {
            pipe.sink().write(ByteBuffer.wrap(s.getBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String readAvailable() {
        try {
            ByteBuffer b = ByteBuffer.allocate(1024);
            int n = pipe.source().read(b);
            return n <= 0 ? "" : new String(b.array(), 0, n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aReaderIsCalledWhenDataArrivesUntilRemoved() throws Exception {
        StringBuilder got = new StringBuilder();
        Future<Void> done = loop.createFuture();
        loop.addReader(pipe.source(), () -> {
            got.append(readAvailable());
            if (got.toString().endsWith("end")) {
                assertTrue(loop.removeReader(pipe.source()));
                done.setResult(null);
            }
        });
        loop.callSoon(() -> write("abc"));
        loop.callLater(0.01, () -> write("def"));
        loop.callLater(0.02, () -> write("end"));
        NetTesting.run(loop, done, 5);
        assertEquals("abcdefend", got.toString());
        assertFalse(loop.removeReader(pipe.source()), "already removed");
    }

    @Test
    void removeReturnsWhetherThereWasOne() throws Exception {
        assertFalse(loop.removeReader(pipe.source()));
        loop.addReader(pipe.source(), () -> { });
        assertTrue(loop.removeReader(pipe.source()));
        assertFalse(loop.removeReader(pipe.source()));
        assertFalse(loop.removeWriter(pipe.source()));
    }

    @Test
    void aNewReaderReplacesTheOldOne() throws Exception {
        List<String> calls = new ArrayList<>();
        loop.addReader(pipe.source(), () -> calls.add("first"));
        loop.addReader(pipe.source(), () -> {
            calls.add("second");
            readAvailable();
            loop.removeReader(pipe.source());
        });
        write("x");
        NetTesting.spin(loop, 0.02);
        assertEquals(List.of("second"), calls);
    }

    @Test
    void aWriterIsCalledWhileTheSocketIsWritable() throws Exception {
        SocketChannel[] p = NetTesting.connectedPair(loop, V4);
        try {
            int[] calls = {0};
            Future<Void> done = loop.createFuture();
            loop.addWriter(p[0], () -> {
                try {
                    p[0].write(ByteBuffer.wrap(new byte[] {(byte) calls[0]}));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (++calls[0] == 3) {
                    assertTrue(loop.removeWriter(p[0]));
                    done.setResult(null);
                }
            });
            NetTesting.run(loop, done, 5);
            NetTesting.spin(loop, 0.01);
            assertEquals(3, calls[0], "no call after removal");
            ByteBuffer in = ByteBuffer.allocate(10);
            while (in.position() < 3) {
                p[1].read(in);
            }
            assertEquals(0, in.get(0));
            assertEquals(2, in.get(2));
            assertFalse(loop.removeWriter(p[0]));
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void aReaderAndAWriterOnOneChannel() throws Exception {
        SocketChannel[] p = NetTesting.connectedPair(loop, V4);
        try {
            List<String> calls = new ArrayList<>();
            Future<Void> done = loop.createFuture();
            loop.addReader(p[1], () -> {
                calls.add("read");
                loop.removeReader(p[1]);
                done.setResult(null);
            });
            loop.addWriter(p[1], () -> {
                calls.add("write");
                loop.removeWriter(p[1]);
            });
            loop.callLater(0.01, () -> {
                try {
                    p[0].write(ByteBuffer.wrap(new byte[] {1}));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            NetTesting.run(loop, done, 5);
            assertEquals(List.of("write", "read"), calls);
            assertFalse(loop.removeReader(p[1]));
            assertFalse(loop.removeWriter(p[1]));
        } finally {
            p[0].close();
            p[1].close();
        }
    }

    @Test
    void removingAndAddingAgainInOneIteration() throws Exception {
        List<Integer> calls = new ArrayList<>();
        Future<Void> done = loop.createFuture();
        Runnable[] reader = new Runnable[1];
        reader[0] = () -> {
            readAvailable();
            calls.add(calls.size());
            loop.removeReader(pipe.source());
            if (calls.size() < 3) {
                loop.addReader(pipe.source(), reader[0]); // at once, before the poller runs again
                write("more");
            } else {
                done.setResult(null);
            }
        };
        loop.addReader(pipe.source(), reader[0]);
        write("go");
        NetTesting.run(loop, done, 5);
        assertEquals(List.of(0, 1, 2), calls);
    }

    @Test
    void anExceptionInAReaderGoesToTheHandlerAndTheLoopGoesOn() throws Exception {
        List<Map<String, Object>> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        loop.addReader(pipe.source(), () -> {
            readAvailable();
            loop.removeReader(pipe.source());
            throw new IllegalStateException("reader failed");
        });
        write("x");
        NetTesting.spin(loop, 0.02);
        assertEquals(1, reported.size());
        assertEquals("reader failed", ((Throwable) reported.get(0).get("exception")).getMessage());
        assertTrue(String.valueOf(reported.get(0).get("message")).startsWith("Exception in callback"));
    }

    @Test
    void blockingClosedOrNullChannelsAndCallbacksAreRefused() throws Exception {
        Pipe blocking = Pipe.open();
        try (var source = blocking.source(); var sink = blocking.sink()) {
            assertThrows(IllegalArgumentException.class, () -> loop.addReader(source, () -> { }));
        }
        assertThrows(IllegalArgumentException.class, () -> loop.addReader(pipe.source(), null));
        assertThrows(IllegalArgumentException.class, () -> loop.addWriter(null, () -> { }));
        pipe.sink().configureBlocking(false);
        pipe.sink().close();
        assertThrows(IllegalArgumentException.class, () -> loop.addWriter(pipe.sink(), () -> { }));
    }

    @Test
    void aClosedLoopRefusesReadersAndRemovesNothing() throws Exception {
        loop.addReader(pipe.source(), () -> { });
        loop.close();
        assertThrows(IllegalStateException.class, () -> loop.addReader(pipe.source(), () -> { }));
        assertFalse(loop.removeReader(pipe.source()));
    }
}
