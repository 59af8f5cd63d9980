package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Transport calls in the wrong state or with bad arguments, over real sockets, each checked against what asyncio
 * 3.14's selector transports do: a clear exception naming what was wrong where asyncio raises, a silent no-op where
 * asyncio ignores the call, and in every case a connection (and loop) that goes on working afterwards.
 */
@Timeout(60)
class TransportMisuseTest {

    /** Collects what a connection receives and how it ends. */
    static final class Sink extends Kit.Tracked {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        Future<Void> lostFuture;
        int eofs;

        @Override
        public void connectionMade(BaseTransport t) {
            super.connectionMade(t);
        }

        @Override
        public void dataReceived(byte[] data) {
            got.writeBytes(data);
        }

        @Override
        public boolean eofReceived() {
            eofs++;
            return true;
        }

        @Override
        public void connectionLost(Throwable exc) {
            super.connectionLost(exc);
            if (lostFuture != null && !lostFuture.done()) {
                lostFuture.setResult(null);
            }
        }
    }

    /** A connected pair on loopback: the client's transport, and the server's sink. */
    record Pair(Transport client, Sink clientSide, Sink server, Server listener) {
    }

    static Pair pair(Kit kit) throws Exception {
        List<Sink> accepted = new ArrayList<>();
        Server s = await(kit.loop.createServer(() -> {
            Sink k = new Sink();
            k.lostFuture = kit.loop.createFuture();
            accepted.add(k);
            return k;
        }, "127.0.0.1", 0));
        Sink c = new Sink();
        c.lostFuture = kit.loop.createFuture();
        await(kit.loop.createConnection(() -> c, "127.0.0.1", Kit.port(s)));
        for (int i = 0; i < 500 && (accepted.isEmpty() || accepted.getFirst().made == 0); i++) {
            await(Asyncio.sleep(0.01));
        }
        return new Pair(c.transport, c, accepted.getFirst(), s);
    }

    static void waitFor(java.util.function.BooleanSupplier cond) throws Exception {
        for (int i = 0; i < 1000 && !cond.getAsBoolean(); i++) {
            await(Asyncio.sleep(0.01));
        }
    }

    static void end(Pair p) throws Exception {
        p.client.close();
        p.server.transport.close();
        await(Asyncio.waitFor(p.clientSide.lostFuture, 10));
        await(Asyncio.waitFor(p.server.lostFuture, 10));
        p.listener.close();
        await(Asyncio.waitFor(p.listener.waitClosed(), 10));
    }

    @Test
    void writesAfterCloseAndAbortAreIgnoredAndNothingReachesThePeer() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pair p = pair(kit);
                p.client.write("before".getBytes());
                p.client.close();
                assertTrue(p.client.isClosing());
                for (int i = 0; i < 8; i++) { // asyncio: ignored (a warning from the fifth on), never an exception
                    p.client.write("after close".getBytes());
                    p.client.write(ByteBuffer.wrap("after close".getBytes()));
                    p.client.writelines(List.of("after".getBytes(), "close".getBytes()));
                }
                p.client.writeEof(); // closing: a no-op, as asyncio's
                p.client.abort(); // after close: nothing more to do
                await(Asyncio.waitFor(p.clientSide.lostFuture, 10));
                waitFor(() -> p.server.eofs > 0);
                assertEquals("before", p.server.got.toString());
                assertEquals(1, p.clientSide.lost);
                assertNull(p.clientSide.lostWith);

                Pair q = pair(kit);
                q.client.abort();
                q.client.write("after abort".getBytes());
                q.client.writelines(List.of("x".getBytes()));
                q.client.close();
                q.client.abort();
                await(Asyncio.waitFor(q.clientSide.lostFuture, 10));
                waitFor(() -> q.server.eofs > 0 || q.server.lost > 0);
                assertEquals("", q.server.got.toString());
                assertEquals(1, q.clientSide.lost);
                end(p);
                end(q);
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void writeAfterWriteEofIsRefusedAndWriteEofTwiceIsANoOp() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pair p = pair(kit);
                assertTrue(p.client.canWriteEof());
                p.client.write("half".getBytes());
                p.client.writeEof();
                p.client.writeEof(); // asyncio: returns when _eof is set
                IllegalStateException w = assertThrows(IllegalStateException.class, () -> p.client.write("x".getBytes()));
                assertEquals("Cannot call write() after write_eof()", w.getMessage());
                IllegalStateException wl = assertThrows(IllegalStateException.class,
                        () -> p.client.writelines(List.of("x".getBytes())));
                assertEquals("Cannot call writelines() after write_eof()", wl.getMessage());
                waitFor(() -> p.server.eofs > 0);
                assertEquals(1, p.server.eofs);
                assertEquals("half", p.server.got.toString());
                // The read side is still open: the server can answer after the client's EOF.
                p.server.transport.write("answer".getBytes());
                waitFor(() -> p.clientSide.got.size() == 6);
                assertEquals("answer", p.clientSide.got.toString());
                end(p);
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void pauseAndResumeReadingTwiceOrAfterCloseAreNoOps() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pair p = pair(kit);
                Transport s = p.server.transport;
                s.pauseReading();
                s.pauseReading();
                assertFalse(s.isReading());
                p.client.write("while paused".getBytes());
                await(Asyncio.sleep(0.1));
                assertEquals("", p.server.got.toString(), "a paused transport reads nothing");
                s.resumeReading();
                s.resumeReading();
                assertTrue(s.isReading());
                waitFor(() -> p.server.got.size() == 12);
                assertEquals("while paused", p.server.got.toString());
                s.close();
                s.pauseReading();
                s.resumeReading();
                assertFalse(s.isReading(), "a closing transport does not read, resume or not");
                await(Asyncio.waitFor(p.server.lostFuture, 10));
                s.pauseReading();
                s.resumeReading();
                assertFalse(s.isReading());
                end(p);
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void writeBufferLimitsOutOfOrderOrNegativeAreRefusedWithAsynciosMessage() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pair p = pair(kit);
                Transport t = p.client;
                IllegalArgumentException a = assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(1, 2));
                assertEquals("high (1) must be >= low (2) must be >= 0", a.getMessage());
                IllegalArgumentException b = assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, -1));
                assertEquals("high (10) must be >= low (-1) must be >= 0", b.getMessage());
                IllegalArgumentException c = assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(-4));
                assertEquals("high (-4) must be >= low (-1) must be >= 0", c.getMessage()); // -4 // 4, as Python
                assertEquals(64 * 1024, t.getWriteBufferHighLimit(), "a refused call leaves the limits alone");
                assertEquals(16 * 1024, t.getWriteBufferLowLimit());
                t.setWriteBufferLimits(0, 0);
                assertEquals(0, t.getWriteBufferHighLimit());
                t.write("still works".getBytes());
                waitFor(() -> p.server.got.size() == 11);
                assertEquals("still works", p.server.got.toString());
                end(p);
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void nullArgumentsAreRefusedNamingTheParameterAndTheConnectionGoesOn() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pair p = pair(kit);
                Transport t = p.client;
                assertNamesData(assertThrows(IllegalArgumentException.class, () -> t.write((byte[]) null)));
                assertNamesData(assertThrows(IllegalArgumentException.class, () -> t.write((ByteBuffer) null)));
                assertThrows(IllegalArgumentException.class, () -> t.writelines(null));
                assertNull(t.getExtraInfo(null), "asyncio: get_extra_info(None) is the default");
                assertEquals("fallback", t.getExtraInfo(null, "fallback"));
                assertThrows(IllegalArgumentException.class, () -> t.setProtocol(null));
                assertTrue(t.getProtocol() == p.clientSide, "a refused protocol leaves the old one");
                t.write("after".getBytes());
                waitFor(() -> p.server.got.size() == 5);
                assertEquals("after", p.server.got.toString());
                end(p);
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    private static void assertNamesData(IllegalArgumentException e) {
        assertTrue(e.getMessage() != null && e.getMessage().contains("data"), "names the parameter: " + e.getMessage());
    }

    /**
     * asyncio builds writelines' list of views before it queues anything (memoryview(None) raises TypeError first),
     * so a bad chunk queues nothing; a chunk queued without the writer registered would stall every later write.
     */
    @Test
    void writelinesWithABadChunkQueuesNothingAndLaterWritesStillFlow() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Pair p = pair(kit);
                Transport t = p.client;
                List<byte[]> chunks = new ArrayList<>(List.of("one".getBytes(), "two".getBytes()));
                chunks.add(null);
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.writelines(chunks));
                assertNamesData(e);
                assertEquals(0, t.getWriteBufferSize(), "nothing of a refused writelines is queued");
                t.write("three".getBytes());
                waitFor(() -> p.server.got.size() >= 5);
                await(Asyncio.sleep(0.05));
                assertEquals("three", p.server.got.toString());
                end(p);
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    // ---- pipes

    /**
     * asyncio's write pipe: write_eof closes it once its buffer drains (a second call, or one after close, returns),
     * and writes while closing or after the loss are ignored (a warning from the fifth), never an exception.
     */
    @Test
    void writePipeCallsInTheWrongStateAreNoOpsAsAsynciosPipe() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
                int[] lost = {0};
                Future<Void> gone = kit.loop.createFuture();
                org.jasyncio.WriteTransport w = await(kit.loop.connectWritePipe(() -> new org.jasyncio.Protocol() {
                    @Override
                    public void connectionLost(Throwable exc) {
                        lost[0]++;
                        gone.setResult(null);
                    }
                }, pipe.sink())).transport();
                assertNamesData(assertThrows(IllegalArgumentException.class, () -> w.write((byte[]) null)));
                assertThrows(IllegalArgumentException.class, () -> w.setWriteBufferLimits(1, 2));
                w.write("data".getBytes());
                assertTrue(w.canWriteEof());
                w.writeEof();
                w.writeEof();
                for (int i = 0; i < 8; i++) {
                    w.write("after eof".getBytes());
                }
                w.close();
                w.abort();
                await(Asyncio.waitFor(gone, 10));
                w.write("after loss".getBytes());
                assertEquals(1, lost[0]);
                ByteBuffer b = ByteBuffer.allocate(64);
                pipe.source().configureBlocking(true);
                int n;
                while ((n = pipe.source().read(b)) > 0) {
                    assertTrue(n > 0);
                }
                assertEquals("data", new String(b.array(), 0, b.position()));
                pipe.source().close();
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void readPipePauseAndResumeTwiceOrAfterCloseAreNoOps() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
                StringBuilder got = new StringBuilder();
                Future<Void> gone = kit.loop.createFuture();
                org.jasyncio.ReadTransport r = await(kit.loop.connectReadPipe(() -> new org.jasyncio.Protocol() {
                    @Override
                    public void dataReceived(byte[] data) {
                        got.append(new String(data));
                    }

                    @Override
                    public void connectionLost(Throwable exc) {
                        gone.setResult(null);
                    }
                }, pipe.source())).transport();
                r.pauseReading();
                r.pauseReading();
                assertFalse(r.isReading());
                pipe.sink().write(ByteBuffer.wrap("x".getBytes()));
                await(Asyncio.sleep(0.05));
                assertEquals("", got.toString());
                r.resumeReading();
                r.resumeReading();
                waitFor(() -> got.length() == 1);
                assertEquals("x", got.toString());
                r.close();
                r.close();
                r.resumeReading();
                assertFalse(r.isReading());
                await(Asyncio.waitFor(gone, 10));
                r.pauseReading();
                r.resumeReading();
                pipe.sink().close();
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    // ---- subprocesses

    @Test
    void subprocessTransportCallsWithBadArgumentsOrAfterTheEndAreClear() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Future<Void> lost = kit.loop.createFuture();
                var conn = await(kit.loop.subprocessExec(() -> new org.jasyncio.SubprocessProtocol() {
                    @Override
                    public void connectionLost(Throwable exc) {
                        lost.setResult(null);
                    }
                }, List.of("sh", "-c", "read line; echo got $line")));
                org.jasyncio.SubprocessTransport t = conn.transport();
                assertNull(t.getPipeTransport(3), "asyncio: get_pipe_transport of an unknown fd is None");
                assertNull(t.getPipeTransport(-1));
                IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> t.sendSignal(null));
                assertTrue(none.getMessage() != null, "names the signal");
                IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> t.sendSignal("SIGNOPE"));
                assertTrue(unknown.getMessage().contains("SIGNOPE"), unknown.getMessage());
                org.jasyncio.WriteTransport stdin = (org.jasyncio.WriteTransport) t.getPipeTransport(0);
                stdin.write("hi\n".getBytes());
                await(Asyncio.waitFor(lost, 10));
                assertEquals(0, t.getReturncode());
                stdin.write("after the end".getBytes()); // dropped, as asyncio's closed pipe
                t.close();
                t.close();
                assertThrows(org.jasyncio.ProcessLookupError.class, t::kill, "asyncio's _check_proc after the end");
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    // ---- datagrams

    static final class Inbox implements DatagramProtocol {
        final List<String> got = new ArrayList<>();
        final List<Exception> errors = new ArrayList<>();
        int lost;

        @Override
        public void datagramReceived(byte[] data, java.net.SocketAddress address) {
            got.add(new String(data));
        }

        @Override
        public void errorReceived(Exception exc) {
            errors.add(exc);
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost++;
        }
    }

    @Test
    void datagramSendtoWithBadArgumentsIsRefusedAtOnceAndTheEndpointGoesOn() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Inbox in = new Inbox();
                DatagramTransport receiver = await(kit.loop.createDatagramEndpoint(() -> in,
                        new InetSocketAddress("127.0.0.1", 0), null)).transport();
                InetSocketAddress to = (InetSocketAddress) receiver.getExtraInfo("sockname");
                Inbox out = new Inbox();
                DatagramTransport sender = await(kit.loop.createDatagramEndpoint(() -> out,
                        new InetSocketAddress("127.0.0.1", 0), null)).transport();
                assertNamesData(assertThrows(IllegalArgumentException.class, () -> sender.sendto(null, to)));
                assertThrows(IllegalArgumentException.class, () -> sender.sendto("x".getBytes()),
                        "an endpoint with no remote address needs one");
                assertThrows(IllegalArgumentException.class,
                        () -> sender.sendto("x".getBytes(), InetSocketAddress.createUnresolved("localhost", to.getPort())));
                IllegalArgumentException family = assertThrows(IllegalArgumentException.class,
                        () -> sender.sendto("x".getBytes(), UnixDomainSocketAddress.of("/tmp/nowhere")));
                assertTrue(family.getMessage() != null && family.getMessage().contains("/tmp/nowhere"),
                        "names the address: " + family.getMessage());
                assertFalse(sender.isClosing(), "a refused sendto leaves the endpoint open");
                sender.sendto("fine".getBytes(), to);
                waitFor(() -> in.got.size() == 1);
                assertEquals(List.of("fine"), in.got);

                // Connected: any other address is refused with asyncio's ValueError text.
                Inbox cin = new Inbox();
                DatagramTransport connected = await(kit.loop.createDatagramEndpoint(() -> cin, null, to)).transport();
                InetSocketAddress other = new InetSocketAddress("127.0.0.1", to.getPort() + 1);
                IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                        () -> connected.sendto("x".getBytes(), other));
                assertEquals("Invalid address: must be None or " + to, mismatch.getMessage());
                connected.sendto("again".getBytes(), to);
                connected.sendto("more".getBytes());
                waitFor(() -> in.got.size() == 3);
                assertEquals(List.of("fine", "again", "more"), in.got);
                for (DatagramTransport d : List.of(receiver, sender, connected)) {
                    d.close();
                }
                await(Asyncio.sleep(0.05));
                assertEquals(1, in.lost);
                assertEquals(1, out.lost);
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    /**
     * asyncio hands an OSError from sendto to error_received and goes on: an IPv6 address on an IPv4 endpoint is a
     * failed lookup there (gaierror), never a fatal error that closes the endpoint.
     */
    @Test
    void anIpv6DestinationOnAnIpv4EndpointGoesToErrorReceivedAndTheEndpointGoesOn() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Inbox in = new Inbox();
                DatagramTransport receiver = await(kit.loop.createDatagramEndpoint(() -> in,
                        new InetSocketAddress("127.0.0.1", 0), null)).transport();
                InetSocketAddress to = (InetSocketAddress) receiver.getExtraInfo("sockname");
                Inbox out = new Inbox();
                DatagramTransport sender = await(kit.loop.createDatagramEndpoint(() -> out,
                        new InetSocketAddress("127.0.0.1", 0), null)).transport();
                sender.sendto("lost".getBytes(), new InetSocketAddress("::1", to.getPort()));
                waitFor(() -> !out.errors.isEmpty());
                assertEquals(1, out.errors.size(), "errorReceived calls: " + out.errors);
                assertTrue(out.errors.getFirst() instanceof java.io.IOException, "an OSError: " + out.errors);
                assertFalse(sender.isClosing(), "the endpoint goes on");
                sender.sendto("next".getBytes(), to);
                waitFor(() -> in.got.size() == 1);
                assertEquals(List.of("next"), in.got);
                receiver.close();
                sender.close();
                await(Asyncio.sleep(0.05));
                assertEquals(1, out.lost);
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    /** asyncio: an OSError from sendto (EMSGSIZE for a datagram over 64 KiB) goes to error_received; the endpoint goes on. */
    @Test
    void anOversizedDatagramGoesToErrorReceivedAndTheEndpointGoesOn() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Inbox in = new Inbox();
                DatagramTransport receiver = await(kit.loop.createDatagramEndpoint(() -> in,
                        new InetSocketAddress("127.0.0.1", 0), null)).transport();
                InetSocketAddress to = (InetSocketAddress) receiver.getExtraInfo("sockname");
                Inbox out = new Inbox();
                DatagramTransport sender = await(kit.loop.createDatagramEndpoint(() -> out, null, to)).transport();
                sender.sendto(new byte[70_000]);
                waitFor(() -> !out.errors.isEmpty());
                assertEquals(1, out.errors.size(), "errorReceived calls: " + out.errors);
                assertTrue(out.errors.getFirst() instanceof java.io.IOException, "an OSError: " + out.errors);
                assertFalse(sender.isClosing());
                assertEquals(0, sender.getWriteBufferSize(), "nothing of a refused datagram is queued");
                sender.sendto("small".getBytes());
                waitFor(() -> in.got.size() == 1);
                assertEquals(List.of("small"), in.got);
                receiver.close();
                sender.close();
                await(Asyncio.sleep(0.05));
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }

    @Test
    void datagramSendtoAfterCloseIsDroppedWithoutASyscall() throws Exception {
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                Inbox in = new Inbox();
                DatagramTransport receiver = await(kit.loop.createDatagramEndpoint(() -> in,
                        new InetSocketAddress("127.0.0.1", 0), null)).transport();
                InetSocketAddress to = (InetSocketAddress) receiver.getExtraInfo("sockname");
                Inbox cin = new Inbox();
                DatagramTransport connected = await(kit.loop.createDatagramEndpoint(() -> cin, null, to)).transport();
                connected.close();
                connected.close();
                for (int i = 0; i < 8; i++) {
                    connected.sendto("late".getBytes());
                }
                connected.abort();
                await(Asyncio.sleep(0.1));
                assertEquals(List.of(), in.got);
                assertEquals(List.of(), cin.errors);
                assertEquals(1, cin.lost, "connectionLost once");
                receiver.close();
                await(Asyncio.sleep(0.05));
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }
}
