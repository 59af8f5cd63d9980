package org.jasyncio.net;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.net.NetTesting.V4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** sock_sendfile: the zero-copy path, offset and count, the file position afterwards, cancellation. */
@Timeout(30)
class SockSendfileTest {
    private final EventLoop loop = Asyncio.newEventLoop();
    @TempDir
    Path dir;
    private SocketChannel[] pair;
    private byte[] content;
    private Path path;

    @BeforeEach
    void setUp() throws Exception {
        pair = NetTesting.connectedPair(loop, V4);
        content = new byte[3 * 1024 * 1024 + 17];
        new Random(7).nextBytes(content);
        path = dir.resolve("data.bin");
        Files.write(path, content);
    }

    @AfterEach
    void tearDown() throws Exception {
        pair[0].close();
        pair[1].close();
        loop.close();
    }

    /** Sends with sockSendfile while a task reads {@code expected} bytes; returns {sent, received bytes}. */
    private Object[] sendAndReceive(FileChannel file, long offset, long count, int expected) throws Exception {
        return NetTesting.run(loop, () -> {
            Future<Long> sending = loop.sockSendfile(pair[0], file, offset, count, true);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(128 * 1024);
            while (got.size() < expected) {
                int n = await(loop.sockRecvInto(pair[1], buf.clear()));
                got.write(buf.array(), 0, n);
            }
            return new Object[] {await(sending), got.toByteArray()};
        });
    }

    @Test
    void sendsTheWholeFileAndLeavesThePositionAtItsEnd() throws Exception {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            Object[] r = sendAndReceive(file, 0, 0, content.length);
            assertEquals((long) content.length, r[0]);
            assertArrayEquals(content, (byte[]) r[1]);
            assertEquals(content.length, file.position());
        }
    }

    @Test
    void honoursOffsetAndCount() throws Exception {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            Object[] r = sendAndReceive(file, 1000, 500_000, 500_000);
            assertEquals(500_000L, r[0]);
            assertArrayEquals(Arrays.copyOfRange(content, 1000, 501_000), (byte[]) r[1]);
            assertEquals(501_000, file.position(), "asyncio leaves the file at offset + bytes sent");
        }
    }

    @Test
    void aCountPastTheEndSendsWhatThereIs() throws Exception {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            Object[] r = sendAndReceive(file, content.length - 10, 100, 10);
            assertEquals(10L, r[0]);
            assertArrayEquals(Arrays.copyOfRange(content, content.length - 10, content.length), (byte[]) r[1]);
            assertEquals(content.length, file.position());
        }
    }

    @Test
    void anOffsetAtTheEndSendsNothingAndKeepsThePosition() throws Exception {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            file.position(5);
            assertEquals(0L, NetTesting.run(loop, loop.sockSendfile(pair[0], file, content.length, 0, true), 5));
            assertEquals(5, file.position());
        }
    }

    @Test
    void anEmptyFileSendsZeroAtOnce() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        try (FileChannel file = FileChannel.open(empty, StandardOpenOption.READ)) {
            Future<Long> f = loop.sockSendfile(pair[0], file, 0, 0, false);
            assertTrue(f.done());
            assertEquals(0L, f.result());
        }
    }

    @Test
    void badOffsetOrCountIsRejectedAtOnce() throws Exception {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.sockSendfile(pair[0], file, -1, 0, true));
            assertEquals("offset must be a non-negative integer (got -1)", e.getMessage());
            e = assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(pair[0], file, 0, -5, true));
            assertEquals("count must be a positive integer (got -5)", e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> loop.sockSendfile(pair[0], null, 0, 0, true));
        }
    }

    @Test
    void anUnreadableFileIsNotAvailableWithoutFallback() throws Exception {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE)) {
            Future<Long> f = loop.sockSendfile(pair[0], file, 0, 0, false);
            org.jasyncio.SendfileNotAvailableError e = assertThrows(org.jasyncio.SendfileNotAvailableError.class,
                    () -> NetTesting.run(loop, f, 5));
            assertEquals("os.sendfile call failed", e.getMessage());
            assertInstanceOf(IllegalStateException.class, e, "asyncio's SendfileNotAvailableError is a RuntimeError");
            // With the fallback, the plain copy is tried and fails reading the file.
            Future<Long> g = loop.sockSendfile(pair[0], file, 0, 0, true);
            Throwable cause = assertThrows(Exception.class, () -> NetTesting.run(loop, g, 5));
            assertInstanceOf(java.nio.channels.NonReadableChannelException.class, cause);
        }
    }

    @Test
    void cancellingMidwayLeavesThePositionAtWhatWasSent() throws Exception {
        byte[] big = new byte[16 * 1024 * 1024];
        new Random(3).nextBytes(big);
        Path bigPath = dir.resolve("big.bin");
        Files.write(bigPath, big);
        try (FileChannel file = FileChannel.open(bigPath, StandardOpenOption.READ)) {
            Future<Long> f = loop.sockSendfile(pair[0], file, 0, 0, true);
            NetTesting.spin(loop, 0.05); // nobody reads: the socket buffers fill and sendfile waits
            assertFalse(f.done());
            f.cancel();
            NetTesting.spin(loop, 0.01);
            long sent = file.position();
            assertTrue(sent > 0 && sent < big.length, "sent " + sent);
            assertFalse(loop.removeWriter(pair[0]), "cancellation removed the writer");
            // Exactly the first `sent` bytes arrive, and the socket is still usable afterwards.
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            NetTesting.run(loop, () -> {
                ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
                while (got.size() < sent) {
                    int n = await(loop.sockRecvInto(pair[1], buf.clear()));
                    got.write(buf.array(), 0, n);
                }
                await(loop.sockSendall(pair[0], new byte[] {1}));
                got.write(await(loop.sockRecv(pair[1], 1)));
                return null;
            });
            byte[] expected = Arrays.copyOf(Arrays.copyOf(big, (int) sent), (int) sent + 1);
            expected[(int) sent] = 1;
            assertArrayEquals(expected, got.toByteArray());
        }
    }
}
