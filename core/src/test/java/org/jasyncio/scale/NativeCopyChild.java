package org.jasyncio.scale;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;

/**
 * Child JVM of {@link LargeWriteTest}, run with {@code -XX:NativeMemoryTracking=summary}: one 64 MiB heap write through
 * a socket transport to a slow reader, then the JVM's own native-memory summary. Prints {@code RECEIVED bytes} and
 * {@code OTHER kilobytes}: the NMT "Other" category, where the JDK's temporary direct copies of heap buffers live
 * (they are cached on the writing thread, outside the "direct" buffer pool).
 */
public final class NativeCopyChild {
    private NativeCopyChild() {
    }

    public static void main(String[] args) throws Exception {
        int size = Integer.parseInt(args[0]);
        EventLoop loop = Asyncio.newEventLoop();
        try (ServerSocketChannel listener = ServerSocketChannel.open()) {
            listener.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
            listener.bind(new InetSocketAddress("127.0.0.1", 0));
            long[] received = new long[1];
            Thread reader = Thread.ofPlatform().start(() -> {
                try (SocketChannel peer = listener.accept()) {
                    ByteBuffer into = ByteBuffer.allocateDirect(64 * 1024);
                    int n;
                    while ((n = peer.read(into.clear())) >= 0) {
                        received[0] += n;
                        Thread.sleep(0, 200_000);
                    }
                } catch (IOException | InterruptedException e) {
                    received[0] = -1;
                }
            });
            Future<Throwable> lost = loop.createFuture();
            var c = loop.runUntilComplete(loop.createConnection(() -> new Protocol() {
                @Override
                public void connectionLost(Throwable exc) {
                    lost.setResult(exc);
                }
            }, "127.0.0.1", ((InetSocketAddress) listener.getLocalAddress()).getPort()));
            c.transport().setWriteBufferLimits(Integer.MAX_VALUE);
            c.transport().write(new byte[size]);
            c.transport().close();
            loop.runUntilComplete(Asyncio.waitFor(lost, 60));
            reader.join(60_000);
            System.out.println("RECEIVED " + received[0]);
        } finally {
            loop.close();
        }
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(ProcessHandle.current().pid()), "VM.native_memory", "summary").redirectErrorStream(true).start();
        String summary = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        for (String line : summary.split("\n")) {
            String t = line.trim();
            int at = t.indexOf("Other (reserved=");
            if (at >= 0) {
                String kb = t.substring(at + "Other (reserved=".length());
                System.out.println("OTHER " + kb.substring(0, kb.indexOf("KB")));
                return;
            }
        }
        System.out.println("NO-NMT " + summary.replace('\n', ' '));
    }
}
