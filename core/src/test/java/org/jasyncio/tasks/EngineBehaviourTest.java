package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;
import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.harness.ExpectLoopReports;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What differs between the two coroutine engines, asserted per engine: the continuation engine runs every body on
 * the loop thread (shared ThreadLocals, monitors pin), the thread engine gives each task a virtual thread of its own.
 * Also deep task chains and the reports made when tasks are collected.
 */
@Tag("coroutines")
class EngineBehaviourTest extends LoopFixture {
    private final Object monitor = new Object();

    /** Awaited from a class initializer, which the JVM runs below a native frame: a pinned frame. */
    static Future<Integer> initializerAwaits;

    static final class AwaitsInItsInitializer {
        static final String OUTCOME;

        static {
            String outcome;
            try {
                outcome = "awaited " + await(initializerAwaits);
            } catch (Throwable t) {
                outcome = t.getClass().getSimpleName() + ": " + t.getMessage();
            }
            OUTCOME = outcome;
        }
    }

    @Test
    void anAwaitInAPinnedFrameFollowsTheEngine() throws Exception {
        initializerAwaits = loop.createFuture();
        loop.callLater(0.01, () -> initializerAwaits.setResult(1));
        Task<String> t = loop.createTask(() -> {
            String outcome = AwaitsInItsInitializer.OUTCOME;
            await(Asyncio.sleep(0)); // the task goes on either way
            return outcome;
        });
        String outcome = loop.runUntilComplete(t);
        if (threadEngine()) {
            assertEquals("awaited 1", outcome, "a virtual thread can park in a pinned frame");
        } else {
            assertTrue(outcome.startsWith("IllegalStateException: Asyncio.await() cannot suspend task '"), outcome);
            assertTrue(outcome.contains("Pinned: NATIVE"), outcome);
            assertFalse(initializerAwaits.cancelled(), "the refused await leaves the future alone");
            assertTrue(t.done());
        }
    }

    @Test
    void aMonitorHeldAcrossAnAwaitStaysHeldByTheTaskUnderBothEngines() throws Exception {
        // JDK 24+ (JEP 491): a monitor does not pin a continuation any more, so an await inside synchronized works
        // under both engines and the monitor stays held by the suspended task: another thread must wait for it.
        Future<Integer> f = loop.createFuture();
        long[] otherEntered = {0};
        long[] released = {0};
        Thread other = new Thread(() -> {
            synchronized (monitor) {
                otherEntered[0] = System.nanoTime();
            }
        });
        Task<String> t = loop.createTask(() -> {
            String r;
            synchronized (monitor) {
                other.start();
                r = "awaited " + await(f);
                assertTrue(Thread.holdsLock(monitor));
                released[0] = System.nanoTime();
            }
            return r;
        });
        loop.callLater(0.05, () -> f.setResult(1));
        assertEquals("awaited 1", loop.runUntilComplete(t));
        other.join(10_000);
        assertTrue(otherEntered[0] >= released[0], "the other thread entered only after the task released the monitor");
    }

    @Test
    void aPinnedAwaitLeavesNoCallbackBehindAndTheTaskCanAwaitAgain() throws Exception {
        Future<Integer> f = loop.createFuture();
        Task<Integer> t = loop.createTask(() -> {
            try {
                PinnedHelper.awaitFromInitializer(f);
            } catch (IllegalStateException pinned) {
                // continuation engine only
            }
            return await(f) + 1;
        });
        loop.callLater(0.01, () -> f.setResult(7));
        assertEquals(8, loop.runUntilComplete(t));
        assertEquals(0, reported.size(), reportedMessages().toString());
    }

    /** Another class whose initializer awaits the future it is handed. */
    static final class PinnedHelper {
        static Future<Integer> target;

        static void awaitFromInitializer(Future<Integer> f) throws Exception {
            target = f;
            Throwable failure = Holder.FAILURE;
            if (failure != null) {
                throw (IllegalStateException) failure;
            }
        }

        static final class Holder {
            static final Throwable FAILURE;

            static {
                Throwable failure = null;
                try {
                    await(target);
                } catch (Throwable t) {
                    failure = t;
                }
                FAILURE = failure;
            }
        }
    }

    @Test
    void threadLocalsAreSharedOnlyUnderTheContinuationEngine() throws Exception {
        ThreadLocal<String> local = new ThreadLocal<>();
        Future<Void> gate = loop.createFuture();
        Task<String> writer = loop.createTask(() -> {
            local.set("writer");
            await(gate);
            return local.get();
        });
        Task<String> reader = loop.createTask(() -> {
            String seen = local.get();
            gate.setResult(null);
            return seen;
        });
        loop.runUntilComplete(Asyncio.gather(writer, reader));
        assertEquals("writer", writer.result(), "a task always sees its own value across awaits");
        if (threadEngine()) {
            assertEquals(null, reader.result(), "each task has its own thread, so its own ThreadLocals");
        } else {
            assertEquals("writer", reader.result(), "all bodies run on the loop thread and share its ThreadLocals");
        }
        local.remove();
    }

    @Test
    void theThreadRunningABodyFollowsTheEngine() throws Exception {
        Thread loopThread = Thread.currentThread();
        List<Thread> seen = new ArrayList<>();
        Coroutine<Void> body = () -> {
            seen.add(Thread.currentThread());
            await(Asyncio.sleep(0));
            seen.add(Thread.currentThread());
            return null;
        };
        loop.runUntilComplete(Asyncio.gather(loop.createTask(body), loop.createTask(body)));
        if (threadEngine()) {
            assertTrue(seen.get(0).isVirtual());
            assertNotEquals(seen.get(0), seen.get(1), "two tasks, two threads");
            assertFalse(seen.contains(loopThread));
        } else {
            assertTrue(seen.stream().allMatch(t -> t == loopThread));
        }
    }

    @Test
    void aReentrantLockHeldAcrossAnAwaitFollowsTheEngine() throws Exception {
        ReentrantLock lock = new ReentrantLock();
        Future<Void> gate = loop.createFuture();
        Task<Void> holder = loop.createTask(() -> {
            lock.lock();
            try {
                await(gate);
            } finally {
                lock.unlock();
            }
            return null;
        });
        Task<Boolean> other = loop.createTask(() -> {
            boolean got = lock.tryLock();
            if (got) {
                lock.unlock();
            }
            gate.setResult(null);
            return got;
        });
        loop.runUntilComplete(Asyncio.gather(holder, other));
        assertEquals(!threadEngine(), other.result(),
                "under the continuation engine the lock's owner is the loop thread, shared by every task");
    }

    @Test
    void aChainOfTenThousandTasksAwaitingEachOther() throws Exception {
        int depth = 10_000;
        Future<Integer> bottom = loop.createFuture();
        Future<Integer> previous = bottom;
        for (int i = 0; i < depth; i++) {
            Future<Integer> below = previous;
            previous = loop.createTask(() -> await(below) + 1);
        }
        Future<Integer> top = previous;
        loop.callLater(0.01, () -> bottom.setResult(0));
        assertEquals(depth, loop.runUntilComplete(top));
    }

    @Test
    void aDeepChainCancelledAtTheTopCancelsEveryLevel() throws Exception {
        int depth = 2_000;
        Future<Integer> bottom = loop.createFuture();
        List<Task<Integer>> chain = new ArrayList<>();
        Future<Integer> previous = bottom;
        for (int i = 0; i < depth; i++) {
            Future<Integer> below = previous;
            Task<Integer> t = loop.createTask(() -> await(below) + 1);
            chain.add(t);
            previous = t;
        }
        Task<Integer> top = chain.get(depth - 1);
        loop.callLater(0.01, top::cancel);
        assertThrows(org.jasyncio.CancelledError.class, () -> loop.runUntilComplete(top));
        assertTrue(bottom.cancelled());
        assertTrue(chain.stream().allMatch(Future::cancelled));
    }

    @Test
    void manyTasksRunConcurrently() throws Exception {
        int n = 2_000;
        int[] counter = {0};
        List<Future<?>> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            all.add(loop.createTask(() -> {
                for (int k = 0; k < 3; k++) {
                    await(Asyncio.sleep(0));
                    counter[0]++;
                }
                return null;
            }));
        }
        loop.runUntilComplete(Asyncio.gather(all.toArray(new Future<?>[0])));
        assertEquals(3 * n, counter[0]);
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void taskExceptionNeverRetrievedIsReportedWhenTheTaskIsCollected() throws Exception {
        failAndForget();
        Map<String, Object> report = awaitReport("Task exception was never retrieved");
        assertNotNull(report, "reported: " + reportedMessages());
        assertTrue(report.get("exception") instanceof IllegalStateException);
        assertEquals("never looked at", ((Throwable) report.get("exception")).getMessage());
        String repr = String.valueOf(report.get("future")); // asyncio's Future.__del__ uses "future", tasks included
        assertTrue(repr.startsWith("<Task finished name='forgotten'"), repr);
    }

    @Test
    void aRetrievedExceptionIsNotReported() throws Exception {
        Task<Void> t = loop.createTask(() -> {
            throw new IllegalStateException("looked at");
        });
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
        assertNotNull(t.exception());
        for (int i = 0; i < 5; i++) {
            System.gc();
            spin(2);
        }
        assertFalse(reportedMessages().contains("Task exception was never retrieved"), reportedMessages().toString());
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void aPendingTaskCollectedInDebugModeIsReported() throws Exception {
        loop.setDebug(true);
        startAndForgetPending(); // under the thread engine too: its parked body thread is collected with it
        Map<String, Object> report = awaitReport("Task was destroyed but it is pending!");
        assertNotNull(report, "reported: " + reportedMessages());
        assertTrue(String.valueOf(report.get("task")).contains("abandoned"), String.valueOf(report.get("task")));
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void theTaskOfAStoppedRunUntilCompleteIsNotReportedWhenCollected() throws Exception {
        loop.setDebug(true);
        loop.callLater(0.01, loop::stop);
        IllegalStateException stopped = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(() -> {
            await(Asyncio.getRunningLoop().createFuture());
            return null;
        }));
        assertEquals("Event loop stopped before Future completed.", stopped.getMessage());
        startAndForgetPending(); // the control: a forgotten task of our own, which must be reported
        assertNotNull(awaitReport("Task was destroyed but it is pending!"), "reported: " + reportedMessages());
        for (int i = 0; i < 5; i++) {
            System.gc();
            spin(2);
        }
        synchronized (reported) {
            long pendingReports = reported.stream()
                    .filter(r -> "Task was destroyed but it is pending!".equals(r.get("message"))).count();
            assertEquals(1, pendingReports, "only the control task is reported: " + reported);
        }
    }

    private void failAndForget() throws Exception {
        Task<Void> t = loop.createTask(() -> {
            throw new IllegalStateException("never looked at");
        }, "forgotten");
        spin(2);
        assertTrue(t.done());
    }

    private void startAndForgetPending() throws Exception {
        loop.createTask(() -> {
            Future<Void> nobodyElse = Asyncio.getRunningLoop().createFuture();
            await(nobodyElse);
            return null;
        }, "abandoned");
        spin(2);
    }

    private Map<String, Object> awaitReport(String message) throws Exception {
        for (int i = 0; i < 40; i++) {
            System.gc();
            Thread.sleep(5);
            spin(1);
            synchronized (reported) {
                for (Map<String, Object> r : reported) {
                    if (message.equals(r.get("message"))) {
                        return r;
                    }
                }
            }
        }
        return null;
    }

    @Test
    void theLoopSeenInsideABodyIsTheRunningLoop() throws Exception {
        assertSame(loop, loop.runUntilComplete(() -> {
            await(Asyncio.sleep(0));
            return Asyncio.getRunningLoop();
        }));
    }

    @Test
    void debugModeAcceptsLoopCallsFromATaskBody() throws Exception {
        loop.setDebug(true);
        List<String> log = new ArrayList<>();
        loop.runUntilComplete(() -> {
            await(Asyncio.sleep(0));
            loop.callSoon(() -> log.add("scheduled from a body"));
            await(Asyncio.sleep(0));
            return null;
        });
        assertEquals(List.of("scheduled from a body"), log);
        assertTrue(reportedMessages().stream().noneMatch(m -> m.contains("Non-thread-safe")), reportedMessages().toString());
    }
}
