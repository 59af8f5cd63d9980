package org.jasyncio.tasks;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The task parts of test_runners.py and test_base_events.py: Asyncio.run and runUntilComplete with tasks. */
@Tag("coroutines")
class RunTasksTest {

    @Test
    void runReturnsTheMainResultAndRethrowsItsException() throws Exception {
        assertEquals(42, Asyncio.run(() -> {
            await(Asyncio.sleep(0));
            return 42;
        }));
        IOException boom = new IOException("boom");
        assertSame(boom, assertThrows(IOException.class, () -> Asyncio.run(() -> {
            throw boom;
        })));
    }

    @Test
    void runCancelsTasksLeftPendingAndWaitsForThem() throws Exception {
        List<String> log = new ArrayList<>();
        Task<?>[] leftover = new Task[1];
        Asyncio.run(() -> {
            leftover[0] = Asyncio.getRunningLoop().createTask(() -> {
                try {
                    await(Asyncio.sleep(3600));
                } catch (CancelledError e) {
                    await(Asyncio.sleep(0));
                    log.add("leftover cleaned up");
                    throw e;
                }
                return null;
            });
            await(Asyncio.sleep(0));
            return null;
        });
        assertEquals(List.of("leftover cleaned up"), log);
        assertTrue(leftover[0].cancelled());
    }

    @Test
    void runInsideARunningLoopIsRefused() throws Exception {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Asyncio.run(() -> Asyncio.run(() -> 1)));
        assertEquals("asyncio.run() cannot be called from a running event loop", e.getMessage());
    }

    @Test
    void runUntilCompleteOfAPendingTaskWhenTheLoopStopsEarly() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            Future<Void> never = loop.createFuture();
            Task<Void> t = loop.createTask(() -> {
                loop.stop();
                await(never);
                return null;
            });
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(t));
            assertEquals("Event loop stopped before Future completed.", e.getMessage());
            t.cancel();
            assertThrows(CancelledError.class, () -> loop.runUntilComplete(t));
        } finally {
            loop.close();
        }
    }

    @Test
    void runUntilCompleteOfAFutureOfAnotherLoopIsRefused() throws Exception {
        EventLoop a = Asyncio.newEventLoop();
        EventLoop b = Asyncio.newEventLoop();
        try {
            Task<Integer> t = a.createTask(() -> 1);
            assertThrows(IllegalArgumentException.class, () -> b.runUntilComplete(t));
            assertEquals(1, a.runUntilComplete(t));
        } finally {
            a.close();
            b.close();
        }
    }

    @Test
    void aTaskMayRunACoroutineThreadsafeOnAnotherLoop() throws Exception {
        EventLoop other = Asyncio.newEventLoop();
        Thread otherThread = new Thread(other::runForever);
        otherThread.start();
        try {
            int r = Asyncio.run(() -> await(Asyncio.wrapFuture(Asyncio.runCoroutineThreadsafe(() -> {
                await(Asyncio.sleep(0.01));
                return 7;
            }, other))));
            assertEquals(7, r);
        } finally {
            other.callSoonThreadsafe(other::stop);
            otherThread.join(10_000);
            other.close();
        }
    }

    @Test
    void theMainTaskIsTheCurrentTaskAndIsListed() throws Exception {
        assertTrue(Asyncio.run(() -> {
            Task<?> me = Asyncio.currentTask();
            return me != null && Asyncio.allTasks().contains(me) && !me.done();
        }));
    }
}
