package org.jasyncio.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Happy Eyeballs (asyncio's staggered_race and _interleave_addrinfos) on real loopback sockets. */
class ConnectionAttemptsTest {
    private final SelectorEventLoop loop = (SelectorEventLoop) Asyncio.newEventLoop();
    private final StreamNetworking streams = new StreamNetworking(loop);
    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        loop.close();
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static InetSocketAddress v4(int port) {
        return new InetSocketAddress(InetAddress.ofLiteral("127.0.0.1"), port);
    }

    private static InetSocketAddress v6(String host, int port) {
        return new InetSocketAddress(InetAddress.ofLiteral(host), port);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private InetSocketAddress listening() throws IOException {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(v4(0), 50);
        open.add(s);
        return (InetSocketAddress) s.getLocalAddress();
    }

    /** A listener whose accept queue is full: further SYNs are dropped, so a connect hangs. */
    private InetSocketAddress blackHole() throws Exception {
        ServerSocketChannel s = ServerSocketChannel.open();
        s.bind(v4(0), 1);
        open.add(s);
        for (int i = 0; i < 4; i++) {
            SocketChannel filler = SocketChannel.open();
            filler.configureBlocking(false);
            filler.connect(s.getLocalAddress());
            open.add(filler);
        }
        Thread.sleep(50);
        return (InetSocketAddress) s.getLocalAddress();
    }

    @Test
    void interleaveAlternatesFamilies() {
        InetSocketAddress a6 = v6("::1", 1);
        InetSocketAddress b6 = v6("::2", 1);
        InetSocketAddress c6 = v6("::3", 1);
        InetSocketAddress a4 = v6("10.0.0.1", 1);
        InetSocketAddress b4 = v6("10.0.0.2", 1);
        List<InetSocketAddress> in = List.of(a6, b6, c6, a4, b4);
        assertEquals(List.of(a6, a4, b6, b4, c6), Addresses.interleave(in, 1));
        assertEquals(List.of(a6, b6, a4, c6, b4), Addresses.interleave(in, 2));
        assertEquals(List.of(a4, b4), Addresses.interleave(List.of(a4, b4), 1));
        assertEquals(List.of(), Addresses.interleave(List.of(), 1));
    }

    @Test
    void pythonStyleAddressText() {
        assertEquals("('127.0.0.1', 80)", Addresses.repr(v4(80)));
        assertEquals("('::1', 80, 0, 0)", Addresses.repr(v6("::1", 80)));
        assertEquals("('fe80::1:2', 9, 0, 0)", Addresses.repr(v6("fe80:0:0:0:0:0:1:2", 9)));
        assertEquals("('2001:db8::', 9, 0, 0)", Addresses.repr(v6("2001:db8::", 9)));
    }

    @Test
    void sequentialAttemptsMoveOnAfterARefusal() throws Exception {
        InetSocketAddress good = listening();
        Connector c = loop.runUntilComplete(new ConnectionAttempts(streams, List.of(v4(closedPort()), good), null, -1).start());
        assertEquals(good, c.channel().getRemoteAddress());
        c.abandon();
    }

    @Test
    void happyEyeballsStartsTheNextAttemptAfterTheDelay() throws Exception {
        InetSocketAddress hole = blackHole();
        InetSocketAddress good = listening();
        double t0 = loop.time();
        Connector c = loop.runUntilComplete(Asyncio.waitFor(new ConnectionAttempts(streams, List.of(hole, good), null, 0.1).start(), 20));
        double took = loop.time() - t0;
        assertEquals(good, c.channel().getRemoteAddress());
        assertTrue(took >= 0.09, "the second attempt waited for the delay: " + took);
        c.abandon();
    }

    @Test
    void happyEyeballsStartsTheNextAttemptAtOnceAfterAFailure() throws Exception {
        InetSocketAddress good = listening();
        double t0 = loop.time();
        Connector c = loop.runUntilComplete(Asyncio.waitFor(
                new ConnectionAttempts(streams, List.of(v4(closedPort()), good), null, 30).start(), 20));
        assertTrue(loop.time() - t0 < 15, "no 30 s wait after a refusal");
        assertEquals(good, c.channel().getRemoteAddress());
        c.abandon();
    }

    @Test
    void theFirstSuccessWinsAndTheSlowAttemptIsAbandoned() throws Exception {
        InetSocketAddress hole = blackHole();
        InetSocketAddress good = listening();
        Connector c = loop.runUntilComplete(Asyncio.waitFor(
                new ConnectionAttempts(streams, List.of(hole, good, v4(closedPort())), null, 0.05).start(), 20));
        assertEquals(good, c.channel().getRemoteAddress());
        c.abandon();
        loop.runUntilComplete(() -> Asyncio.await(Asyncio.sleep(0.01))); // cancelled keys leave at the next poll
        assertEquals(0, loop.poller().registrations(), "the abandoned attempts left no registration");
    }

    @Test
    void allFailuresAreCombinedInOrder() throws Exception {
        int p1 = closedPort();
        int p2 = closedPort();
        ConnectException e = assertThrows(ConnectException.class, () -> loop.runUntilComplete(
                new ConnectionAttempts(streams, List.of(v4(p1), v4(p2)), null, 0.05).start()));
        String expected = "Multiple exceptions: Connect call failed ('127.0.0.1', " + p1 + "): Connection refused, "
                + "Connect call failed ('127.0.0.1', " + p2 + "): Connection refused";
        if (p1 == p2) {
            expected = "Connect call failed ('127.0.0.1', " + p1 + "): Connection refused";
        }
        assertEquals(expected, e.getMessage());
    }

    @Test
    void theSameErrorTwiceIsReportedOnce() throws Exception {
        int p = closedPort();
        ConnectException e = assertThrows(ConnectException.class, () -> loop.runUntilComplete(
                new ConnectionAttempts(streams, List.of(v4(p), v4(p)), null, -1).start()));
        assertEquals("Connect call failed ('127.0.0.1', " + p + "): Connection refused", e.getMessage());
        assertInstanceOf(ConnectException.class, e.getCause());
    }
}
