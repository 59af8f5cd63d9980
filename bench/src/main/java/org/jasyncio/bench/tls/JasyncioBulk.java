package org.jasyncio.bench.tls;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLContext;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.ConnectOptions;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;

/**
 * One bulk transfer through jasyncio: a client and a server on one loop, the client writing 64 KiB arrays under the
 * transport's flow control, the server counting (as a Protocol, or as a BufferedProtocol with {@code --buffered})
 * and answering one byte once everything has arrived.
 */
final class JasyncioBulk implements TlsThroughput.Bulk {
    private final EventLoop loop = Asyncio.newEventLoop();
    private final Server server;
    private final ConnectOptions connect;
    private final int port;
    private long total;

    JasyncioBulk(SSLContext serverContext, SSLContext clientContext, boolean buffered) throws Exception {
        ServerOptions serve = serverContext == null ? ServerOptions.defaults() : ServerOptions.defaults().ssl(serverContext);
        connect = clientContext == null ? ConnectOptions.defaults()
                : ConnectOptions.defaults().ssl(clientContext).serverHostname("localhost");
        server = loop.runUntilComplete(buffered
                ? loop.createServer(BufferedCounter::new, "127.0.0.1", 0, serve)
                : loop.createServer(Counter::new, "127.0.0.1", 0, serve));
        port = ((InetSocketAddress) server.sockets().getFirst().getLocalAddress()).getPort();
    }

    /** Counts what arrives, however it arrives; one byte back when all of it has. */
    private abstract class Counting {
        private Transport transport;
        private long received;

        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        void count(int n) {
            received += n;
            if (received == total) {
                transport.write(new byte[] {1});
            }
        }
    }

    /** As a Protocol: a fresh array per read. */
    private final class Counter extends Counting implements Protocol {
        @Override
        public void dataReceived(byte[] data) {
            count(data.length);
        }
    }

    /** As a BufferedProtocol reading into one direct buffer: no array per read. */
    private final class BufferedCounter extends Counting implements BufferedProtocol {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return buffer.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            count(nbytes);
        }
    }

    /** Writes until paused, resumes when the transport drains, and finishes at the server's byte. */
    private static final class Sender implements Protocol {
        private final byte[] chunk = TlsThroughput.pattern(TlsThroughput.CHUNK);
        private final Future<Long> done;
        private Transport transport;
        private long left;
        private boolean paused;
        private long startNanos;

        Sender(EventLoop loop, long total) {
            this.done = loop.createFuture();
            this.left = total;
        }

        void start(Transport t) {
            transport = t;
            startNanos = System.nanoTime();
            pump();
        }

        private void pump() {
            while (!paused && left > 0) {
                int n = (int) Math.min(chunk.length, left);
                transport.write(n == chunk.length ? chunk : java.util.Arrays.copyOf(chunk, n));
                left -= n;
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
        public void dataReceived(byte[] data) {
            done.setResult(System.nanoTime() - startNanos);
        }
    }

    @Override
    public long transferNanos(long bytes) throws Exception {
        total = bytes;
        Sender sender = new Sender(loop, bytes);
        var conn = loop.runUntilComplete(loop.createConnection(() -> sender, "127.0.0.1", port, connect));
        sender.start(conn.transport());
        long nanos = loop.runUntilComplete(sender.done);
        conn.transport().close();
        Future<Void> settled = loop.createFuture();
        loop.callLater(0.05, () -> settled.setResult(null)); // both ends finish closing before the next transfer
        loop.runUntilComplete(settled);
        return nanos;
    }

    @Override
    public void close() {
        server.close();
        loop.close();
    }
}
