package org.jasyncio.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Assumptions;

/** Shared pieces of the stream tests: a loop with a deadline, a recording protocol, and the three address families. */
final class StreamKit implements AutoCloseable {
    final EventLoop loop = Asyncio.newEventLoop();
    /** Everything the loop's exception handler received. */
    final List<Map<String, Object>> errors = new CopyOnWriteArrayList<>();

    StreamKit() {
        loop.setExceptionHandler((l, ctx) -> errors.add(ctx));
    }

    /** Runs {@code coro} as a task with a generous deadline so a broken test fails instead of hanging. */
    <T> T run(Coroutine<T> coro) throws Exception {
        return loop.runUntilComplete(Asyncio.waitFor(loop.createTask(coro), 30));
    }

    /** Lets the loop run for {@code seconds}. */
    void pause(double seconds) throws Exception {
        run(() -> org.jasyncio.Asyncio.await(org.jasyncio.Asyncio.sleep(seconds)));
    }

    <T> T await(Future<T> f) throws Exception {
        return loop.runUntilComplete(Asyncio.waitFor(f, 30));
    }

    @Override
    public void close() {
        loop.close();
    }

    /** The three ways to reach a stream server. */
    enum Family {
        IPV4, IPV6, UNIX;

        void assumeAvailable() {
            if (this == IPV6) {
                Assumptions.assumeTrue(ipv6Loopback(), "::1 is not available here");
            }
        }

        Future<Server> listen(StreamKit kit, Path dir, Supplier<? extends BaseProtocol> factory) {
            assumeAvailable();
            return switch (this) {
                case IPV4 -> kit.loop.createServer(factory, "127.0.0.1", 0);
                case IPV6 -> kit.loop.createServer(factory, "::1", 0);
                case UNIX -> kit.loop.createUnixServer(factory, dir.resolve("s.sock"));
            };
        }

        <P extends BaseProtocol> Future<Connection<Transport, P>> connect(StreamKit kit, Server server, Supplier<P> factory) {
            ServerSocketChannel s = server.sockets().get(0);
            try {
                if (this == UNIX) {
                    return kit.loop.createUnixConnection(factory, ((UnixDomainSocketAddress) s.getLocalAddress()).getPath());
                }
                InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
                return kit.loop.createConnection(factory, a.getAddress().getHostAddress(), a.getPort());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    static boolean ipv6Loopback() {
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.INET6)) {
            s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
            return s.getLocalAddress() instanceof InetSocketAddress a && a.getAddress() instanceof Inet6Address;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Caps the kernel's socket buffers, so that a test that needs data to stay in the transport's buffer gets it. */
    static void smallKernelBuffers(Transport... transports) throws IOException {
        for (Transport t : transports) {
            java.nio.channels.SocketChannel ch = (java.nio.channels.SocketChannel) t.getExtraInfo("socket");
            ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 32 * 1024);
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 32 * 1024);
        }
    }

    static int port(Server server) throws IOException {
        return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
    }

    /** Deterministic, position-dependent bytes, so a lost or reordered byte shows. */
    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8) * 7 + (i >>> 16));
        }
        return b;
    }

    /** A protocol that records every callback in order, with futures to wait on. */
    final class Recorder implements Protocol {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final Future<Transport> made = loop.createFuture();
        final Future<Void> eof = loop.createFuture();
        final Future<Throwable> lost = loop.createFuture();
        boolean keepOpenOnEof;
        Transport transport;
        int lostCount;
        private int want = -1;
        private Future<byte[]> enough;

        @Override
        public void connectionMade(BaseTransport t) {
            events.add("made");
            transport = (Transport) t;
            made.setResult(transport);
        }

        @Override
        public void dataReceived(byte[] data) {
            if (events.isEmpty() || !events.get(events.size() - 1).equals("data")) {
                events.add("data");
            }
            received.writeBytes(data);
            if (enough != null && received.size() >= want && !enough.done()) {
                enough.setResult(received.toByteArray());
            }
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            eof.setResult(null);
            return keepOpenOnEof;
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lostCount++;
            if (!lost.done()) {
                lost.setResult(exc);
            }
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        /** The events without pause/resume, which depend on how much the kernel buffers took. */
        List<String> withoutFlow() {
            List<String> flow = flowEvents();
            if (!flow.isEmpty() && !flow.equals(List.of("pause", "resume"))) {
                throw new AssertionError("pause and resume must come once each, in order: " + events);
            }
            return events.stream().filter(e -> !e.equals("pause") && !e.equals("resume")).toList();
        }

        List<String> flowEvents() {
            return events.stream().filter(e -> e.equals("pause") || e.equals("resume")).toList();
        }

        /** Itself, so that {@code kit.new Recorder()::self} is a one-shot protocol factory. */
        Recorder self() {
            return this;
        }

        /** Completes once at least {@code n} bytes have arrived. */
        Future<byte[]> bytes(int n) {
            want = n;
            enough = loop.createFuture();
            if (received.size() >= n) {
                enough.setResult(received.toByteArray());
            }
            return enough;
        }
    }

    /** Echoes everything back; closes when the peer does. */
    static class Echo implements Protocol {
        Transport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }
}
