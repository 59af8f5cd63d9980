package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak: many connections (TCP and Unix) echo messages of random sizes (1 B to 1 MiB, log-uniform) through one
 * loop, both ends pausing reading at random moments and honouring write flow control, for a fixed time. Every byte
 * is checked: each client keeps a running CRC-32 of what it sent and of what came back, compared at every message's
 * end. Heap after GC and open descriptors are taken at two quiet points (every connection idle between messages)
 * and must not grow; after the close every descriptor is returned.
 *
 * <p>Length: {@code -Djasyncio.soak.seconds=N} (default 60 under the continuation engine, 20 under the portable
 * one, so the suite stays short); {@code -Djasyncio.soak.connections=N} (default 200); {@code -Djasyncio.soak.seed=N}
 * replays a run (the seed is printed).
 */
@Timeout(value = 2, unit = TimeUnit.HOURS) // the real deadline is inside: the run's length plus two minutes
class SoakTest {
    private static final int MAX_MESSAGE = 1 << 20;
    private static final int CHUNK = 64 * 1024;

    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private EventLoop loop;
    private long pauses;

    @Test
    void manyConnectionsEchoRandomSizesWithRandomPausesLosingNothingAndLeakingNothing(@TempDir Path dir) throws Exception {
        int seconds = Census.intProperty("jasyncio.soak.seconds", "thread".equals(Census.engine()) ? 20 : 60);
        int connections = Census.intProperty("jasyncio.soak.connections", 200);
        long seed = Long.getLong("jasyncio.soak.seed", System.nanoTime());
        TreeMap<Integer, String> fdsBefore = Census.descriptors();

        loop = Asyncio.newEventLoop();
        List<Map<String, Object>> reports = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Random seeds = new Random(seed);
        List<Client> clients = new ArrayList<>();
        List<Echo> echoes = new ArrayList<>();
        long[] heap = new long[2];
        int[] fds = new int[2];
        try {
            loop.runUntilComplete(Asyncio.waitFor(loop.createTask(() -> {
                Server tcp = await(loop.createServer(() -> newEcho(echoes, seeds.nextLong()), "127.0.0.1", 0));
                Server unix = await(loop.createUnixServer(() -> newEcho(echoes, seeds.nextLong()), dir.resolve("soak.sock")));
                int port = ((java.net.InetSocketAddress) tcp.sockets().getFirst().getLocalAddress()).getPort();
                for (int batch = 0; batch < connections; batch += 50) {
                    List<Future<?>> connecting = new ArrayList<>();
                    for (int i = batch; i < Math.min(connections, batch + 50); i++) {
                        Client c = new Client(i, seeds.nextLong());
                        clients.add(c);
                        connecting.add(i % 4 == 3
                                ? loop.createUnixConnection(() -> c, dir.resolve("soak.sock"))
                                : loop.createConnection(() -> c, "127.0.0.1", port));
                    }
                    await(Asyncio.gather(connecting.toArray(Future[]::new)));
                }
                double warm = Math.max(2, seconds / 4.0);
                runFor(warm, clients);
                heap[0] = Census.heapAfterGc();
                fds[0] = Census.openDescriptors();
                clients.forEach(Client::resume);
                runFor(seconds - warm, clients);
                heap[1] = Census.heapAfterGc();
                fds[1] = Census.openDescriptors();

                for (Client c : clients) {
                    c.transport.close();
                }
                for (Client c : clients) {
                    assertEquals(null, await(Asyncio.waitFor(c.lost, 30)), "client " + c.id + " lost its connection with an error");
                }
                tcp.close();
                unix.close();
                await(Asyncio.waitFor(tcp.waitClosed(), 30));
                await(Asyncio.waitFor(unix.waitClosed(), 30));
                return null;
            }), seconds + 120));
        } finally {
            loop.close();
        }
        List<String> fdsLeft = Census.descriptorsLeftOver(fdsBefore, 2, 10);

        long messages = clients.stream().mapToLong(c -> c.messages).sum();
        long bytes = clients.stream().mapToLong(c -> c.received).sum();
        long echoPauses = echoes.stream().mapToLong(e -> e.pauses).sum();
        System.out.printf("soak[%s]: %d connections (TCP and Unix) for %d s, seed %d: %,d messages, %,d bytes echoed and"
                        + " checked each way, %,d random read pauses (%,d client, %,d server); heap after GC %,d -> %,d KiB;"
                        + " open fds %d -> %d while connected, %d before, %d after%n",
                Census.engine(), connections, seconds, seed, messages, bytes, pauses + echoPauses, pauses, echoPauses,
                heap[0] / 1024, heap[1] / 1024, fds[0], fds[1], fdsBefore.size(), Census.openDescriptors());

        assertEquals(List.of(), List.copyOf(failures), "data or ordering failures (seed " + seed + ")");
        assertEquals(List.of(), reports, "exception handler reports");
        for (Client c : clients) {
            assertTrue(c.messages >= 1, "connection " + c.id + " completed no message");
            assertEquals(c.sent, c.received, "connection " + c.id + ": bytes sent and echoed back");
        }
        assertEquals(connections, echoes.size(), "server-side connections");
        for (Echo e : echoes) {
            assertEquals(1, e.lostCalls, "connectionLost calls of a server-side connection");
        }
        assertTrue(Math.abs(fds[1] - fds[0]) <= 8, "open descriptors while connected moved from " + fds[0] + " to " + fds[1]);
        assertTrue(heap[1] <= heap[0] + 64L * 1024 * 1024,
                "heap after GC grew from " + heap[0] / 1024 + " KiB to " + heap[1] / 1024 + " KiB");
        assertEquals(List.of(), fdsLeft, "descriptors left open after the close");
    }

    private Echo newEcho(List<Echo> echoes, long seed) {
        Echo e = new Echo(seed);
        echoes.add(e);
        return e;
    }

    /** Lets traffic run for {@code seconds}, then has every client finish its message and wait idle. */
    private void runFor(double seconds, List<Client> clients) throws Exception {
        double end = loop.time() + seconds;
        while (loop.time() < end && failures.isEmpty()) {
            await(Asyncio.sleep(Math.min(0.25, Math.max(0, end - loop.time()))));
        }
        clients.forEach(c -> c.quiescing = true);
        for (Client c : clients) {
            c.checkIdle();
            await(Asyncio.waitFor(c.idle, 60));
        }
    }

    /** Pauses reading at random moments for up to 20 ms; a pause for flow control is kept apart. */
    private final class Pauser {
        private final Random rnd;
        private Transport transport;
        private boolean randomPause;
        private boolean flowPause;
        long count;

        Pauser(Random rnd) {
            this.rnd = rnd;
        }

        void maybePause() {
            if (randomPause || rnd.nextInt(40) != 0) {
                return;
            }
            randomPause = true;
            count++;
            transport.pauseReading();
            loop.callLater(rnd.nextDouble() * 0.02, () -> {
                randomPause = false;
                resumeUnlessHeld();
            });
        }

        void flow(boolean paused) {
            flowPause = paused;
            if (paused) {
                transport.pauseReading();
            } else {
                resumeUnlessHeld();
            }
        }

        private void resumeUnlessHeld() {
            if (!randomPause && !flowPause && !transport.isClosing()) {
                transport.resumeReading();
            }
        }
    }

    /** The server side: echoes everything, stops reading while its own writes are paused. */
    private final class Echo implements Protocol {
        private final Pauser pauser;
        private Transport transport;
        long pauses;
        int lostCalls;

        Echo(long seed) {
            pauser = new Pauser(new Random(seed));
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            pauser.transport = transport;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
            pauser.maybePause();
            pauses = pauser.count;
        }

        @Override
        public void pauseWriting() {
            pauser.flow(true);
        }

        @Override
        public void resumeWriting() {
            pauser.flow(false);
        }

        @Override
        public void connectionLost(Throwable exc) {
            lostCalls++;
            if (exc != null) {
                failures.add("server side of a connection lost with " + exc);
            }
        }
    }

    /** One connection's client: sends a message in chunks, waits for all of it to come back, checks, repeats. */
    private final class Client implements Protocol {
        final int id;
        private final Random rnd;
        private final Pauser pauser;
        private final CRC32 sentDigest = new CRC32();
        private final CRC32 receivedDigest = new CRC32();
        final Future<Throwable> lost = loop.createFuture();
        Future<Void> idle = loop.createFuture();
        Transport transport;
        boolean quiescing;
        private boolean writePaused;
        private long messageEnd;
        private int toWrite;
        long sent;
        long received;
        long messages;

        Client(int id, long seed) {
            this.id = id;
            this.rnd = new Random(seed);
            this.pauser = new Pauser(new Random(~seed));
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            pauser.transport = transport;
            nextMessage();
        }

        private void nextMessage() {
            int size = (int) Math.min(MAX_MESSAGE, Math.max(1, Math.exp(rnd.nextDouble() * Math.log(MAX_MESSAGE + 1.0))));
            toWrite = size;
            messageEnd = sent + size;
            pump();
        }

        private void pump() {
            while (toWrite > 0 && !writePaused) {
                byte[] chunk = new byte[Math.min(CHUNK, toWrite)];
                rnd.nextBytes(chunk);
                sentDigest.update(chunk);
                sent += chunk.length;
                toWrite -= chunk.length;
                transport.write(chunk);
            }
        }

        @Override
        public void pauseWriting() {
            writePaused = true;
        }

        @Override
        public void resumeWriting() {
            writePaused = false;
            pump();
        }

        @Override
        public void dataReceived(byte[] data) {
            receivedDigest.update(data);
            received += data.length;
            if (received > messageEnd) {
                failures.add("connection " + id + " got " + (received - messageEnd) + " bytes more than it sent");
                return;
            }
            if (received == messageEnd && toWrite == 0) {
                if (receivedDigest.getValue() != sentDigest.getValue()) {
                    failures.add("connection " + id + ": the digest of the bytes echoed differs from what was sent, at byte " + received);
                    return;
                }
                messages++;
                if (quiescing) {
                    idle.setResult(null);
                } else {
                    nextMessage();
                }
            }
            pauser.maybePause();
            pauses += pauser.count;
            pauser.count = 0;
        }

        /** Completes {@link #idle} at once when nothing is in flight. */
        void checkIdle() {
            if (received == messageEnd && toWrite == 0 && !idle.done()) {
                idle.setResult(null);
            }
        }

        void resume() {
            quiescing = false;
            idle = loop.createFuture();
            nextMessage();
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost.setResult(exc);
        }
    }
}
