package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.jasyncio.Asyncio;
import org.jasyncio.Server;

/**
 * Hostile TLS input, property-based: garbage, truncated and corrupted records before and after the handshake fail
 * only their own connection, once, and the server goes on serving; and any cutting of a record stream into TCP
 * pieces (inside headers too) gives the application the same bytes and one EOF. The hostile peer is a TLS client
 * driven by hand ({@link RawTlsClient}) on another thread; the server is jasyncio's, on a loop of its own per try.
 */
class TlsInputProperties {
    enum Phase { BEFORE_HANDSHAKE, AFTER_HANDSHAKE }

    enum Damage { GARBAGE, TRUNCATED, CORRUPTED }

    /** An echo server's side that also records what the application got. */
    static final class App extends Kit.Echo {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int eofs;

        @Override
        public void dataReceived(byte[] data) {
            received.writeBytes(data);
            super.dataReceived(data);
        }

        @Override
        public boolean eofReceived() {
            eofs++;
            return false;
        }
    }

    /** Runs {@code peer} on its own thread while the loop serves; returns what it returned. */
    private static <T> T withPeer(Kit kit, ExecutorService thread, Callable<T> peer) throws Exception {
        CompletableFuture<T> done = CompletableFuture.supplyAsync(() -> {
            try {
                return peer.call();
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, thread);
        return await(Asyncio.waitFor(Asyncio.wrapFuture(done), 30));
    }

    @Property
    void damagedTlsInputFailsOnlyItsConnectionOnceAndTheServerGoesOn(@ForAll Phase phase, @ForAll Damage damage,
            @ForAll @IntRange(min = 0, max = 1 << 20) int where, @ForAll long seed) throws Exception {
        List<App> apps = new ArrayList<>();
        byte[] hello = FaultsTest.clientHello();
        try (Kit kit = new Kit(); ExecutorService thread = Executors.newSingleThreadExecutor()) {
            kit.run(60, () -> {
                Server server = kit.serve(() -> {
                    App a = new App();
                    apps.add(a);
                    return a;
                }, Kit.serverTls());
                int port = Kit.port(server);
                withPeer(kit, thread, () -> {
                    Random r = new Random(seed);
                    if (phase == Phase.BEFORE_HANDSHAKE) {
                        try (Socket s = new Socket("127.0.0.1", port)) {
                            s.setSoTimeout(10_000);
                            byte[] bytes = switch (damage) {
                                case GARBAGE -> random(r, 1 + r.nextInt(4000));
                                case TRUNCATED -> java.util.Arrays.copyOf(hello, where % hello.length);
                                case CORRUPTED -> flip(hello, where, r);
                            };
                            s.getOutputStream().write(bytes);
                            if (damage == Damage.TRUNCATED) {
                                s.shutdownOutput();
                            }
                            awaitClose(s, 0.3);
                        }
                    } else {
                        try (RawTlsClient c = new RawTlsClient(port).handshake()) {
                            c.send(c.records("hello".getBytes(), 16384));
                            String echo = new String(c.readApp(5));
                            if (!echo.equals("hello")) {
                                kit.failures.add("the echo before the damage was " + echo);
                            }
                            byte[] world = c.records("world".getBytes(), 16384);
                            switch (damage) {
                                case GARBAGE -> c.send(random(r, 1 + r.nextInt(4000)));
                                case TRUNCATED -> {
                                    c.send(world, 0, where % world.length);
                                    c.socket.shutdownOutput();
                                }
                                case CORRUPTED -> c.send(flip(world, outsideTheRecordVersion(where, world.length), r));
                            }
                            c.awaitServerClose(0.3);
                        }
                    }
                    return null;
                });
                // The server goes on: a genuine client echoes through it.
                Kit.Heartbeat hb = kit.new Heartbeat().start(1, port, Kit.clientTls(), seed);
                for (int i = 0; i < 500 && apps.stream().anyMatch(a -> a.made > a.lost && a != apps.getLast()); i++) {
                    await(Asyncio.sleep(0.01));
                }
                hb.stop();
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 20));
                return null;
            });
            assertEquals(List.of(), List.copyOf(kit.failures));
            assertEquals(List.of(), kit.reports, "damaged input is an I/O error, not one for the exception handler");
        }
        long made = apps.stream().filter(a -> a.made > 0).count();
        assertEquals(phase == Phase.BEFORE_HANDSHAKE ? 1 : 2, made, "connections that reached the application");
        for (App a : apps) {
            assertEquals(a.made, a.lost, "connectionLost once after connectionMade");
        }
        if (phase == Phase.AFTER_HANDSHAKE) {
            App attacked = apps.stream().filter(a -> a.made > 0).findFirst().orElseThrow();
            assertEquals("hello", attacked.received.toString(), "what the application got from the damaged connection");
        }
    }

    @Property
    void anyCuttingOfATlsRecordStreamGivesTheApplicationTheSameBytesAndOneEof(
            @ForAll @IntRange(min = 1, max = 300_000) int length, @ForAll @IntRange(min = 1, max = 16384) int maxRecord,
            @ForAll @IntRange(min = 1, max = 40) int pieces, @ForAll long seed) throws Exception {
        Random r = new Random(seed);
        byte[] plain = random(r, length);
        List<App> apps = new ArrayList<>();
        try (Kit kit = new Kit(); ExecutorService thread = Executors.newSingleThreadExecutor()) {
            kit.run(60, () -> {
                Server server = kit.serve(() -> {
                    App a = new App();
                    apps.add(a);
                    return a;
                }, Kit.serverTls());
                int port = Kit.port(server);
                withPeer(kit, thread, () -> {
                    try (RawTlsClient c = new RawTlsClient(port).handshake()) {
                        ByteArrayOutputStream wire = new ByteArrayOutputStream();
                        wire.writeBytes(c.records(plain, maxRecord));
                        wire.writeBytes(c.closeNotify());
                        byte[] all = wire.toByteArray();
                        int[] cuts = r.ints(pieces - 1, 0, all.length + 1).sorted().toArray();
                        int at = 0;
                        for (int cut : cuts) {
                            c.send(all, at, cut);
                            at = cut;
                            Thread.sleep(1);
                        }
                        c.send(all, at, all.length);
                        c.socket.shutdownOutput();
                        c.awaitServerClose(10);
                    }
                    return null;
                });
                for (int i = 0; i < 500 && apps.stream().anyMatch(a -> a.lost == 0); i++) {
                    await(Asyncio.sleep(0.01));
                }
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 20));
                return null;
            });
            assertEquals(List.of(), List.copyOf(kit.failures));
            assertEquals(List.of(), kit.reports);
        }
        assertEquals(1, apps.size());
        App a = apps.getFirst();
        assertArrayEquals(plain, a.received.toByteArray(), "the bytes the application got");
        assertEquals(1, a.eofs, "eofReceived calls");
        assertEquals(1, a.lost, "connectionLost calls");
        assertEquals(null, a.lostWith);
    }

    static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /** A copy of {@code b} with one byte changed (never to itself). */
    /**
     * A position in a one-record TLS 1.3 stream that is not its record header's legacy version (bytes 1 and 2): RFC
     * 8446 says that field "MUST be ignored for all purposes", so a record with it changed is still a good record.
     */
    static int outsideTheRecordVersion(int where, int length) {
        int i = where % length;
        return i == 1 || i == 2 ? i + 2 : i;
    }

    static byte[] flip(byte[] b, int where, Random r) {
        byte[] c = b.clone();
        c[where % c.length] ^= (byte) (1 + r.nextInt(255));
        return c;
    }

    static void awaitClose(Socket s, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        try {
            s.setSoTimeout(50);
            byte[] sink = new byte[8192];
            while (System.nanoTime() < deadline) {
                try {
                    if (s.getInputStream().read(sink) < 0) {
                        return;
                    }
                } catch (java.net.SocketTimeoutException again) {
                    // keep waiting
                }
            }
        } catch (java.io.IOException reset) {
            // closed with a reset
        }
    }
}
