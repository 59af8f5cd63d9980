package org.jasyncio.observe;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Coroutine;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/**
 * Debug mode reports a task that caught its CancelledError (a {@code catch (Exception e)} does) and went on, and
 * stays quiet when the task let it out, withdrew the request with uncancel(), or only cleaned up before rethrowing.
 */
@org.jasyncio.harness.ExpectLoopReports("the swallowed-cancellation report is what these tests provoke and check")
class SwallowedCancelTest extends ObserveKit {

    /** Runs {@code body} as a task, cancels it once it waits, runs it to its end; returns the task. */
    private <T> Task<T> cancelWhileWaiting(Coroutine<T> body) throws Exception {
        Task<T> task = loop.createTask(body, "victim");
        spinOnce(loop);
        task.cancel();
        try {
            loop.runUntilComplete(task);
        } catch (CancelledError expected) {
            // the well-behaved bodies end cancelled
        }
        return task;
    }

    private List<String> swallowReports() {
        return reportedMessages().stream().filter(m -> m.contains("swallowed the CancelledError")).toList();
    }

    @Test
    void catchingAndReturningIsReportedWithTheTask() throws Exception {
        loop.setDebug(true);
        Task<String> task = cancelWhileWaiting(() -> {
            try {
                await(Asyncio.sleep(10));
                return "slept";
            } catch (Exception e) {
                return "went on";
            }
        });
        assertEquals("went on", task.result());
        assertEquals(1, swallowReports().size(), reportedMessages().toString());
        assertTrue(swallowReports().getFirst().startsWith(
                "Task was cancelled but swallowed the CancelledError and finished normally (cancelling() = 1"));
        assertSame(task, reported.stream().filter(m -> String.valueOf(m.get("message")).contains("swallowed"))
                .findFirst().orElseThrow().get("task"));
    }

    @Test
    void catchingAndAwaitingOnIsReported() throws Exception {
        loop.setDebug(true);
        Task<Integer> task = cancelWhileWaiting(() -> {
            int turns = 0;
            while (turns < 3) {
                try {
                    await(Asyncio.sleep(turns == 0 ? 10 : 0));
                } catch (Exception e) {
                    // swallowed: the loop goes on
                }
                turns++;
            }
            return turns;
        });
        assertEquals(3, task.result());
        assertEquals(1, swallowReports().size(), reportedMessages().toString());
        assertTrue(swallowReports().getFirst().contains("went on awaiting"), swallowReports().toString());
    }

    @Test
    void rethrowingAfterCleanupThatAwaitsIsNotReported() throws Exception {
        loop.setDebug(true);
        Task<Void> task = cancelWhileWaiting(() -> {
            try {
                await(Asyncio.sleep(10));
            } finally {
                await(Asyncio.sleep(0)); // cleanup that awaits once, then the CancelledError goes on
            }
            return null;
        });
        assertTrue(task.cancelled());
        assertEquals(List.of(), swallowReports());
    }

    @Test
    void uncancelMeansGoingOnIsIntended() throws Exception {
        loop.setDebug(true);
        Task<String> task = cancelWhileWaiting(() -> {
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError e) {
                Asyncio.currentTask().uncancel();
            }
            await(Asyncio.sleep(0));
            await(Asyncio.sleep(0));
            return "on purpose";
        });
        assertEquals("on purpose", task.result());
        assertEquals(List.of(), swallowReports());
    }

    @Test
    void withoutDebugModeNothingIsReported() throws Exception {
        loop.setDebug(false);
        Task<String> task = cancelWhileWaiting(() -> {
            try {
                await(Asyncio.sleep(10));
                return "slept";
            } catch (Exception e) {
                return "went on";
            }
        });
        assertEquals("went on", task.result());
        assertEquals(List.of(), swallowReports());
    }
}
