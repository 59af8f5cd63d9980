package org.jasyncio.net;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamWriter;
import org.jasyncio.Streams;
import org.jasyncio.Task;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ports of CPython's test_server.py and test_buffered_proto.py, step for step where asyncio's test counts loop
 * iterations ({@code sleep(0)}). The sweep is recorded in docs/notes/conformance-server.md.
 */
class ServerConformanceTest {
    private final StreamKit kit = new StreamKit();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    private static InetSocketAddress address(Server s) throws Exception {
        return (InetSocketAddress) s.sockets().get(0).getLocalAddress();
    }

    private static Future<Streams> connect(Server s) throws Exception {
        InetSocketAddress a = address(s);
        return Asyncio.openConnection(a.getAddress().getHostAddress(), a.getPort());
    }

    /** The handler of test_wait_closed_basic and friends: read to EOF, then close. */
    private static void readToEofThenClose(StreamReader rd, StreamWriter wr) throws Exception {
        try {
            await(rd.read());
        } finally {
            wr.close();
            await(wr.waitClosed());
        }
    }

    /** test_start_server_1: serve_forever in a task, cancelled from a handler; the server then is closed for good. */
    @Test
    void serveForeverCancelledFromAHandlerLeavesTheServerClosed() throws Exception {
        AtomicReference<Task<?>> main = new AtomicReference<>();
        byte[] hello = new byte[5 * 1024 + 1];
        java.util.Arrays.fill(hello, (byte) '1');
        hello[hello.length - 1] = '\n';
        Server srv = kit.await(kit.loop.createTask(() -> await(Asyncio.startServer((rd, wr) -> {
            await(rd.readline());
            main.get().cancel();
            wr.write(new byte[] {'1'});
            wr.close();
            await(wr.waitClosed());
        }, "127.0.0.1", 0, ServerOptions.defaults().startServing(false)))));
        assertFalse(srv.isServing());
        Task<Object> mainTask = kit.loop.createTask(() -> {
            try (srv) {
                await(srv.serveForever());
            } finally {
                await(srv.waitClosed()); // asyncio's `async with server` waits for wait_closed() on the way out
            }
            return null;
        });
        main.set(mainTask);
        Task<byte[]> client = kit.loop.createTask(() -> {
            while (!srv.isServing()) {
                await(sleep(0.01));
            }
            Streams s = await(connect(srv));
            s.writer().write(hello);
            byte[] one = await(s.reader().read(1));
            s.writer().close();
            return one;
        });
        assertThrows(CancelledError.class, () -> kit.await(mainTask));
        assertEquals("1", new String(kit.await(client)));
        assertEquals(List.of(), srv.sockets());
        assertFalse(srv.isServing());
        IllegalStateException e = assertThrows(IllegalStateException.class, srv::serveForever);
        assertTrue(e.getMessage().matches("server .* is closed"), e.getMessage());
    }

    /** test_start_unix_server_1: start_serving inside the block, serve_forever cancelled by a handler, over Unix. */
    @Test
    void aUnixServerStartedLaterServesForeverUntilAHandlerCancelsIt(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("s.sock");
        AtomicReference<Task<?>> main = new AtomicReference<>();
        Server srv = kit.await(kit.loop.createTask(() -> await(Asyncio.startUnixServer((rd, wr) -> {
            await(rd.readline());
            main.get().cancel();
            wr.write(new byte[] {'1'});
            wr.close();
            await(wr.waitClosed());
        }, path, ServerOptions.defaults().startServing(false)))));
        Future<Void> started = kit.loop.createFuture();
        Task<Object> mainTask = kit.loop.createTask(() -> {
            try (srv) {
                assertFalse(srv.isServing());
                await(srv.startServing());
                assertTrue(srv.isServing());
                started.setResult(null);
                await(srv.serveForever());
            } finally {
                await(srv.waitClosed());
            }
            return null;
        });
        main.set(mainTask);
        Task<byte[]> client = kit.loop.createTask(() -> {
            await(started);
            Streams s = await(Asyncio.openUnixConnection(path));
            s.writer().write("1".repeat(5 * 1024).concat("\n").getBytes());
            byte[] one = await(s.reader().read(1));
            s.writer().close();
            return one;
        });
        assertThrows(CancelledError.class, () -> kit.await(mainTask));
        assertEquals("1", new String(kit.await(client)));
        assertEquals(List.of(), srv.sockets());
        assertFalse(srv.isServing());
        assertFalse(Files.exists(path), "the socket file goes with the server");
        IllegalStateException e = assertThrows(IllegalStateException.class, srv::serveForever);
        assertTrue(e.getMessage().matches("server .* is closed"), e.getMessage());
    }

    /** test_unix_server_cleanup_gone: the socket file was removed by someone else; close is quiet. */
    @Test
    void closingAUnixServerWhoseFileIsGoneIsQuiet(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("given.sock");
        ServerSocketChannel sock = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        sock.bind(UnixDomainSocketAddress.of(path));
        Server srv = kit.await(kit.loop.createUnixServer(() -> new Protocol() { }, null,
                ServerOptions.defaults().sock(sock)));
        Files.delete(path);
        srv.close();
        assertFalse(sock.isOpen());
        kit.await(srv.waitClosed());
        assertEquals(List.of(), kit.errors);
    }

    /** test_wait_closed_basic: wait_closed blocks until the server is closed and its last connection has gone. */
    @Test
    void waitClosedBlocksUntilClosedAndNoConnectionIsLeft() throws Exception {
        kit.run(() -> {
            Server srv = await(Asyncio.startServer(ServerConformanceTest::readToEofThenClose, "127.0.0.1", 0));
            try {
                Future<Void> task1 = Asyncio.createTask(() -> await(srv.waitClosed()));
                await(sleep(0));
                assertFalse(task1.done(), "no connection, not closed");

                Streams c = await(connect(srv));
                Future<Void> task2 = Asyncio.createTask(() -> await(srv.waitClosed()));
                await(sleep(0));
                assertFalse(task1.done());
                assertFalse(task2.done(), "a connection, not closed");

                srv.close();
                await(sleep(0));
                Future<Void> task3 = Asyncio.createTask(() -> await(srv.waitClosed()));
                await(sleep(0));
                assertFalse(task1.done());
                assertFalse(task2.done());
                assertFalse(task3.done(), "closed, but a connection is left");

                c.writer().close();
                await(c.writer().waitClosed());
                await(task1);
                await(task2);
                await(task3);
                assertTrue(srv.waitClosed().done(), "closed and empty: returns at once");
                return null;
            } finally {
                srv.close();
            }
        });
    }

    /** test_wait_closed_race: close and the last connection's close in the same iteration. */
    @Test
    void waitClosedWhenCloseAndTheLastConnectionEndTogether() throws Exception {
        kit.run(() -> {
            Server srv = await(Asyncio.startServer(ServerConformanceTest::readToEofThenClose, "127.0.0.1", 0));
            try {
                Future<Void> task = Asyncio.createTask(() -> await(srv.waitClosed()));
                await(sleep(0));
                assertFalse(task.done());
                Streams c = await(connect(srv));
                EventLoop loop = Asyncio.getRunningLoop();
                loop.callSoon(srv::close);
                loop.callSoon(c.writer()::close);
                await(srv.waitClosed());
                await(task);
                return null;
            } finally {
                srv.close();
            }
        });
    }

    /** test_close_clients: close + close_clients ends wait_closed within two iterations. */
    @Test
    void closeClientsEndsWaitClosedWithinTwoIterations() throws Exception {
        kit.run(() -> {
            Server srv = await(Asyncio.startServer(ServerConformanceTest::readToEofThenClose, "127.0.0.1", 0));
            Streams c = await(connect(srv));
            try {
                Future<Void> task = Asyncio.createTask(() -> await(srv.waitClosed()));
                await(sleep(0));
                assertFalse(task.done());
                srv.close();
                srv.closeClients();
                await(sleep(0));
                await(sleep(0));
                assertTrue(task.done());
                return null;
            } finally {
                c.writer().close();
                srv.close();
            }
        });
    }

    /** test_abort_clients: with the reader paused and data buffered both sides, abort_clients ends wait_closed at once. */
    @Test
    void abortClientsEndsWaitClosedWithinTwoIterationsEvenWithBufferedData() throws Exception {
        kit.run(() -> {
            Future<Streams> served = Asyncio.getRunningLoop().createFuture();
            Server srv = await(Asyncio.startServer((rd, wr) -> {
                served.setResult(new Streams(rd, wr));
                await(wr.waitClosed());
            }, "127.0.0.1", 0));
            InetSocketAddress a = address(srv);
            Streams c = await(Asyncio.openConnection(a.getAddress().getHostAddress(), a.getPort(),
                    org.jasyncio.ConnectOptions.defaults(), 4096));
            try {
                Streams s = await(served);
                Transport st = (Transport) s.writer().transport();
                Transport ct = (Transport) c.writer().transport();
                StreamKit.smallKernelBuffers(st, ct);
                for (int i = 0; i < 3; i++) {
                    s.writer().write(new byte[4096]);
                }
                while (ct.isReading()) {
                    await(sleep(0));
                }
                for (int i = 0; i < 10 && st.getWriteBufferSize() == 0; i++) {
                    s.writer().write(new byte[256 * 1024]);
                }
                assertNotEquals(0, st.getWriteBufferSize());
                Future<Void> task = Asyncio.createTask(() -> await(srv.waitClosed()));
                await(sleep(0));
                assertFalse(task.done());
                srv.close();
                srv.abortClients();
                await(sleep(0));
                await(sleep(0));
                assertTrue(task.done());
                return null;
            } finally {
                c.writer().close();
                srv.close();
            }
        });
    }

    /**
     * test_close_race: the server is closed while accepted connections are being set up. Here accept and attach are
     * one step, so the closest race is a close from inside the accept batch; the server wakes its waiters once and
     * reports nothing.
     */
    @Test
    void closeDuringTheAcceptBatchWakesWaitersOnceAndReportsNothing() throws Exception {
        List<Transport> accepted = new ArrayList<>();
        AtomicReference<Server> server = new AtomicReference<>();
        Server srv = kit.await(kit.loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                accepted.add((Transport) t);
                server.get().close();
            }
        }, "127.0.0.1", 0, ServerOptions.defaults().startServing(false)));
        server.set(srv);
        InetSocketAddress a = address(srv);
        List<java.nio.channels.SocketChannel> clients = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            clients.add(java.nio.channels.SocketChannel.open(a)); // queued in the backlog before serving starts
        }
        try {
            kit.await(srv.startServing());
            kit.pause(0.05);
            // as asyncio, the batch accepts (and attaches) every queued connection before any connection_made runs
            assertEquals(3, accepted.size());
            assertFalse(srv.isServing());
            Future<Void> w = srv.waitClosed();
            for (Transport t : accepted) {
                assertFalse(w.done(), "a connection is still open");
                t.close();
                kit.pause(0.01);
            }
            kit.await(w);
            assertTrue(srv.waitClosed().done());
            assertEquals(List.of(), kit.errors);
        } finally {
            for (java.nio.channels.SocketChannel ch : clients) {
                ch.close();
            }
        }
    }

    /**
     * serve_forever's coroutine, cancelled, awaits wait_closed(); a second cancel interrupts that wait, so the task
     * ends cancelled at once even though a connection is still open (base_events.Server.serve_forever).
     */
    @Test
    void aSecondCancelEndsServeForeverWithoutWaitingForConnections() throws Exception {
        kit.run(() -> {
            Server srv = await(Asyncio.startServer(ServerConformanceTest::readToEofThenClose, "127.0.0.1", 0));
            Streams c = await(connect(srv));
            try {
                Task<Void> main = Asyncio.createTask(() -> await(srv.serveForever()));
                await(sleep(0));
                assertTrue(main.cancel("first"));
                await(sleep(0.05));
                assertFalse(main.done(), "waits for wait_closed(): a connection is still open");
                assertFalse(srv.isServing());
                assertTrue(main.cancel("second"));
                for (int i = 0; i < 3 && !main.done(); i++) {
                    await(sleep(0));
                }
                assertTrue(main.cancelled(), "the second cancel interrupts wait_closed()");
                assertFalse(srv.waitClosed().done(), "the connection is still open");
                return null;
            } finally {
                c.writer().close();
                srv.close();
            }
        });
    }

    /** test_buffered_proto_create_connection: a BufferedProtocol client fed by a stream server, one fixed buffer. */
    @Test
    void aBufferedProtocolClientReceivesEverythingThroughOneSmallBuffer() throws Exception {
        byte[] noise = "12345678+".repeat(1024).getBytes();
        Server srv = kit.await(kit.loop.createTask(() -> await(Asyncio.startServer((rd, wr) -> {
            wr.write(noise);
            await(rd.readexactly(1));
            wr.close();
            await(wr.waitClosed());
        }, "127.0.0.1", 0))));
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        Future<Void> lost = kit.loop.createFuture();
        InetSocketAddress a = address(srv);
        kit.run(() -> {
            ByteBuffer buffer = ByteBuffer.allocate(100);
            AtomicReference<Transport> tr = new AtomicReference<>();
            await(kit.loop.createConnection(() -> new BufferedProtocol() {
                @Override
                public void connectionMade(BaseTransport t) {
                    tr.set((Transport) t);
                }

                @Override
                public ByteBuffer getBuffer(int sizeHint) {
                    return buffer.clear();
                }

                @Override
                public void bufferUpdated(int nbytes) {
                    data.write(buffer.array(), 0, nbytes);
                    if (data.size() == noise.length) {
                        tr.get().write(new byte[] {'1'});
                    }
                }

                @Override
                public void connectionLost(Throwable exc) {
                    if (exc == null) {
                        lost.setResult(null);
                    } else {
                        lost.setException(exc);
                    }
                }
            }, a.getAddress().getHostAddress(), a.getPort()));
            await(lost);
            return null;
        });
        org.junit.jupiter.api.Assertions.assertArrayEquals(noise, data.toByteArray());
        srv.close();
        kit.await(srv.waitClosed());
    }
}
