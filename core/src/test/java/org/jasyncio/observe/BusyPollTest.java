package org.jasyncio.observe;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.Future;
import org.jasyncio.LoopStats;
import org.jasyncio.Server;
import org.junit.jupiter.api.Test;

/**
 * Busy polling (EventLoop's class comment): a loop whose waits are short polls on instead of sleeping, checks what
 * other threads hand it while it does, and a loop with nothing to do spends no CPU.
 */
class BusyPollTest extends ObserveKit {
    private static final int ROUND_TRIPS = 20_000;

    @Test
    void aConnectionThatAnswersAtOnceIsServedByPollingNotSleeping() throws Exception {
        Server server = loop.runUntilComplete(loop.createServer(Echo::new, "127.0.0.1", 0));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        // A blocking peer on its own thread: each reply comes back within microseconds of the loop's echo.
        CompletableFuture<Integer> peer = CompletableFuture.supplyAsync(() -> pingPong(port, ROUND_TRIPS));
        LoopStats before = loop.stats();
        Future<Void> finished = loop.createFuture();
        loop.callSoon(() -> peer.whenComplete((n, e) -> loop.callSoonThreadsafe(() -> finished.setResult(null))));
        loop.runUntilComplete(finished);
        assertEquals(ROUND_TRIPS, peer.get(), "every byte echoed in order");
        LoopStats after = loop.stats();
        long hits = after.busyPollHits() - before.busyPollHits();
        assertTrue(hits > 0, "a loop whose peer answers at once should find it by polling: " + before + " -> " + after);
        assertTrue(after.busyPolling().compareTo(before.busyPolling()) > 0);
        server.close();
        within(loop, server.waitClosed());
    }

    @Test
    void anIdleLoopSpendsNoCpuAfterABusySpell() throws Exception {
        Server server = loop.runUntilComplete(loop.createServer(Echo::new, "127.0.0.1", 0));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        CompletableFuture<Integer> peer = CompletableFuture.supplyAsync(() -> pingPong(port, 2_000));
        Future<Void> finished = loop.createFuture();
        loop.callSoon(() -> peer.whenComplete((n, e) -> loop.callSoonThreadsafe(() -> finished.setResult(null))));
        loop.runUntilComplete(finished); // the loop is warm now: its last waits were short
        assumeTrue(threadCpu() >= 0, "needs /proc/thread-self/stat");
        LoopStats before = loop.stats();
        long cpuBefore = threadCpu(); // this thread runs the loop
        loop.runUntilComplete(loop.createTask(() -> await(Asyncio.sleep(0.5))));
        long cpu = threadCpu() - cpuBefore;
        LoopStats after = loop.stats();
        // One spin of at most the budget (50 us) before the loop blocks; the rest of the half second it sleeps.
        assertTrue(cpu < TimeUnit.MILLISECONDS.toNanos(150), "the loop thread used " + cpu / 1_000_000
                + " ms of CPU in half a second of sleeping");
        long spun = after.busyPolling().minus(before.busyPolling()).toNanos();
        assertTrue(spun < TimeUnit.MILLISECONDS.toNanos(20), "spun " + spun + " ns while idle");
        assertTrue(after.blockedInPoller().minus(before.blockedInPoller()).toMillis() >= 300,
                before + " -> " + after);
        server.close();
        within(loop, server.waitClosed());
    }

    @Test
    void callbacksFromAnotherThreadAreFoundWhileTheLoopPolls() throws Exception {
        // Each callback lets the producer send the next: the loop's waits are as short as a thread hand-off, so it
        // polls, and a thread-safe callback added meanwhile wakes nothing; the poll itself must notice it.
        int count = 10_000;
        List<Integer> ran = new ArrayList<>();
        Semaphore turn = new Semaphore(1);
        Future<Void> all = loop.createFuture();
        Thread producer = new Thread(() -> {
            for (int i = 0; i < count; i++) {
                turn.acquireUninterruptibly();
                int n = i;
                loop.callSoonThreadsafe(() -> {
                    ran.add(n);
                    turn.release();
                    if (n == count - 1) {
                        all.setResult(null);
                    }
                });
            }
        }, "busy-poll-producer");
        loop.callSoon(producer::start);
        within(loop, all);
        producer.join();
        assertEquals(count, ran.size());
        for (int i = 0; i < count; i++) {
            assertEquals(i, ran.get(i));
        }
    }

    /** CPU nanoseconds the calling thread has used (user + system, /proc/thread-self/stat at 100 ticks a second). */
    private static long threadCpu() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }

    /** Sends one byte at a time over a blocking socket and reads each echo back; returns the bytes matched. */
    private static int pingPong(int port, int rounds) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            byte[] one = new byte[1];
            byte[] back = new byte[1];
            int matched = 0;
            for (int i = 0; i < rounds; i++) {
                one[0] = (byte) i;
                out.write(one);
                in.readFully(back);
                assertArrayEquals(one, back, "round " + i);
                matched++;
            }
            return matched;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
