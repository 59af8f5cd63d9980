package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.harness.LoopReportGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An {@link Error} (an AssertionError, a real StackOverflowError from deep recursion) thrown by every callback of a
 * stream, buffered, datagram and subprocess protocol, and the misbehaving {@code getBuffer} results, over real sockets
 * and a real child. Checked against asyncio 3.14, which treats every BaseException but SystemExit and
 * KeyboardInterrupt as it treats an ordinary exception: the exception handler's message and keys, whether the
 * connection is failed (and {@code connectionLost} gets the error) or goes on, that buffered output survives where
 * asyncio keeps it, and that the loop serves the next connection. ({@code FaultsTest} does the same for
 * RuntimeExceptions under load.)
 */
@Timeout(60)
class CallbackErrorsTest {

    /** How a callback fails. */
    enum Kind {
        ASSERTION, STACK_OVERFLOW;

        /** Throws the error, remembering the very instance in {@code into[0]} so that the report can be matched. */
        void raise(Throwable[] into) {
            if (this == ASSERTION) {
                into[0] = new AssertionError("callback assertion");
                throw (AssertionError) into[0];
            }
            try {
                recurse(0);
            } catch (StackOverflowError e) {
                into[0] = e;
                throw e;
            }
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }
    }

    /** The stream callbacks that can throw, and asyncio's handling of each. */
    enum Where {
        CONNECTION_MADE(null), DATA_RECEIVED("Fatal error: protocol.data_received() call failed."),
        EOF_RECEIVED("Fatal error: protocol.eof_received() call failed."), PAUSE_WRITING("protocol.pause_writing() failed"),
        RESUME_WRITING("protocol.resume_writing() failed"), CONNECTION_LOST(null),
        GET_BUFFER("Fatal error: protocol.get_buffer() call failed."),
        BUFFER_UPDATED("Fatal error: protocol.buffer_updated() call failed.");

        /** asyncio's message for the report; null where it is the "Exception in callback ..." of a handle. */
        final String message;

        Where(String message) {
            this.message = message;
        }

        /** asyncio fails the connection (_fatal_error) for these. */
        boolean fatal() {
            return message != null && message.startsWith("Fatal");
        }

        boolean buffered() {
            return this == GET_BUFFER || this == BUFFER_UPDATED;
        }
    }

    private static final int FLOOD = 512 * 1024;

    /** A server protocol that throws from {@code where} once and otherwise echoes. */
    static class Victim extends Kit.Tracked {
        final Where where;
        final Kind kind;
        final Throwable[] thrown = new Throwable[1];
        final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int eofs;

        Victim(Where where, Kind kind) {
            this.where = where;
            this.kind = kind;
        }

        void maybe(Where w) {
            if (w == where && thrown[0] == null) {
                kind.raise(thrown);
            }
        }

        @Override
        public void connectionMade(BaseTransport t) {
            super.connectionMade(t);
            transport.setWriteBufferLimits(16 * 1024);
            FaultsTest.smallKernelBuffers(transport);
            transport.write("hello".getBytes()); // buffered output that must survive a non-fatal error
            maybe(Where.CONNECTION_MADE);
        }

        void received(byte[] data) {
            maybe(Where.DATA_RECEIVED);
            if (where == Where.PAUSE_WRITING || where == Where.RESUME_WRITING) {
                transport.write(FaultsTest.pattern(FLOOD));
            } else {
                transport.write(data);
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            received(data);
        }

        @Override
        public boolean eofReceived() {
            eofs++;
            maybe(Where.EOF_RECEIVED);
            return false;
        }

        @Override
        public void pauseWriting() {
            maybe(Where.PAUSE_WRITING);
        }

        @Override
        public void resumeWriting() {
            maybe(Where.RESUME_WRITING);
        }

        @Override
        public void connectionLost(Throwable exc) {
            super.connectionLost(exc);
            maybe(Where.CONNECTION_LOST);
        }
    }

    /** The same victim as a BufferedProtocol (which the transport prefers): data comes through its own buffer. */
    static final class BufferedVictim extends Victim implements BufferedProtocol {
        BufferedVictim(Where where, Kind kind) {
            super(where, kind);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            maybe(Where.GET_BUFFER);
            return buffer.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            maybe(Where.BUFFER_UPDATED);
            received(Arrays.copyOf(buffer.array(), nbytes));
        }

        @Override
        public boolean eofReceived() {
            return super.eofReceived();
        }
    }

    /** A client that provokes the victim and collects what comes back. */
    static final class Client extends Kit.Tracked {
        final Where where;
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        final Future<Throwable> done;
        final org.jasyncio.EventLoop loop;

        Client(org.jasyncio.EventLoop loop, Where where) {
            this.loop = loop;
            this.where = where;
            this.done = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            super.connectionMade(t);
            switch (where) {
                case EOF_RECEIVED -> transport.writeEof();
                case PAUSE_WRITING, RESUME_WRITING -> {
                    FaultsTest.smallKernelBuffers(transport);
                    transport.pauseReading();
                    transport.write("go".getBytes());
                    loop.callLater(0.3, transport::resumeReading);
                }
                default -> transport.write("ping".getBytes());
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            got.writeBytes(data);
            int want = 5 + (where == Where.PAUSE_WRITING || where == Where.RESUME_WRITING ? FLOOD : 4);
            if (got.size() == want) {
                transport.close();
            }
        }

        @Override
        public void connectionLost(Throwable exc) {
            super.connectionLost(exc);
            done.setResult(exc);
        }
    }

    @ParameterizedTest
    @EnumSource(Where.class)
    void anAssertionErrorFromAStreamCallbackIsHandledAsAsyncioHandlesAnyException(Where where) throws Exception {
        errorFrom(where, Kind.ASSERTION);
    }

    @ParameterizedTest
    @EnumSource(value = Where.class, names = {"CONNECTION_MADE", "DATA_RECEIVED", "PAUSE_WRITING", "GET_BUFFER", "CONNECTION_LOST"})
    void aRealStackOverflowFromAStreamCallbackFailsOnlyWhatAsyncioFails(Where where) throws Exception {
        errorFrom(where, Kind.STACK_OVERFLOW);
    }

    private void errorFrom(Where where, Kind kind) throws Exception {
        List<Victim> victims = new ArrayList<>();
        List<Client> clients = new ArrayList<>();
        Throwable[] clientEnd = new Throwable[1];
        LoopReportGuard.expect(ctx -> victims.stream().anyMatch(v -> ctx.get("exception") == v.thrown[0]));
        try (Kit kit = new Kit()) {
            kit.run(40, () -> {
                Server server = await(kit.loop.createServer(() -> {
                    Victim v = where.buffered() ? new BufferedVictim(where, kind) : new Victim(where, kind);
                    victims.add(v);
                    return v;
                }, "127.0.0.1", 0));
                Client c = new Client(kit.loop, where);
                clients.add(c);
                await(kit.loop.createConnection(() -> c, "127.0.0.1", Kit.port(server)));
                clientEnd[0] = await(Asyncio.waitFor(c.done, 20));
                for (int i = 0; i < 500 && victims.getFirst().lost == 0; i++) {
                    await(Asyncio.sleep(0.01));
                }
                await(Asyncio.sleep(0.05)); // a report scheduled right after connectionLost
                // The loop goes on: a new connection is served.
                Server healthy = await(kit.loop.createServer(Kit.Echo::new, "127.0.0.1", 0));
                TransportMisuseTest.Sink sink = new TransportMisuseTest.Sink();
                await(kit.loop.createConnection(() -> sink, "127.0.0.1", Kit.port(healthy)));
                sink.transport.write("still serving".getBytes());
                for (int i = 0; i < 500 && sink.got.size() < 13; i++) {
                    await(Asyncio.sleep(0.01));
                }
                assertEquals("still serving", sink.got.toString());
                sink.transport.close();
                healthy.close();
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                await(Asyncio.waitFor(healthy.waitClosed(), 10));
                return null;
            });
            Victim v = victims.getFirst();
            assertNotNull(v.thrown[0], where + " was never called");
            List<Map<String, Object>> reports = kit.reports.stream().filter(r -> r.get("exception") == v.thrown[0]).toList();
            assertEquals(1, reports.size(), "reports of the error: " + kit.reports);
            assertEquals(1, kit.reports.size(), "no other report: " + kit.reports);
            Map<String, Object> r = reports.getFirst();
            if (where.message != null) {
                assertEquals(where.message, r.get("message"));
                assertSame(v.transport, r.get("transport"));
                assertSame(v, r.get("protocol"));
            } else {
                assertTrue(String.valueOf(r.get("message")).startsWith("Exception in callback"), "message: " + r.get("message"));
            }
            assertEquals(1, v.made);
            assertEquals(1, v.lost, "connectionLost once");
            Client c = clients.getFirst();
            if (where.fatal()) {
                assertSame(v.thrown[0], v.lostWith, "a fatal callback error is what connectionLost gets");
                assertTrue(c.got.size() <= 5, "nothing echoed after a fatal error");
            } else {
                assertNull(v.lostWith, "a connection whose " + where + " threw ends normally");
                assertNull(clientEnd[0]);
                byte[] want = where == Where.PAUSE_WRITING || where == Where.RESUME_WRITING
                        ? concat("hello".getBytes(), FaultsTest.pattern(FLOOD)) : "helloping".getBytes();
                assertTrue(Arrays.equals(want, c.got.toByteArray()), "every buffered byte after " + where + " threw ("
                        + c.got.size() + " of " + want.length + ")");
            }
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    // ---- pipes

    /**
     * asyncio's read pipe calls data_received outside its error handling and eof_received through call_soon: an
     * exception from either is reported as a callback's ("Exception in callback ...") and the pipe goes on, every byte
     * delivered and connection_lost(None) once at the end; nothing is fatal, unlike a socket's.
     */
    @Test
    void errorsFromAReadPipesProtocolAreReportedAndThePipeGoesOn() throws Exception {
        List<Throwable> thrown = new ArrayList<>();
        StringBuilder got = new StringBuilder();
        Throwable[] lostWith = {new Throwable("never lost")};
        int[] lost = {0};
        LoopReportGuard.expect(ctx -> thrown.contains(ctx.get("exception")));
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
                Future<Void> gone = kit.loop.createFuture();
                await(kit.loop.connectReadPipe(() -> new org.jasyncio.Protocol() {
                    @Override
                    public void dataReceived(byte[] data) {
                        boolean first = got.isEmpty();
                        got.append(new String(data));
                        if (first) {
                            Throwable[] t = new Throwable[1];
                            try {
                                Kind.ASSERTION.raise(t);
                            } finally {
                                thrown.add(t[0]);
                            }
                        }
                    }

                    @Override
                    public boolean eofReceived() {
                        RuntimeException e = new IllegalStateException("eofReceived fails");
                        thrown.add(e);
                        throw e;
                    }

                    @Override
                    public void connectionLost(Throwable exc) {
                        lost[0]++;
                        lostWith[0] = exc;
                        gone.setResult(null);
                    }
                }, pipe.source()));
                pipe.sink().write(ByteBuffer.wrap("one".getBytes()));
                for (int i = 0; i < 300 && got.length() < 3; i++) {
                    await(Asyncio.sleep(0.01));
                }
                pipe.sink().write(ByteBuffer.wrap("two".getBytes()));
                for (int i = 0; i < 300 && got.length() < 6; i++) {
                    await(Asyncio.sleep(0.01));
                }
                pipe.sink().close();
                await(Asyncio.waitFor(gone, 10));
                await(Asyncio.sleep(0.05));
                return null;
            });
            assertEquals("onetwo", got.toString(), "the pipe goes on after dataReceived threw");
            assertEquals(1, lost[0]);
            assertNull(lostWith[0], "asyncio: connection_lost(None) at the end");
            assertEquals(2, thrown.size());
            for (Throwable t : thrown) {
                List<Map<String, Object>> r = kit.reports.stream().filter(x -> x.get("exception") == t).toList();
                assertEquals(1, r.size(), t + " in " + kit.reports);
                assertTrue(String.valueOf(r.getFirst().get("message")).startsWith("Exception in callback"),
                        "message: " + r.getFirst().get("message"));
            }
            assertEquals(2, kit.reports.size(), kit.reports.toString());
        }
    }

    // ---- plain callbacks: a reader, and the exception handler itself

    @Test
    void anErrorFromAReaderCallbackIsReportedAndTheReaderStays() throws Exception {
        List<Throwable> thrown = new ArrayList<>();
        int[] calls = {0};
        LoopReportGuard.expect(ctx -> thrown.contains(ctx.get("exception")));
        try (Kit kit = new Kit();
             java.nio.channels.ServerSocketChannel l = java.nio.channels.ServerSocketChannel.open()) {
            l.bind(new InetSocketAddress("127.0.0.1", 0));
            try (java.nio.channels.SocketChannel a = java.nio.channels.SocketChannel.open(l.getLocalAddress());
                 java.nio.channels.SocketChannel b = l.accept()) {
                a.configureBlocking(false);
                kit.run(30, () -> {
                    kit.loop.addReader(a, () -> {
                        calls[0]++;
                        try {
                            a.read(ByteBuffer.allocate(16));
                        } catch (java.io.IOException e) {
                            kit.failures.add(e.toString());
                        }
                        if (calls[0] <= 2) {
                            Throwable[] t = new Throwable[1];
                            try {
                                (calls[0] == 1 ? Kind.ASSERTION : Kind.STACK_OVERFLOW).raise(t);
                            } finally {
                                thrown.add(t[0]);
                            }
                        }
                    });
                    for (int i = 0; i < 3; i++) {
                        b.write(ByteBuffer.wrap("x".getBytes()));
                        for (int w = 0; w < 300 && calls[0] <= i; w++) {
                            await(Asyncio.sleep(0.01));
                        }
                    }
                    assertTrue(kit.loop.removeReader(a), "the reader is still registered");
                    return null;
                });
            }
            assertEquals(3, calls[0], "the reader ran again after it threw");
            assertEquals(List.of(), List.copyOf(kit.failures));
            assertEquals(2, kit.reports.size(), kit.reports.toString());
            for (int i = 0; i < 2; i++) {
                Map<String, Object> r = kit.reports.get(i);
                assertSame(thrown.get(i), r.get("exception"));
                assertTrue(String.valueOf(r.get("message")).startsWith("Exception in callback"), "message: " + r.get("message"));
                assertNotNull(r.get("handle"), "asyncio's handle key");
            }
        }
    }

    @Test
    void anErrorFromTheExceptionHandlerItselfNeitherStopsTheLoopNorLosesALaterReport() throws Exception {
        List<Object> handled = new ArrayList<>();
        RuntimeException first = new RuntimeException("first");
        RuntimeException second = new RuntimeException("second");
        LoopReportGuard.expect(ctx -> ctx.get("exception") == first || ctx.get("exception") == second);
        try (Kit kit = new Kit()) {
            kit.loop.setExceptionHandler((l, ctx) -> {
                handled.add(ctx.get("exception"));
                throw new StackOverflowError("the handler itself overflows");
            });
            List<String> ran = new ArrayList<>();
            kit.run(30, () -> {
                kit.loop.callSoon(() -> {
                    throw first;
                });
                kit.loop.callSoon(() -> ran.add("after the first"));
                await(Asyncio.sleep(0.02));
                kit.loop.callSoon(() -> {
                    throw second;
                });
                kit.loop.callSoon(() -> ran.add("after the second"));
                await(Asyncio.sleep(0.02));
                return null;
            });
            assertEquals(List.of(first, second), handled);
            assertEquals(List.of("after the first", "after the second"), ran);
            assertFalse(kit.loop.isClosed());
        }
    }

    // ---- getBuffer results asyncio refuses

    /** What a BufferedProtocol's getBuffer returns. */
    enum BadBuffer {
        EMPTY(h -> ByteBuffer.allocate(0), "get_buffer() returned an empty buffer"),
        FULL(h -> ByteBuffer.allocate(8).position(8), "get_buffer() returned an empty buffer"),
        NULL(h -> null, "get_buffer() returned an empty buffer"),
        READ_ONLY(h -> ByteBuffer.allocate(h).asReadOnlyBuffer(), null);

        final Function<Integer, ByteBuffer> make;
        final String exceptionMessage;

        BadBuffer(Function<Integer, ByteBuffer> make, String exceptionMessage) {
            this.make = make;
            this.exceptionMessage = exceptionMessage;
        }
    }

    @ParameterizedTest
    @EnumSource(BadBuffer.class)
    void aBufferGetBufferMustNotReturnFailsOnlyItsConnectionBeforeAnySyscall(BadBuffer bad) throws Exception {
        List<Kit.Tracked> served = new ArrayList<>();
        LoopReportGuard.expect(ctx -> served.stream().anyMatch(s -> ctx.get("protocol") == s));
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Server server = await(kit.loop.createServer(() -> {
                    Kit.Tracked t = new BufferedTracked(bad);
                    served.add(t);
                    return t;
                }, "127.0.0.1", 0));
                TransportMisuseTest.Sink c = new TransportMisuseTest.Sink();
                c.lostFuture = kit.loop.createFuture();
                await(kit.loop.createConnection(() -> c, "127.0.0.1", Kit.port(server)));
                c.transport.write("x".getBytes());
                for (int i = 0; i < 500 && (served.isEmpty() || served.getFirst().lost == 0 || c.eofs == 0); i++) {
                    await(Asyncio.sleep(0.01));
                }
                assertEquals(1, c.eofs, "the failed connection's socket is closed");
                c.transport.close();
                await(Asyncio.waitFor(c.lostFuture, 10));
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                return null;
            });
            Kit.Tracked s = served.getFirst();
            assertEquals(1, s.lost);
            assertEquals(1, kit.reports.size(), "reported once: " + kit.reports);
            Map<String, Object> r = kit.reports.getFirst();
            assertSame(s.lostWith, r.get("exception"));
            assertSame(s.transport, r.get("transport"));
            if (bad.exceptionMessage != null) {
                assertEquals("Fatal error: protocol.get_buffer() call failed.", r.get("message"));
                assertEquals(bad.exceptionMessage, s.lostWith.getMessage());
            } else {
                assertEquals("Fatal read error on socket transport", r.get("message"));
                assertInstanceOf(java.nio.ReadOnlyBufferException.class, s.lostWith);
                assertEquals("get_buffer() returned a read-only buffer", s.lostWith.getMessage(), "names what was wrong");
            }
        }
    }

    static final class BufferedTracked extends Kit.Tracked implements BufferedProtocol {
        final BadBuffer bad;

        BufferedTracked(BadBuffer bad) {
            this.bad = bad;
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return bad.make.apply(sizeHint);
        }

        @Override
        public void bufferUpdated(int nbytes) {
        }

        @Override
        public boolean eofReceived() {
            return false;
        }
    }

    // ---- datagram callbacks

    @Test
    void errorsFromDatagramCallbacksAreReportedAndTheEndpointGoesOn() throws Exception {
        List<String> got = new ArrayList<>();
        List<Exception> errors = new ArrayList<>();
        Throwable[] fromMade = new Throwable[1];
        Throwable[] fromReceived = new Throwable[1];
        Throwable[] fromError = new Throwable[1];
        Throwable[] fromLost = new Throwable[1];
        int[] lost = {0};
        LoopReportGuard.expect(ctx -> Arrays.asList(fromMade[0], fromReceived[0], fromError[0], fromLost[0])
                .contains(ctx.get("exception")));
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                DatagramTransport server = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                    @Override
                    public void connectionMade(BaseTransport t) {
                        Kind.ASSERTION.raise(fromMade);
                    }

                    @Override
                    public void datagramReceived(byte[] data, java.net.SocketAddress address) {
                        got.add(new String(data));
                        if (fromReceived[0] == null) {
                            Kind.STACK_OVERFLOW.raise(fromReceived);
                        }
                    }
                }, new InetSocketAddress("127.0.0.1", 0), null)).transport();
                InetSocketAddress to = (InetSocketAddress) server.getExtraInfo("sockname");
                DatagramTransport sender = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                }, null, to)).transport();
                for (int i = 0; i < 3; i++) {
                    sender.sendto(("d" + i).getBytes());
                    for (int w = 0; w < 300 && got.size() <= i; w++) {
                        await(Asyncio.sleep(0.01));
                    }
                }
                java.nio.channels.DatagramChannel gone = java.nio.channels.DatagramChannel.open();
                gone.bind(new InetSocketAddress("127.0.0.1", 0));
                InetSocketAddress goneAddress = (InetSocketAddress) gone.getLocalAddress();
                gone.close();
                DatagramTransport lonely = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                    @Override
                    public void errorReceived(Exception exc) {
                        errors.add(exc);
                        if (fromError[0] == null) {
                            Kind.ASSERTION.raise(fromError);
                        }
                    }

                    @Override
                    public void connectionLost(Throwable exc) {
                        lost[0]++;
                        Kind.ASSERTION.raise(fromLost);
                    }
                }, null, goneAddress)).transport();
                for (int i = 0; i < 3; i++) {
                    lonely.sendto("anyone?".getBytes());
                    for (int w = 0; w < 300 && errors.size() <= i; w++) {
                        await(Asyncio.sleep(0.01));
                    }
                }
                sender.close();
                server.close();
                lonely.close();
                await(Asyncio.sleep(0.1));
                return null;
            });
            assertEquals(List.of("d0", "d1", "d2"), got, "datagrams after a throwing datagramReceived");
            assertEquals(3, errors.size(), "errorReceived calls after a throwing one");
            assertEquals(1, lost[0]);
            for (Throwable t : List.of(fromMade[0], fromReceived[0], fromError[0], fromLost[0])) {
                assertEquals(1, kit.reports.stream().filter(r -> r.get("exception") == t).count(), t + " in " + kit.reports);
            }
            assertEquals(4, kit.reports.size(), kit.reports.toString());
        }
    }

    // ---- subprocess callbacks

    @Test
    void errorsFromEverySubprocessCallbackNeitherLoseOutputNorTheEndOfTheProcess() throws Exception {
        List<String> events = new ArrayList<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<Throwable> thrown = new ArrayList<>();
        LoopReportGuard.expect(ctx -> thrown.contains(ctx.get("exception")));
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Future<Void> lost = kit.loop.createFuture();
                var conn = await(kit.loop.subprocessExec(() -> new SubprocessProtocol() {
                    private void fail(String where) {
                        AssertionError e = new AssertionError("from " + where);
                        thrown.add(e);
                        throw e;
                    }

                    @Override
                    public void connectionMade(BaseTransport t) {
                        events.add("made");
                        fail("connectionMade");
                    }

                    @Override
                    public void pipeDataReceived(int fd, byte[] data) {
                        boolean first = out.size() == 0;
                        out.writeBytes(data);
                        if (first) {
                            fail("pipeDataReceived");
                        }
                    }

                    @Override
                    public void pipeConnectionLost(int fd, Throwable exc) {
                        events.add("pipe " + fd + " lost");
                        fail("pipeConnectionLost " + fd);
                    }

                    @Override
                    public void processExited() {
                        events.add("exited");
                        fail("processExited");
                    }

                    @Override
                    public void connectionLost(Throwable exc) {
                        events.add("lost");
                        lost.setResult(null);
                        fail("connectionLost");
                    }
                }, List.of("sh", "-c", "printf one; sleep 0.1; printf two; sleep 0.1; printf three")));
                SubprocessTransport t = conn.transport();
                await(Asyncio.waitFor(lost, 20));
                await(Asyncio.sleep(0.05));
                assertEquals(0, t.getReturncode());
                t.close();
                return null;
            });
            assertEquals("onetwothree", out.toString(), "every byte after pipeDataReceived threw");
            assertEquals("made", events.getFirst());
            assertEquals("lost", events.getLast());
            assertEquals(1, events.stream().filter("exited"::equals).count());
            assertEquals(1, events.stream().filter("lost"::equals).count());
            assertTrue(events.containsAll(List.of("pipe 0 lost", "pipe 1 lost", "pipe 2 lost")), events.toString());
            for (Throwable t : thrown) {
                assertEquals(1, kit.reports.stream().filter(r -> r.get("exception") == t).count(), t + " in " + kit.reports);
            }
            assertEquals(thrown.size(), kit.reports.size());
            assertEquals(7, thrown.size(), thrown.toString());
        }
    }
}
