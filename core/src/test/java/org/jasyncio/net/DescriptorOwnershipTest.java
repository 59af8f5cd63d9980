package org.jasyncio.net;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;

/**
 * A transport never issues a system call on a descriptor it no longer owns: once its socket is closed (by the loop
 * closing, or by a user holding {@code getExtraInfo("socket")}), the number may belong to another connection at once,
 * and one client's bytes must never reach another's socket.
 */
class DescriptorOwnershipTest {
    private static final byte[] SECRET = "bytes for the first connection only".getBytes(StandardCharsets.US_ASCII);

    /** Records connectionLost, so a test can see how the transport ended. */
    static final class Recorder implements Protocol {
        final List<Throwable> lost = new ArrayList<>();
        boolean lostCalled;

        @Override
        public void connectionLost(Throwable exc) {
            lostCalled = true;
            lost.add(exc);
        }
    }

    /** Sockets connected to {@code server} that probably reuse the numbers just freed; their accepted peers. */
    private static List<Socket> occupyFreedNumbers(ServerSocket server, List<SocketChannel> clients) throws IOException {
        List<Socket> peers = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            clients.add(SocketChannel.open(server.getLocalSocketAddress()));
            Socket peer = server.accept();
            peer.setSoTimeout(300);
            peers.add(peer);
        }
        return peers;
    }

    private static void assertNothingArrives(List<Socket> peers) throws IOException {
        for (Socket peer : peers) {
            InputStream in = peer.getInputStream();
            try {
                int b = in.read();
                throw new AssertionError("another connection received data (first byte " + b + ")");
            } catch (SocketTimeoutException expected) {
                // Nothing came: the write did not reach this socket.
            }
        }
    }

    @Test
    void writeAfterLoopCloseReachesNoOtherConnection() throws Exception {
        List<SocketChannel> others = new ArrayList<>();
        List<Socket> peers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, NetTesting.V4)) {
            EventLoop loop = Asyncio.newEventLoop();
            Recorder protocol = new Recorder();
            Connection<Transport, Recorder> conn;
            try {
                conn = loop.runUntilComplete(loop.createConnection(() -> protocol, NetTesting.V4.getHostAddress(),
                        server.getLocalPort()));
            } finally {
                loop.close(); // closes every channel the loop owns, the transport's included
            }
            try (Socket first = server.accept()) {
                peers.addAll(occupyFreedNumbers(server, others));
                conn.transport().write(SECRET); // after the loop closed: dropped, as after a lost connection
                conn.transport().write(SECRET);
                assertNothingArrives(peers);
                first.setSoTimeout(2000);
                assertEquals(-1, first.getInputStream().read(), "the closed transport's own peer sees EOF");
            }
        } finally {
            for (Socket p : peers) {
                p.close();
            }
            for (SocketChannel c : others) {
                c.close();
            }
        }
    }

    @Test
    void writeAfterTheUserClosedTheSocketFailsTheTransportAndReachesNoOtherConnection() throws Exception {
        List<SocketChannel> others = new ArrayList<>();
        List<Socket> peers = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 50, NetTesting.V4)) {
            EventLoop loop = Asyncio.newEventLoop();
            try {
                Recorder protocol = new Recorder();
                Connection<Transport, Recorder> conn = loop.runUntilComplete(loop.createConnection(() -> protocol,
                        NetTesting.V4.getHostAddress(), server.getLocalPort()));
                try (Socket first = server.accept()) {
                    SocketChannel sock = (SocketChannel) conn.transport().getExtraInfo("socket");
                    assertNotNull(sock);
                    sock.close(); // behind the transport's back
                    // A poll lets the JDK finish closing a registered channel, freeing its number for reuse.
                    loop.runUntilComplete(() -> await(Asyncio.sleep(0.05)));
                    peers.addAll(occupyFreedNumbers(server, others));
                    loop.runUntilComplete(() -> {
                        conn.transport().write(SECRET);
                        await(Asyncio.sleep(0.05));
                        return null;
                    });
                    assertNothingArrives(peers);
                    assertTrue(protocol.lostCalled, "the failed write ends the transport");
                    assertEquals(1, protocol.lost.size(), "connectionLost exactly once");
                    assertInstanceOf(IOException.class, protocol.lost.get(0));
                    assertTrue(conn.transport().isClosing());
                }
            } finally {
                loop.close();
            }
        } finally {
            for (Socket p : peers) {
                p.close();
            }
            for (SocketChannel c : others) {
                c.close();
            }
        }
    }

    @Test
    void transportsReleaseEveryDescriptorTheyHold() throws Exception {
        long before = openDescriptors();
        try (ServerSocket server = new ServerSocket(0, 200, NetTesting.V4)) {
            EventLoop loop = Asyncio.newEventLoop();
            try {
                for (int round = 0; round < 3; round++) {
                    List<Future<?>> made = new ArrayList<>();
                    List<Socket> accepted = new ArrayList<>();
                    for (int i = 0; i < 50; i++) {
                        made.add(loop.createConnection(Recorder::new, NetTesting.V4.getHostAddress(), server.getLocalPort()));
                    }
                    List<Object> conns = loop.runUntilComplete(() -> await(Asyncio.gather(made.toArray(new Future<?>[0]))));
                    for (int i = 0; i < 50; i++) {
                        accepted.add(server.accept());
                    }
                    for (Object c : conns) {
                        ((Connection<?, ?>) c).transport().close();
                    }
                    loop.runUntilComplete(() -> await(Asyncio.sleep(0.05)));
                    for (Socket s : accepted) {
                        s.close();
                    }
                }
            } finally {
                loop.close();
            }
        }
        long after = openDescriptors();
        assertTrue(after <= before + 4, "descriptors before " + before + ", after " + after);
    }

    private static long openDescriptors() throws IOException {
        try (var s = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }
}
