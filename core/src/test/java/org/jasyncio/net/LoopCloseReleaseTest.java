package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** loop.close() releases every socket the loop's networking holds, whatever state it is in (counted in /proc/self/fd). */
class LoopCloseReleaseTest {
    private static final int N = 20;

    private static long fds() throws Exception {
        return StreamFaultTest.openDescriptors();
    }

    @Test
    void closingTheLoopClosesItsDatagramEndpoints() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")));
        datagramEndpointsThenClose(); // the first run loads classes and opens jars: not a leak
        long before = fds();
        datagramEndpointsThenClose();
        assertEquals(before, fds(), "every datagram socket, and the selector, is closed with the loop");
    }

    private void datagramEndpointsThenClose() throws Exception {
        long before = fds();
        EventLoop loop = Asyncio.newEventLoop();
        try {
            for (int i = 0; i < N; i++) {
                loop.runUntilComplete(loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                }, new InetSocketAddress("127.0.0.1", 0), null));
            }
            assertTrue(fds() >= before + N, "the endpoints are open");
        } finally {
            loop.close();
        }
    }

    /**
     * A listener that never accepts, with a backlog of one: the kernel drops the SYNs beyond what its queue holds, so
     * those connects stay in flight until the loop is closed under them.
     */
    @Test
    void closingTheLoopClosesTheSocketsOfConnectsInFlight() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")));
        try (ServerSocketChannel full = ServerSocketChannel.open()) {
            full.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            full.bind(new InetSocketAddress("127.0.0.1", 0), 1);
            int port = ((InetSocketAddress) full.getLocalAddress()).getPort();
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 4; i++) { // fill the accept queue (backlog + 1 on Linux) with plain connects
                    SocketChannel s = SocketChannel.open();
                    s.configureBlocking(false);
                    s.connect(new InetSocketAddress("127.0.0.1", port));
                    fillers.add(s);
                }
                connectsInFlightThenClose(port); // warm-up, as above
                long before = fds();
                int pending = connectsInFlightThenClose(port);
                assertTrue(pending > 0, "some connects were still in flight when the loop closed");
                assertEquals(before, fds(), "the sockets of connects in flight are closed with the loop");
            } finally {
                for (SocketChannel s : fillers) {
                    s.close();
                }
            }
        }
    }

    private int connectsInFlightThenClose(int port) throws Exception {
        long before = fds();
        EventLoop loop = Asyncio.newEventLoop();
        List<Future<?>> connects = new ArrayList<>();
        try {
            for (int i = 0; i < N; i++) {
                connects.add(loop.createConnection(StreamKitEcho::new, "127.0.0.1", port));
            }
            loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.sleep(0.2))));
            assertTrue(fds() >= before + N, "the sockets are open");
            return (int) connects.stream().filter(f -> !f.done()).count();
        } finally {
            loop.close();
        }
    }

    /** A protocol for the connects that do complete. */
    static final class StreamKitEcho extends StreamKit.Echo {
    }
}
