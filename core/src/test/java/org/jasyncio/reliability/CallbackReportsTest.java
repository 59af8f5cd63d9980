package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.Handle;
import org.jasyncio.Protocol;
import org.jasyncio.ReadTransport;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.jasyncio.WriteTransport;
import org.jasyncio.harness.LoopReportGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How an exception from a protocol callback is reported, and what becomes of the transport, as asyncio 3.14's
 * selector transports do it, over real loopback sockets. Where asyncio lets the exception escape into the handle that
 * ran the transport's method ({@code _read_ready} of a datagram endpoint, {@code _call_connection_lost} scheduled with
 * call_soon, the writer that finishes a close), the report is the handle's: "Exception in callback Type.method(...)"
 * with exception and handle keys, no transport or protocol. Where asyncio calls {@code _fatal_error}, the report
 * carries transport and protocol and the transport closes. Reports are collected and checked after the loop ran.
 */
@Timeout(60)
class CallbackReportsTest {

    private static final List<String> HANDLE_KEYS = List.of("message", "exception", "handle");

    /** The one report of {@code exc}, checked to be a handle's report naming {@code callback}. */
    private static Map<String, Object> handleReport(Kit kit, Throwable exc, String callback) {
        List<Map<String, Object>> of = kit.reports.stream().filter(r -> r.get("exception") == exc).toList();
        assertEquals(1, of.size(), "reports of " + exc + ": " + kit.reports);
        Map<String, Object> r = of.getFirst();
        assertEquals("Exception in callback " + callback, r.get("message"));
        assertEquals(HANDLE_KEYS, List.copyOf(r.keySet()), "asyncio's Handle._run keys");
        assertTrue(r.get("handle") instanceof Handle, "handle: " + r.get("handle"));
        assertEquals("<Handle " + callback + ">", r.get("handle").toString());
        return r;
    }

    // ------------------------------------------------------------------ datagram endpoints

    @Test
    void aThrowingDatagramReceivedIsTheReadersHandleReportAndTheEndpointGoesOn() throws Exception {
        List<RuntimeException> thrown = new ArrayList<>();
        List<String> got = new ArrayList<>();
        boolean[] closingAfter = new boolean[1];
        LoopReportGuard.expect(ctx -> thrown.contains(ctx.get("exception")));
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                DatagramTransport server = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                    @Override
                    public void datagramReceived(byte[] data, SocketAddress addr) {
                        got.add(new String(data));
                        if (got.size() == 1) {
                            RuntimeException e = new IllegalStateException("datagram broke");
                            thrown.add(e);
                            throw e;
                        }
                    }
                }, new InetSocketAddress("127.0.0.1", 0), null)).transport();
                SocketAddress to = (SocketAddress) server.getExtraInfo("sockname");
                DatagramTransport client = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() { }, null,
                        (InetSocketAddress) to)).transport();
                for (int i = 0; i < 3; i++) {
                    client.sendto(("d" + i).getBytes());
                    for (int w = 0; w < 300 && got.size() <= i; w++) {
                        await(Asyncio.sleep(0.01));
                    }
                }
                closingAfter[0] = server.isClosing();
                client.close();
                server.close();
                await(Asyncio.sleep(0.05));
                return null;
            });
            assertEquals(List.of("d0", "d1", "d2"), got, "datagrams after the throwing one");
            assertFalse(closingAfter[0], "the endpoint stays open");
            assertEquals(1, thrown.size());
            handleReport(kit, thrown.getFirst(), "_SelectorDatagramTransport._read_ready()");
            assertEquals(1, kit.reports.size(), kit.reports.toString());
        }
    }

    @Test
    void aThrowingErrorReceivedIsTheReadersHandleReportAndLaterErrorsStillArrive() throws Exception {
        List<RuntimeException> thrown = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        boolean[] closingAfter = new boolean[1];
        LoopReportGuard.expect(ctx -> thrown.contains(ctx.get("exception")));
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                DatagramChannel gone = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
                InetSocketAddress goneAddress = (InetSocketAddress) gone.getLocalAddress();
                gone.close();
                DatagramTransport lonely = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                    @Override
                    public void errorReceived(Exception exc) {
                        errors.add(exc);
                        if (errors.size() == 1) {
                            RuntimeException e = new IllegalStateException("error_received broke");
                            thrown.add(e);
                            throw e;
                        }
                    }
                }, null, goneAddress)).transport();
                for (int i = 0; i < 3; i++) {
                    lonely.sendto("anyone?".getBytes()); // the port unreachable comes back on the next read
                    for (int w = 0; w < 300 && errors.size() <= i; w++) {
                        await(Asyncio.sleep(0.01));
                    }
                }
                closingAfter[0] = lonely.isClosing();
                lonely.close();
                await(Asyncio.sleep(0.05));
                return null;
            });
            assertEquals(3, errors.size(), "errorReceived calls after the throwing one: " + errors);
            assertFalse(closingAfter[0], "the endpoint stays open");
            handleReport(kit, thrown.getFirst(), "_SelectorDatagramTransport._read_ready()");
            assertEquals(1, kit.reports.size(), kit.reports.toString());
        }
    }

    @Test
    void aThrowingDatagramConnectionLostIsTheCallSoonHandleReportAndTheSocketCloses() throws Exception {
        RuntimeException boom = new IllegalStateException("lost badly");
        DatagramChannel[] channel = new DatagramChannel[1];
        LoopReportGuard.expect(ctx -> ctx.get("exception") == boom);
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                DatagramTransport t = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                    @Override
                    public void connectionLost(Throwable exc) {
                        throw boom;
                    }
                }, new InetSocketAddress("127.0.0.1", 0), null)).transport();
                channel[0] = (DatagramChannel) t.getExtraInfo("socket");
                t.close();
                await(Asyncio.sleep(0.05));
                return null;
            });
            handleReport(kit, boom, "_SelectorDatagramTransport._call_connection_lost(None)");
            assertFalse(channel[0].isOpen(), "the socket is closed anyway");
            assertEquals(1, kit.reports.size(), kit.reports.toString());
        }
    }

    // ------------------------------------------------------------------ pipes

    @Test
    void aThrowingReadPipeDataReceivedIsTheReadersHandleReportAndThePipeGoesOn() throws Exception {
        List<RuntimeException> thrown = new ArrayList<>();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        boolean[] closingAfter = new boolean[1];
        LoopReportGuard.expect(ctx -> thrown.contains(ctx.get("exception")));
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pipe pipe = Pipe.open();
                ReadTransport t = await(kit.loop.connectReadPipe(() -> new Protocol() {
                    @Override
                    public void dataReceived(byte[] data) {
                        got.writeBytes(data);
                        if (thrown.isEmpty()) {
                            RuntimeException e = new IllegalStateException("pipe data broke");
                            thrown.add(e);
                            throw e;
                        }
                    }
                }, pipe.source())).transport();
                pipe.sink().write(ByteBuffer.wrap("one".getBytes()));
                for (int i = 0; i < 300 && got.size() < 3; i++) {
                    await(Asyncio.sleep(0.01));
                }
                pipe.sink().write(ByteBuffer.wrap("two".getBytes()));
                for (int i = 0; i < 300 && got.size() < 6; i++) {
                    await(Asyncio.sleep(0.01));
                }
                closingAfter[0] = t.isClosing();
                t.close();
                pipe.sink().close();
                await(Asyncio.sleep(0.05));
                return null;
            });
            assertEquals("onetwo", got.toString(), "bytes after the throwing call");
            assertFalse(closingAfter[0], "the pipe stays open");
            handleReport(kit, thrown.getFirst(), "_UnixReadPipeTransport._read_ready()");
            assertEquals(1, kit.reports.size(), kit.reports.toString());
        }
    }

    @Test
    void aThrowingWritePipeConnectionLostIsTheCallSoonHandleReport() throws Exception {
        RuntimeException boom = new IllegalStateException("pipe lost badly");
        Pipe.SinkChannel[] sink = new Pipe.SinkChannel[1];
        LoopReportGuard.expect(ctx -> ctx.get("exception") == boom);
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pipe pipe = Pipe.open();
                sink[0] = pipe.sink();
                WriteTransport t = await(kit.loop.connectWritePipe(() -> new Protocol() {
                    @Override
                    public void connectionLost(Throwable exc) {
                        throw boom;
                    }
                }, pipe.sink())).transport();
                t.close();
                await(Asyncio.sleep(0.05));
                pipe.source().close();
                return null;
            });
            handleReport(kit, boom, "_UnixWritePipeTransport._call_connection_lost(None)");
            assertFalse(sink[0].isOpen(), "the pipe is closed anyway");
            assertEquals(1, kit.reports.size(), kit.reports.toString());
        }
    }

    // ------------------------------------------------------------------ stream transports

    /** A server protocol whose connectionLost throws; counts its calls. */
    static class LosesBadly extends Kit.Tracked {
        final RuntimeException boom = new IllegalStateException("connection_lost broke");

        @Override
        public void connectionLost(Throwable exc) {
            super.connectionLost(exc);
            throw boom;
        }
    }

    @Test
    void aThrowingConnectionLostIsTheCallSoonHandleReportAndTheServerLetsGo() throws Exception {
        List<LosesBadly> victims = new ArrayList<>();
        SocketChannel[] channel = new SocketChannel[1];
        String[] echoed = new String[1];
        LoopReportGuard.expect(ctx -> victims.stream().anyMatch(v -> v.boom == ctx.get("exception")));
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Server server = await(kit.loop.createServer(() -> {
                    LosesBadly v = new LosesBadly();
                    victims.add(v);
                    return v;
                }, "127.0.0.1", 0));
                TransportMisuseTest.Sink first = new TransportMisuseTest.Sink();
                await(kit.loop.createConnection(() -> first, "127.0.0.1", Kit.port(server)));
                for (int i = 0; i < 300 && victims.isEmpty(); i++) {
                    await(Asyncio.sleep(0.01));
                }
                for (int i = 0; i < 300 && victims.getFirst().transport == null; i++) {
                    await(Asyncio.sleep(0.01));
                }
                LosesBadly v = victims.getFirst();
                channel[0] = (SocketChannel) v.transport.getExtraInfo("socket");
                v.transport.close();
                await(Asyncio.sleep(0.05));
                // Another connection on the same loop is served.
                Server healthy = await(kit.loop.createServer(Kit.Echo::new, "127.0.0.1", 0));
                TransportMisuseTest.Sink sink = new TransportMisuseTest.Sink();
                await(kit.loop.createConnection(() -> sink, "127.0.0.1", Kit.port(healthy)));
                sink.transport.write("still serving".getBytes());
                for (int i = 0; i < 500 && sink.got.size() < 13; i++) {
                    await(Asyncio.sleep(0.01));
                }
                echoed[0] = sink.got.toString();
                sink.transport.close();
                first.transport.close();
                healthy.close();
                // wait_closed ends only once the server's count of connections is back to zero.
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                await(Asyncio.waitFor(healthy.waitClosed(), 10));
                return null;
            });
            assertEquals("still serving", echoed[0]);
            LosesBadly v = victims.getFirst();
            assertEquals(1, v.lost, "connectionLost once");
            assertNull(v.lostWith);
            assertFalse(channel[0].isOpen(), "the socket is closed anyway");
            handleReport(kit, v.boom, "_SelectorSocketTransport._call_connection_lost(None)");
            assertEquals(1, kit.reports.size(), kit.reports.toString());
        }
    }

    @Test
    void aThrowingConnectionLostAfterTheQueueDrainedIsTheWritersHandleReport() throws Exception {
        int size = 4 * 1024 * 1024;
        LosesBadly[] victim = new LosesBadly[1];
        int[] queuedAtClose = new int[1];
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        LoopReportGuard.expect(ctx -> victim[0] != null && victim[0].boom == ctx.get("exception"));
        try (Kit kit = new Kit()) {
            kit.run(40, () -> {
                Server server = await(kit.loop.createServer(() -> {
                    victim[0] = new LosesBadly() {
                        @Override
                        public void connectionMade(BaseTransport t) {
                            super.connectionMade(t);
                            FaultsTest.smallKernelBuffers(transport);
                            transport.write(new byte[size]);
                            queuedAtClose[0] = transport.getWriteBufferSize();
                            transport.close(); // lost once the queue has drained: from the writer, not call_soon
                        }
                    };
                    return victim[0];
                }, "127.0.0.1", 0));
                var done = kit.loop.<Void>createFuture();
                await(kit.loop.createConnection(() -> new Protocol() {
                    @Override
                    public void dataReceived(byte[] data) {
                        got.writeBytes(data);
                    }

                    @Override
                    public void connectionLost(Throwable exc) {
                        done.setResult(null);
                    }
                }, "127.0.0.1", Kit.port(server)));
                await(Asyncio.waitFor(done, 30));
                for (int i = 0; i < 300 && victim[0].lost == 0; i++) {
                    await(Asyncio.sleep(0.01));
                }
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                return null;
            });
            assertTrue(queuedAtClose[0] > 0, "the close had to wait for the queue");
            assertEquals(size, got.size(), "every byte queued before the close");
            assertEquals(1, victim[0].lost);
            handleReport(kit, victim[0].boom, "_SelectorSocketTransport._write_ready()");
            assertEquals(1, kit.reports.size(), kit.reports.toString());
        }
    }

    /** The stream callbacks whose exception asyncio hands to _fatal_error, and its message for each. */
    enum Fatal {
        DATA_RECEIVED("Fatal error: protocol.data_received() call failed."),
        EOF_RECEIVED("Fatal error: protocol.eof_received() call failed."),
        GET_BUFFER("Fatal error: protocol.get_buffer() call failed."),
        BUFFER_UPDATED("Fatal error: protocol.buffer_updated() call failed.");

        final String message;

        Fatal(String message) {
            this.message = message;
        }
    }

    /** A server protocol, plain or buffered, that throws {@code boom} from {@code where}. */
    interface Victim extends BaseProtocol {
        BaseTransport transport();

        Throwable lostWith();
    }

    static Victim victim(Fatal where, RuntimeException boom) {
        if (where == Fatal.GET_BUFFER || where == Fatal.BUFFER_UPDATED) {
            final class Buffered implements BufferedProtocol, Victim {
                BaseTransport transport;
                Throwable lostWith;
                final ByteBuffer buffer = ByteBuffer.allocate(1024);

                @Override
                public void connectionMade(BaseTransport t) {
                    transport = t;
                }

                @Override
                public ByteBuffer getBuffer(int sizeHint) {
                    if (where == Fatal.GET_BUFFER) {
                        throw boom;
                    }
                    return buffer.clear();
                }

                @Override
                public void bufferUpdated(int nbytes) {
                    throw boom;
                }

                @Override
                public void connectionLost(Throwable exc) {
                    lostWith = exc;
                }

                @Override
                public BaseTransport transport() {
                    return transport;
                }

                @Override
                public Throwable lostWith() {
                    return lostWith;
                }
            }
            return new Buffered();
        }
        final class Plain implements Protocol, Victim {
            BaseTransport transport;
            Throwable lostWith;

            @Override
            public void connectionMade(BaseTransport t) {
                transport = t;
            }

            @Override
            public void dataReceived(byte[] data) {
                if (where == Fatal.DATA_RECEIVED) {
                    throw boom;
                }
            }

            @Override
            public boolean eofReceived() {
                throw boom;
            }

            @Override
            public void connectionLost(Throwable exc) {
                lostWith = exc;
            }

            @Override
            public BaseTransport transport() {
                return transport;
            }

            @Override
            public Throwable lostWith() {
                return lostWith;
            }
        }
        return new Plain();
    }

    /**
     * asyncio's _fatal_error: the message names the callback, the keys are transport and protocol (no handle), the
     * transport closes, connectionLost gets the error, and another connection is served.
     */
    @ParameterizedTest
    @EnumSource(Fatal.class)
    void aFatalCallbackErrorCarriesTransportAndProtocol(Fatal where) throws Exception {
        RuntimeException boom = new IllegalStateException(where + " broke");
        Victim[] victim = new Victim[1];
        boolean[] closing = new boolean[1];
        String[] echoed = new String[1];
        LoopReportGuard.expect(ctx -> ctx.get("exception") == boom);
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Server server = await(kit.loop.createServer(() -> {
                    victim[0] = victim(where, boom);
                    return victim[0];
                }, "127.0.0.1", 0));
                TransportMisuseTest.Sink sink = new TransportMisuseTest.Sink();
                await(kit.loop.createConnection(() -> sink, "127.0.0.1", Kit.port(server)));
                sink.transport.write("ping".getBytes());
                if (where == Fatal.EOF_RECEIVED) {
                    sink.transport.writeEof();
                }
                for (int i = 0; i < 300 && kit.reports.isEmpty(); i++) {
                    await(Asyncio.sleep(0.01));
                }
                closing[0] = victim[0].transport() != null && ((Transport) victim[0].transport()).isClosing();
                // The loop goes on: another connection is served.
                Server healthy = await(kit.loop.createServer(Kit.Echo::new, "127.0.0.1", 0));
                TransportMisuseTest.Sink other = new TransportMisuseTest.Sink();
                await(kit.loop.createConnection(() -> other, "127.0.0.1", Kit.port(healthy)));
                other.transport.write("still serving".getBytes());
                for (int i = 0; i < 500 && other.got.size() < 13; i++) {
                    await(Asyncio.sleep(0.01));
                }
                echoed[0] = other.got.toString();
                other.transport.close();
                sink.transport.close();
                healthy.close();
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                await(Asyncio.waitFor(healthy.waitClosed(), 10));
                return null;
            });
            assertTrue(closing[0], "a fatal error closes the transport");
            assertEquals("still serving", echoed[0]);
            assertEquals(1, kit.reports.size(), kit.reports.toString());
            Map<String, Object> r = kit.reports.getFirst();
            assertEquals(where.message, r.get("message"));
            assertEquals(List.of("message", "exception", "transport", "protocol"), List.copyOf(r.keySet()));
            assertSame(boom, r.get("exception"));
            assertSame(victim[0].transport(), r.get("transport"));
            assertSame(victim[0], r.get("protocol"));
            assertSame(boom, victim[0].lostWith(), "connectionLost gets the error");
        }
    }
}
