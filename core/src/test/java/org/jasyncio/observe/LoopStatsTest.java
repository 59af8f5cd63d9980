package org.jasyncio.observe;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.LoopStats;
import org.jasyncio.Server;
import org.jasyncio.Task;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;

/** EventLoop.stats(): what the loop has done and where it stands, read from the loop and from another thread. */
class LoopStatsTest extends ObserveKit {

    @Test
    void countsEveryCallbackRunAndEveryIteration() throws Exception {
        LoopStats before = loop.stats();
        for (int i = 0; i < 10; i++) {
            loop.callSoon(() -> { });
        }
        loop.callSoon(() -> { }).cancel(); // cancelled before its turn: not run, not counted
        spinOnce(loop);
        LoopStats after = loop.stats();
        // the ten callbacks, plus the spinning task's own steps and wake-ups
        assertTrue(after.callbacksRun() - before.callbacksRun() >= 10, before + " -> " + after);
        assertTrue(after.callbacksRun() - before.callbacksRun() <= 15, before + " -> " + after);
        assertTrue(after.iterations() > before.iterations());
    }

    @Test
    void readyQueueDepthCountsCallbacksWaitingForTheirTurn() throws Exception {
        AtomicReference<LoopStats> seen = new AtomicReference<>();
        loop.runUntilComplete(loop.createTask(() -> {
            for (int i = 0; i < 5; i++) {
                loop.callSoon(() -> { });
            }
            seen.set(loop.stats());
            return null;
        }));
        assertTrue(seen.get().readyQueueDepth() >= 5, seen.get().toString());
        assertEquals(0, loop.stats().readyQueueDepth());
    }

    @Test
    void timeWaitingForATimerIsBlockedInThePoller() throws Exception {
        long before = loop.stats().blockedInPoller().toNanos();
        loop.runUntilComplete(loop.createTask(() -> await(Asyncio.sleep(0.1))));
        long blocked = loop.stats().blockedInPoller().toNanos() - before;
        assertTrue(blocked >= 50_000_000L, "blocked " + blocked + " ns while sleeping 100 ms");
    }

    @Test
    void lagIsHowLateTheLoopGotToADueTimer() throws Exception {
        Future<Void> fired = loop.createFuture();
        loop.callSoon(() -> {
            loop.callLater(0.01, () -> fired.setResult(null));
            busy(150); // keeps the loop from the timer well past its deadline
        });
        within(loop, fired);
        long lag = loop.stats().lag().toMillis();
        assertTrue(lag >= 100, "lag " + lag + " ms after a callback held the loop 150 ms past a 10 ms timer");
        assertEquals(0, loop.stats().scheduledTimers());
    }

    @Test
    void liveTasksAndTransportsAreCountedWhileTheyLive() throws Exception {
        Future<Void> release = loop.createFuture();
        Task<?> a = loop.createTask(() -> await(release));
        Task<?> b = loop.createTask(() -> await(release));
        AtomicReference<LoopStats> during = new AtomicReference<>();
        Server server = loop.runUntilComplete(loop.createServer(Echo::new, "127.0.0.1", 0));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        Connection<Transport, Ping> c = loop.runUntilComplete(loop.createConnection(() -> new Ping(loop), "127.0.0.1", port));
        assertEquals("ping", within(loop, c.protocol().got));
        loop.runUntilComplete(loop.createTask(() -> {
            during.set(loop.stats());
            release.setResult(null);
            return null;
        }));
        within(loop, c.protocol().lost);
        server.close();
        within(loop, server.waitClosed());
        spinOnce(loop);
        assertTrue(a.done() && b.done());
        assertEquals(3, during.get().liveTasks(), "two waiting tasks and the one asking: " + during.get());
        assertTrue(during.get().ioEvents() > 0);
        LoopStats after = loop.stats();
        assertEquals(0, after.liveTasks(), after.toString());
        assertEquals(0, after.liveTransports(), after.toString());
    }

    @Test
    void liveTransportsSeesBothEndsOfAnOpenConnectionAndAChild() throws Exception {
        Server server = loop.runUntilComplete(loop.createServer(Echo::new, "127.0.0.1", 0));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        Connection<Transport, Echo> c = loop.runUntilComplete(loop.createConnection(Echo::new, "127.0.0.1", port));
        spinOnce(loop);
        assertEquals(2, loop.stats().liveTransports(), "client and accepted side");
        c.transport().close();
        server.close();
        within(loop, server.waitClosed());
        spinOnce(loop);
        assertEquals(0, loop.stats().liveTransports());
        assertEquals(0, runChild(loop, 0));
        assertEquals(0, loop.stats().liveTransports(), "the child's transport is gone after it exited");
    }

    @Test
    void anotherThreadReadsTheStatsOfARunningLoop() throws Exception {
        Future<Void> done = loop.createFuture();
        AtomicReference<LoopStats> fromOutside = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            fromOutside.set(loop.stats());
            loop.callSoonThreadsafe(() -> done.setResult(null));
        });
        loop.callSoon(reader::start);
        within(loop, done);
        reader.join();
        assertTrue(fromOutside.get().iterations() > 0, String.valueOf(fromOutside.get()));
    }

    private static void busy(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }
}
