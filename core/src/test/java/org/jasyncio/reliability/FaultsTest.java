package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Faults on loopback, each injected while healthy connections keep echoing verified data through the same loop:
 * resets at random points, half-closes both ways, peers vanishing mid-TLS-handshake (on either side), and an
 * exception from every protocol callback and from the exception handler itself. Every other connection keeps being
 * served; each failure reaches connectionLost or the exception handler exactly once; every descriptor is returned.
 * (EMFILE on accept and connect is {@link EmfileTest}.)
 */
@org.jasyncio.harness.ExpectLoopReports("every fault reaches the handler, and each test counts those reports itself (exactly once each)")
@Timeout(120)
class FaultsTest {
    private final long seed = Long.getLong("jasyncio.faults.seed", System.nanoTime());
    private final Random rnd = new Random(seed);
    private ExecutorService peers;
    private TreeMap<Integer, String> fdsBefore;

    @BeforeAll
    static void warmUp() throws Exception {
        // The JDK opens its entropy sources and loads TLS once per JVM: not a leak of any test's.
        serverFlight(clientHello());
    }

    @BeforeEach
    void census() {
        fdsBefore = Census.descriptors();
        peers = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void nothingLeaks() throws Exception {
        peers.shutdownNow();
        assertEquals(List.of(), Census.descriptorsLeftOver(fdsBefore, 2, 10), "descriptors left open (seed " + seed + ")");
    }

    /** Runs {@code jobs} on the peer threads; the future completes when all are done (or with the first failure). */
    private Future<Void> onPeerThreads(Kit kit, List<Runnable> jobs) {
        CompletableFuture<?>[] all = jobs.stream().map(j -> CompletableFuture.runAsync(j, peers)).toArray(CompletableFuture[]::new);
        return Asyncio.wrapFuture(CompletableFuture.allOf(all).thenApply(v -> (Void) null));
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** Waits (on the loop) until every one of {@code tracked} saw connectionLost, for at most 20 s. */
    private static void awaitAllLost(List<? extends Kit.Tracked> tracked) throws Exception {
        for (int i = 0; i < 1000 && tracked.stream().anyMatch(t -> t.lost == 0); i++) {
            await(Asyncio.sleep(0.02));
        }
    }

    private static void assertOnceEach(List<? extends Kit.Tracked> tracked, String what) {
        for (Kit.Tracked t : tracked) {
            assertEquals(1, t.made, what + ": connectionMade calls");
            assertEquals(1, t.lost, what + ": connectionLost calls");
        }
    }

    @Test
    void resetsAtRandomPointsFailOnlyTheirOwnConnections() throws Exception {
        int resets = 120;
        List<Kit.Echo> victims = new ArrayList<>();
        long healthyBytes;
        try (Kit kit = new Kit()) {
            healthyBytes = kit.run(90, () -> {
                Server healthy = kit.serve(Kit.Echo::new, null);
                Server target = kit.serve(() -> {
                    Kit.Echo e = new Kit.Echo();
                    victims.add(e);
                    return e;
                }, null);
                Kit.Heartbeat hb = kit.new Heartbeat().start(10, Kit.port(healthy), null, seed);
                int port = Kit.port(target);
                List<Runnable> jobs = new ArrayList<>();
                for (int i = 0; i < resets; i++) {
                    long s = rnd.nextLong();
                    jobs.add(() -> resetAtARandomPoint(port, new Random(s)));
                }
                await(Asyncio.waitFor(onPeerThreads(kit, jobs), 60));
                awaitAllLost(victims);
                long bytes = hb.stop();
                healthy.close();
                target.close();
                await(Asyncio.waitFor(healthy.waitClosed(), 20));
                await(Asyncio.waitFor(target.waitClosed(), 20));
                return bytes;
            });
            assertEquals(List.of(), List.copyOf(kit.failures));
            assertEquals(List.of(), kit.reports, "a reset is an I/O error, not one for the exception handler");
        }
        assertTrue(victims.size() <= resets && victims.size() >= resets / 2,
                victims.size() + " of " + resets + " reset connections reached the server");
        assertOnceEach(victims, "a reset connection");
        for (Kit.Echo v : victims) {
            assertTrue(v.lostWith == null || v.lostWith instanceof IOException, "lost with " + v.lostWith);
        }
        System.out.printf("faults[%s]: %d resets injected (%d accepted first), each lost once; %,d healthy bytes checked meanwhile%n",
                Census.engine(), resets, victims.size(), healthyBytes);
    }

    /** Connects, maybe sends, maybe reads part of the echo, maybe half-closes, then resets (SO_LINGER 0). */
    private static void resetAtARandomPoint(int port, Random r) {
        try (Socket s = new Socket()) {
            s.setSoTimeout(10_000);
            s.connect(new InetSocketAddress("127.0.0.1", port));
            int plan = r.nextInt(4);
            if (plan >= 1) {
                int n = 1 + r.nextInt(256 * 1024);
                s.getOutputStream().write(random(r, n));
                if (plan >= 2) {
                    if (plan == 3) {
                        s.shutdownOutput();
                    }
                    s.getInputStream().readNBytes(r.nextInt(n + 1));
                }
            }
            s.setSoLinger(true, 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Echoes until the peer's EOF, then sends a trailer (the count of bytes it got) and closes. */
    private static final class RespondOnEof extends Kit.Echo {
        long got;
        int eofs;

        @Override
        public void dataReceived(byte[] data) {
            got += data.length;
            super.dataReceived(data);
        }

        @Override
        public boolean eofReceived() {
            eofs++;
            transport.write(ByteBuffer.allocate(8).putLong(got).array());
            transport.close();
            return true;
        }
    }

    /** Sends a greeting and half-closes at once, then reads until the peer's EOF and checks what it got. */
    private final class GreetThenListen extends Kit.Tracked {
        final byte[] greeting;
        final byte[] expected;
        int at;
        int eofs;
        String wrong;

        GreetThenListen(byte[] greeting, byte[] expected) {
            this.greeting = greeting;
            this.expected = expected;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            super.connectionMade(t);
            transport.write(greeting);
            transport.writeEof();
        }

        @Override
        public void dataReceived(byte[] data) {
            if (at + data.length > expected.length || !Arrays.equals(data, 0, data.length, expected, at, at + data.length)) {
                wrong = "unexpected bytes at " + at;
            }
            at += data.length;
        }

        @Override
        public boolean eofReceived() {
            eofs++;
            return false;
        }
    }

    /** The client of a half-close: sends its bytes in a few slices over time, half-closes, collects the answer. */
    private final class HalfCloser extends Kit.Tracked {
        final byte[] payload;
        final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();
        final Future<Void> done;
        final org.jasyncio.EventLoop loop;
        final boolean keepOpenOnEof;
        boolean eofWritten;
        int eofs;

        HalfCloser(org.jasyncio.EventLoop loop, byte[] payload, boolean keepOpenOnEof) {
            this.loop = loop;
            this.payload = payload;
            this.keepOpenOnEof = keepOpenOnEof;
            this.done = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            super.connectionMade(t);
            sendFrom(0);
        }

        private void sendFrom(int at) {
            int n = Math.min(payload.length - at, 1 + payload.length / 3);
            transport.write(Arrays.copyOfRange(payload, at, at + n));
            if (at + n < payload.length) {
                loop.callLater(0.005, () -> sendFrom(at + n));
            } else {
                transport.writeEof();
                eofWritten = true;
                closeWhenBothEnded();
            }
        }

        /** After EOF both ways nothing closes a transport on its own (asyncio's too): its user does. */
        private void closeWhenBothEnded() {
            if (keepOpenOnEof && eofWritten && eofs > 0) {
                transport.close();
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
        }

        @Override
        public boolean eofReceived() {
            eofs++;
            closeWhenBothEnded();
            return keepOpenOnEof;
        }

        @Override
        public void connectionLost(Throwable exc) {
            super.connectionLost(exc);
            done.setResult(null);
        }
    }

    @Test
    void halfClosesBothWaysDeliverEveryByteAndOneEof() throws Exception {
        int each = 40;
        List<RespondOnEof> responders = new ArrayList<>();
        List<GreetThenListen> greeters = new ArrayList<>();
        List<HalfCloser> askers = new ArrayList<>();
        List<HalfCloser> listeners = new ArrayList<>();
        AtomicInteger rawChecked = new AtomicInteger();
        try (Kit kit = new Kit()) {
            kit.run(90, () -> {
                Server healthy = kit.serve(Kit.Echo::new, null);
                Kit.Heartbeat hb = kit.new Heartbeat().start(5, Kit.port(healthy), null, seed);
                // 1. The client half-closes first; the server answers after the EOF and closes.
                Server respond = kit.serve(() -> {
                    RespondOnEof r = new RespondOnEof();
                    responders.add(r);
                    return r;
                }, null);
                // 2. The server half-closes first (right after its greeting); the client keeps sending.
                List<byte[]> clientPayloads = new ArrayList<>();
                Server greet = kit.serve(() -> {
                    GreetThenListen g = new GreetThenListen(("hello " + greeters.size()).getBytes(), clientPayloads.get(greeters.size()));
                    greeters.add(g);
                    return g;
                }, null);
                List<Future<?>> all = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    HalfCloser a = new HalfCloser(kit.loop, random(rnd, 1 + rnd.nextInt(300_000)), false);
                    askers.add(a);
                    await(kit.loop.createConnection(() -> a, "127.0.0.1", Kit.port(respond)));
                    all.add(a.done);
                    byte[] p = random(rnd, 1 + rnd.nextInt(300_000));
                    clientPayloads.add(p);
                    HalfCloser l = new HalfCloser(kit.loop, p, true);
                    listeners.add(l);
                    await(kit.loop.createConnection(() -> l, "127.0.0.1", Kit.port(greet)));
                    all.add(l.done);
                }
                // 3. Peers outside the loop half-close the same way (shutdownOutput) from other threads.
                int port = Kit.port(respond);
                List<Runnable> raw = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    byte[] payload = random(rnd, 1 + rnd.nextInt(300_000));
                    raw.add(() -> {
                        try (Socket s = new Socket("127.0.0.1", port)) {
                            s.setSoTimeout(20_000);
                            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
                                try {
                                    return s.getInputStream().readAllBytes();
                                } catch (IOException e) {
                                    throw new java.io.UncheckedIOException(e);
                                }
                            });
                            s.getOutputStream().write(payload);
                            s.shutdownOutput();
                            byte[] got = reply.join();
                            byte[] want = Arrays.copyOf(payload, payload.length + 8);
                            ByteBuffer.wrap(want, payload.length, 8).putLong(payload.length);
                            if (!Arrays.equals(want, got)) {
                                kit.failures.add("a raw half-closing peer got " + got.length + " bytes, not its " + want.length);
                            }
                            rawChecked.incrementAndGet();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
                await(Asyncio.waitFor(onPeerThreads(kit, raw), 60));
                for (Future<?> f : all) {
                    await(Asyncio.waitFor(f, 30));
                }
                awaitAllLost(responders);
                awaitAllLost(greeters);
                hb.stop();
                for (Server s : List.of(healthy, respond, greet)) {
                    s.close();
                    await(Asyncio.waitFor(s.waitClosed(), 20));
                }
                return null;
            });
            assertEquals(List.of(), List.copyOf(kit.failures));
            assertEquals(List.of(), kit.reports);
        }
        assertEquals(each, rawChecked.get());
        assertEquals(2 * each, responders.size());
        assertOnceEach(responders, "a server answering after the EOF");
        assertOnceEach(greeters, "a server that half-closed first");
        assertOnceEach(askers, "a client that half-closed first");
        assertOnceEach(listeners, "a client reading after the server's EOF");
        for (RespondOnEof r : responders) {
            assertEquals(1, r.eofs, "eofReceived calls");
            assertEquals(null, r.lostWith);
        }
        for (HalfCloser a : askers) {
            byte[] want = Arrays.copyOf(a.payload, a.payload.length + 8);
            ByteBuffer.wrap(want, a.payload.length, 8).putLong(a.payload.length);
            assertTrue(Arrays.equals(want, a.received.toByteArray()), "the echo and trailer after a half-close");
            assertEquals(1, a.eofs);
            assertEquals(null, a.lostWith);
        }
        for (int i = 0; i < each; i++) {
            GreetThenListen g = greeters.get(i);
            HalfCloser l = listeners.get(i);
            assertEquals(null, g.wrong);
            assertEquals(g.expected.length, g.at, "bytes the client sent after the server's EOF");
            assertEquals(1, g.eofs);
            assertEquals(new String(g.greeting), l.received.toString());
            assertEquals(1, l.eofs);
        }
        System.out.printf("faults[%s]: %d half-closed connections (client first, server first, raw peers), every byte and one EOF each%n",
                Census.engine(), 3 * each);
    }

    // ---- TLS: peers vanishing mid-handshake

    /** The first flight of a TLS client (its ClientHello). */
    static byte[] clientHello() throws Exception {
        SSLEngine e = Kit.clientTls().createSSLEngine("localhost", 443);
        e.setUseClientMode(true);
        e.beginHandshake();
        ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
        e.wrap(ByteBuffer.allocate(0), out);
        return Arrays.copyOf(out.array(), out.position());
    }

    /** What a TLS server answers to {@code hello}: its first flight (ServerHello and what follows it). */
    private static byte[] serverFlight(byte[] hello) throws Exception {
        SSLEngine e = Kit.serverTls().createSSLEngine();
        e.setUseClientMode(false);
        e.beginHandshake();
        ByteBuffer app = ByteBuffer.allocate(e.getSession().getApplicationBufferSize());
        e.unwrap(ByteBuffer.wrap(hello), app);
        java.io.ByteArrayOutputStream flight = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < 20; i++) {
            HandshakeStatus hs = e.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                for (Runnable t; (t = e.getDelegatedTask()) != null; ) {
                    t.run();
                }
            } else if (hs == HandshakeStatus.NEED_WRAP) {
                ByteBuffer out = ByteBuffer.allocate(e.getSession().getPacketBufferSize());
                e.wrap(ByteBuffer.allocate(0), out);
                flight.write(out.array(), 0, out.position());
            } else {
                break;
            }
        }
        return flight.toByteArray();
    }

    @Test
    void peersVanishingMidTlsHandshakeLeaveEveryOtherConnectionServed() throws Exception {
        int vanishingClients = 40;
        int vanishingServers = 20;
        byte[] hello = clientHello();
        byte[] flight = serverFlight(hello);
        List<Kit.Echo> serverSide = new ArrayList<>();
        List<Kit.Tracked> clientSide = new ArrayList<>();
        List<Throwable> clientErrors = new ArrayList<>();
        AtomicInteger[] plans = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
        try (Kit kit = new Kit();
             ServerSocket vanishing = new ServerSocket(0, 100, java.net.InetAddress.getLoopbackAddress())) {
            kit.run(90, () -> {
                Server tls = kit.serve(() -> {
                    Kit.Echo e = new Kit.Echo();
                    serverSide.add(e);
                    return e;
                }, Kit.serverTls());
                Kit.Heartbeat hb = kit.new Heartbeat().start(5, Kit.port(tls), Kit.clientTls(), seed);
                int port = Kit.port(tls);
                List<Runnable> jobs = new ArrayList<>();
                // Clients that vanish while the jasyncio server is in its handshake.
                for (int i = 0; i < vanishingClients; i++) {
                    Random r = new Random(rnd.nextLong());
                    jobs.add(() -> {
                        int plan = r.nextInt(4);
                        plans[plan].incrementAndGet();
                        try (Socket s = new Socket("127.0.0.1", port)) {
                            s.setSoTimeout(10_000);
                            OutputStream out = s.getOutputStream();
                            switch (plan) {
                                case 0 -> out.write(hello, 0, r.nextInt(hello.length)); // part of the hello, then FIN
                                case 1 -> { // part of the hello, then a reset
                                    out.write(hello, 0, r.nextInt(hello.length));
                                    s.setSoLinger(true, 0);
                                }
                                case 2 -> { // the whole hello, part of the answer read, then FIN
                                    out.write(hello);
                                    s.getInputStream().readNBytes(1 + r.nextInt(100));
                                }
                                default -> { // the whole hello, then a reset while the server answers
                                    out.write(hello);
                                    s.setSoLinger(true, 0);
                                }
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                }
                // Servers that vanish while a jasyncio client is in its handshake: accept, read some of the
                // hello, maybe send part of a real answer, then close or reset.
                Random sr = new Random(rnd.nextLong());
                Future<Void> serversDone = Asyncio.wrapFuture(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < vanishingServers; i++) {
                        try (Socket s = vanishing.accept()) {
                            s.setSoTimeout(10_000);
                            InputStream in = s.getInputStream();
                            in.readNBytes(1 + sr.nextInt(hello.length));
                            if (sr.nextBoolean()) {
                                s.getOutputStream().write(flight, 0, sr.nextInt(flight.length));
                            }
                            if (sr.nextBoolean()) {
                                s.setSoLinger(true, 0);
                            }
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                }, job -> Thread.ofPlatform().daemon().name("vanishing-tls-servers").start(job)));
                Future<Void> peersDone = onPeerThreads(kit, jobs);
                for (int i = 0; i < vanishingServers; i++) {
                    Kit.Tracked t = new Kit.Tracked();
                    clientSide.add(t);
                    try {
                        await(Asyncio.waitFor(kit.loop.createConnection(() -> t, "127.0.0.1", vanishing.getLocalPort(),
                                ConnectOptions.defaults().ssl(Kit.clientTls()).serverHostname("localhost")), 20));
                        kit.failures.add("a TLS client completed a handshake with a server that vanished");
                    } catch (Exception e) {
                        clientErrors.add(e);
                    }
                }
                await(Asyncio.waitFor(peersDone, 60));
                await(Asyncio.waitFor(serversDone, 60));
                await(Asyncio.sleep(0.2));
                long bytes = hb.stop();
                tls.close();
                await(Asyncio.waitFor(tls.waitClosed(), 20));
                return bytes;
            });
            assertEquals(List.of(), List.copyOf(kit.failures));
            assertEquals(List.of(), kit.reports, "a vanished peer is an I/O error, not one for the exception handler");
        }
        assertEquals(vanishingServers, clientErrors.size());
        for (Throwable e : clientErrors) {
            assertInstanceOf(IOException.class, e, "a client whose server vanished mid-handshake fails with an I/O error");
        }
        for (Kit.Tracked t : clientSide) {
            assertEquals(0, t.made, "no connectionMade without a handshake");
            assertEquals(0, t.lost, "no connectionLost without connectionMade");
        }
        long made = serverSide.stream().filter(e -> e.made > 0).count();
        assertEquals(5, made, "only the healthy connections reach the application");
        for (Kit.Echo e : serverSide) {
            assertEquals(e.made, e.lost, "connectionLost once after each connectionMade");
        }
        System.out.printf("faults[%s]: %d TLS clients vanished mid-handshake (plans %s), %d TLS servers vanished mid-handshake,"
                + " each client call failed once%n", Census.engine(), vanishingClients, Arrays.toString(plans), vanishingServers);
    }

    // ---- Exceptions from every protocol callback

    /** The callback a victim throws from. */
    enum Callback {
        CONNECTION_MADE, DATA_RECEIVED, EOF_RECEIVED, CONNECTION_LOST, PAUSE_WRITING, RESUME_WRITING, GET_BUFFER,
        BUFFER_UPDATED;

        /** Whether asyncio fails the connection (its _fatal_error) for an exception from this callback. */
        boolean fatal() {
            return this == DATA_RECEIVED || this == EOF_RECEIVED || this == GET_BUFFER || this == BUFFER_UPDATED;
        }
    }

    /** The marker thrown: one instance per connection, so that each report can be matched to its connection. */
    static final class Boom extends RuntimeException {
        Boom(int id, Callback where) {
            super("boom " + id + " from " + where, null, false, false);
        }
    }

    private static final int FLOOD = 1024 * 1024;

    /** A server-side protocol that throws {@link Boom} from one callback, once, and otherwise echoes. */
    private static class Thrower extends Kit.Tracked implements BufferedProtocol {
        final Callback where;
        final Boom boom;
        private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        boolean thrown;

        Thrower(int id, Callback where) {
            this.where = where;
            this.boom = new Boom(id, where);
        }

        private void maybeThrow(Callback c) {
            if (c == where && !thrown) {
                thrown = true;
                throw boom;
            }
        }

        @Override
        public void connectionMade(BaseTransport t) {
            super.connectionMade(t);
            transport.setWriteBufferLimits(16 * 1024);
            smallKernelBuffers(transport);
            maybeThrow(Callback.CONNECTION_MADE);
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            maybeThrow(Callback.GET_BUFFER);
            return buffer.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            maybeThrow(Callback.BUFFER_UPDATED);
            maybeThrow(Callback.DATA_RECEIVED);
            byte[] data = Arrays.copyOf(buffer.array(), nbytes);
            if (where == Callback.PAUSE_WRITING || where == Callback.RESUME_WRITING) {
                transport.write(pattern(FLOOD)); // beyond the 16 KiB limit while the peer does not read
            } else {
                transport.write(data);
            }
        }

        @Override
        public boolean eofReceived() {
            maybeThrow(Callback.EOF_RECEIVED);
            return false;
        }

        @Override
        public void pauseWriting() {
            maybeThrow(Callback.PAUSE_WRITING);
        }

        @Override
        public void resumeWriting() {
            maybeThrow(Callback.RESUME_WRITING);
        }

        @Override
        public void connectionLost(Throwable exc) {
            super.connectionLost(exc);
            maybeThrow(Callback.CONNECTION_LOST);
        }
    }

    /** Caps the kernel's socket buffers so that a flood stays in the transport's buffer and pauses its writer. */
    static void smallKernelBuffers(Transport t) {
        try {
            java.nio.channels.SocketChannel ch = (java.nio.channels.SocketChannel) t.getExtraInfo("socket");
            ch.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 32 * 1024);
            ch.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 32 * 1024);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 31 + (i >>> 8) * 7 + (i >>> 16));
        }
        return b;
    }

    /** The client of a victim: provokes the callback, checks what comes back, ends the connection. */
    private static final class Provoker extends Kit.Tracked {
        final Callback where;
        final Future<Throwable> done;
        final org.jasyncio.EventLoop loop;
        final java.io.ByteArrayOutputStream received = new java.io.ByteArrayOutputStream();

        Provoker(org.jasyncio.EventLoop loop, Callback where) {
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
                    smallKernelBuffers(transport);
                    transport.pauseReading(); // the server's writes pile up past its limit: pauseWriting
                    transport.write("go".getBytes());
                    loop.callLater(0.2, transport::resumeReading); // then drain: resumeWriting
                }
                default -> transport.write("ping".getBytes());
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            int want = where == Callback.PAUSE_WRITING || where == Callback.RESUME_WRITING ? FLOOD : 4;
            if (received.size() == want) {
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
    @EnumSource(Callback.class)
    void anExceptionFromAProtocolCallbackIsReportedOnceAndFailsOnlyItsConnection(Callback where) throws Exception {
        exceptionsFrom(where, false);
    }

    @Test
    void anExceptionHandlerThatThrowsNeitherStopsTheLoopNorLosesALaterReport() throws Exception {
        exceptionsFrom(Callback.DATA_RECEIVED, true);
    }

    private void exceptionsFrom(Callback where, boolean throwingHandler) throws Exception {
        int victims = 8;
        List<Thrower> throwers = new ArrayList<>();
        List<Provoker> provokers = new ArrayList<>();
        List<Map<String, Object>> handled = new ArrayList<>();
        try (Kit kit = new Kit()) {
            if (throwingHandler) {
                kit.loop.setExceptionHandler((l, ctx) -> {
                    handled.add(ctx);
                    throw new IllegalStateException("the exception handler itself fails");
                });
            }
            kit.run(90, () -> {
                Server healthy = kit.serve(Kit.Echo::new, null);
                Kit.Heartbeat hb = kit.new Heartbeat().start(5, Kit.port(healthy), null, seed);
                Server target = kit.serve(() -> {
                    Thrower t = new Thrower(throwers.size(), where);
                    throwers.add(t);
                    return t;
                }, null);
                for (int i = 0; i < victims; i++) {
                    Provoker p = new Provoker(kit.loop, where);
                    provokers.add(p);
                    await(kit.loop.createConnection(() -> p, "127.0.0.1", Kit.port(target)));
                }
                for (Provoker p : provokers) {
                    await(Asyncio.waitFor(p.done, 30));
                }
                awaitAllLost(throwers);
                await(Asyncio.sleep(0.05)); // a report scheduled right after connectionLost
                long bytes = hb.stop();
                healthy.close();
                target.close();
                await(Asyncio.waitFor(healthy.waitClosed(), 20));
                await(Asyncio.waitFor(target.waitClosed(), 20));
                return bytes;
            });
            assertEquals(List.of(), List.copyOf(kit.failures));
            List<Map<String, Object>> reports = throwingHandler ? handled : kit.reports;
            assertEquals(victims, throwers.size());
            for (Thrower t : throwers) {
                assertTrue(t.thrown, where + " was never called");
                long seen = reports.stream().filter(r -> r.get("exception") == t.boom).count();
                assertEquals(1, seen, "reports of " + t.boom.getMessage() + " among " + reports);
            }
            assertEquals(victims, reports.size(), "reports: " + reports);
        }
        assertOnceEach(throwers, "a connection whose " + where + " threw");
        for (Thrower t : throwers) {
            if (where.fatal()) {
                assertSame(t.boom, t.lostWith, "a fatal callback error is what connectionLost gets");
            } else {
                assertEquals(null, t.lostWith, "a connection whose " + where + " threw ends normally");
            }
        }
        for (Provoker p : provokers) {
            assertEquals(1, p.lost);
            if (where == Callback.PAUSE_WRITING || where == Callback.RESUME_WRITING) {
                assertTrue(Arrays.equals(pattern(FLOOD), p.received.toByteArray()), "every byte after " + where + " threw");
            } else if (!where.fatal()) {
                assertEquals("ping", p.received.toString(), "the echo after " + where + " threw");
            }
        }
    }

    // ---- Datagram callbacks

    @Test
    void anExceptionFromADatagramCallbackIsReportedOnceAndTheEndpointGoesOn() throws Exception {
        List<String> got = new ArrayList<>();
        int[] errors = {0};
        RuntimeException fromReceive = new RuntimeException("datagramReceived fails");
        RuntimeException fromError = new RuntimeException("errorReceived fails");
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                var server = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                    @Override
                    public void datagramReceived(byte[] data, java.net.SocketAddress address) {
                        got.add(new String(data));
                        if (got.size() == 1) {
                            throw fromReceive;
                        }
                    }
                }, new InetSocketAddress("127.0.0.1", 0), null));
                InetSocketAddress to = (InetSocketAddress) server.transport().getExtraInfo("sockname");
                DatagramTransport sender = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                }, null, to)).transport();
                for (int i = 0; i < 3; i++) {
                    sender.sendto(("d" + i).getBytes());
                    for (int w = 0; w < 250 && got.size() <= i; w++) {
                        await(Asyncio.sleep(0.01));
                    }
                }
                // A connected endpoint whose peer is gone gets errorReceived (the ICMP port unreachable).
                java.nio.channels.DatagramChannel gone = java.nio.channels.DatagramChannel.open();
                gone.bind(new InetSocketAddress("127.0.0.1", 0));
                InetSocketAddress goneAddress = (InetSocketAddress) gone.getLocalAddress();
                gone.close();
                var lonely = await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                    @Override
                    public void errorReceived(Exception exc) {
                        errors[0]++;
                        if (errors[0] == 1) {
                            throw fromError;
                        }
                    }
                }, null, goneAddress));
                for (int i = 0; i < 3; i++) {
                    lonely.transport().sendto("anyone?".getBytes());
                    for (int w = 0; w < 250 && errors[0] <= i; w++) {
                        await(Asyncio.sleep(0.01));
                    }
                }
                sender.close();
                server.transport().close();
                lonely.transport().close();
                await(Asyncio.sleep(0.05));
                return null;
            });
            assertEquals(List.of("d0", "d1", "d2"), got, "datagrams after a throwing datagramReceived");
            assertEquals(3, errors[0], "errorReceived calls after a throwing one");
            assertEquals(1, kit.reports.stream().filter(r -> r.get("exception") == fromReceive).count(), kit.reports.toString());
            assertEquals(1, kit.reports.stream().filter(r -> r.get("exception") == fromError).count(), kit.reports.toString());
            assertEquals(2, kit.reports.size(), kit.reports.toString());
        }
    }
}
