package org.jasyncio.net;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.Assumptions;

/** Loopback helpers shared by the networking tests. */
final class NetTesting {
    static final InetAddress V4 = InetAddress.getLoopbackAddress();

    private NetTesting() {
    }

    /** ::1, or the test is skipped when this machine has no IPv6 loopback. */
    static InetAddress v6() {
        try (DatagramChannel probe = DatagramChannel.open(StandardProtocolFamily.INET6)) {
            InetAddress v6 = Inet6Address.getByName("::1");
            probe.bind(new InetSocketAddress(v6, 0));
            return v6;
        } catch (IOException | UnsupportedOperationException e) {
            Assumptions.abort("no IPv6 loopback here: " + e);
            return null;
        }
    }

    static ProtocolFamily familyOf(InetAddress a) {
        return a instanceof Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
    }

    /** A listening non-blocking server on an ephemeral port of {@code host}. */
    static ServerSocketChannel listen(InetAddress host) throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open(familyOf(host));
        s.bind(new InetSocketAddress(host, 0));
        s.configureBlocking(false);
        return s;
    }

    static SocketChannel nonBlockingClient(InetAddress host) throws IOException {
        SocketChannel c = SocketChannel.open(familyOf(host));
        c.configureBlocking(false);
        return c;
    }

    static DatagramChannel udp(InetAddress host) throws IOException {
        DatagramChannel d = DatagramChannel.open(familyOf(host));
        d.bind(new InetSocketAddress(host, 0));
        d.configureBlocking(false);
        return d;
    }

    /** A connected pair of non-blocking TCP channels: [client, server side]. */
    static SocketChannel[] connectedPair(EventLoop loop, InetAddress host) throws Exception {
        try (ServerSocketChannel server = listen(host)) {
            SocketChannel client = nonBlockingClient(host);
            return loop.runUntilComplete(() -> {
                Future<SocketChannel> accepted = loop.sockAccept(server);
                org.jasyncio.Asyncio.await(loop.sockConnect(client, server.getLocalAddress()));
                return new SocketChannel[] {client, org.jasyncio.Asyncio.await(accepted)};
            });
        }
    }

    /** Runs the loop until {@code f} is done, at most {@code seconds}. */
    static <T> T run(EventLoop loop, Future<T> f, double seconds) throws Exception {
        return loop.runUntilComplete(() -> org.jasyncio.Asyncio.await(org.jasyncio.Asyncio.waitFor(f, seconds)));
    }

    static <T> T run(EventLoop loop, Coroutine<T> c) throws Exception {
        return loop.runUntilComplete(c);
    }

    /** Lets the loop run a few iterations (callbacks scheduled now and the ones they schedule). */
    static void spin(EventLoop loop, double seconds) throws Exception {
        Future<Void> f = loop.createFuture();
        loop.callLater(seconds, () -> f.setResult(null));
        loop.runUntilComplete(f);
    }
}
