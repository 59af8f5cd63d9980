package org.jasyncio.internal.net;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The buffered copy sock_sendfile falls back to. The JDK's transferTo practically never refuses a file and a
 * socket, so the fallback is started directly here.
 */
@Timeout(30)
class SendfileFallbackTest {
    private final SelectorEventLoop loop = (SelectorEventLoop) Asyncio.newEventLoop();

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private Object[] fallback(Path file, byte[] content, long offset, long count) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            SocketChannel client = SocketChannel.open(server.getLocalAddress());
            SocketChannel peer = server.accept();
            client.configureBlocking(false);
            peer.configureBlocking(false);
            try (client; peer; FileChannel fc = FileChannel.open(file, StandardOpenOption.READ)) {
                SocketOperations ops = new SocketOperations(loop);
                long sent = loop.runUntilComplete(() -> {
                    Future<Long> f = new SocketSendfile(loop, ops, client, fc, offset, count, true).startFallback();
                    return await(f);
                });
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                loop.runUntilComplete(() -> {
                    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
                    while (got.size() < sent) {
                        int n = await(loop.sockRecvInto(peer, buf.clear()));
                        got.write(buf.array(), 0, n);
                    }
                    return null;
                });
                return new Object[] {sent, got.toByteArray(), fc.position()};
            }
        }
    }

    @Test
    void copiesTheWholeFileInBlocks(@TempDir Path dir) throws Exception {
        byte[] content = new byte[SocketSendfile.FALLBACK_BLOCK * 3 + 5];
        new Random(1).nextBytes(content);
        Path file = Files.write(dir.resolve("f"), content);
        Object[] r = fallback(file, content, 0, 0);
        assertEquals((long) content.length, r[0]);
        assertArrayEquals(content, (byte[]) r[1]);
        assertEquals((long) content.length, r[2]);
    }

    @Test
    void honoursOffsetAndCount(@TempDir Path dir) throws Exception {
        byte[] content = new byte[SocketSendfile.FALLBACK_BLOCK * 2];
        new Random(2).nextBytes(content);
        Path file = Files.write(dir.resolve("f"), content);
        Object[] r = fallback(file, content, 100, SocketSendfile.FALLBACK_BLOCK + 50);
        assertEquals((long) SocketSendfile.FALLBACK_BLOCK + 50, r[0]);
        assertArrayEquals(Arrays.copyOfRange(content, 100, 100 + SocketSendfile.FALLBACK_BLOCK + 50), (byte[]) r[1]);
        assertEquals(100L + SocketSendfile.FALLBACK_BLOCK + 50, r[2]);
    }
}
