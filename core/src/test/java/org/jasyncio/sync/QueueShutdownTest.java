package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.LifoQueue;
import org.jasyncio.PriorityQueue;
import org.jasyncio.Queue;
import org.jasyncio.QueueShutDown;
import org.jasyncio.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Queue.shutdown (3.13) as test_queues.py's _QueueShutdownTestMixin checks it, for the three kinds of queue. */
class QueueShutdownTest extends SyncFixture {

    private static Queue<String> make(String kind, int maxsize) {
        return switch (kind) {
            case "fifo" -> new Queue<>(maxsize);
            case "lifo" -> new LifoQueue<>(maxsize);
            default -> new PriorityQueue<>(maxsize);
        };
    }

    private static void assertShutDownEverywhere(Queue<String> q) {
        assertThrows(QueueShutDown.class, () -> await(q.put("data")));
        assertThrows(QueueShutDown.class, () -> q.putNowait("data"));
        assertThrows(QueueShutDown.class, () -> await(q.get()));
        assertThrows(QueueShutDown.class, q::getNowait);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void reprSaysShutdown(String kind) {
        Queue<String> q = make(kind, 0);
        q.shutdown();
        assertTrue(q.toString().endsWith(" maxsize=0 shutdown>"), q.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void shuttingDownAnEmptyQueueFailsTheWaitingGetter(String kind) throws Exception {
        Queue<String> q = make(kind, 0);
        run(() -> {
            Task<String> getTask = spawn(() -> await(q.get()));
            yieldOnce();
            q.shutdown(false);
            assertEquals(0, q.qsize());
            await(q.join());
            yieldOnce();
            assertTrue(getTask.done());
            assertThrows(QueueShutDown.class, () -> await(getTask));
            assertShutDownEverywhere(q);
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void shuttingDownANonEmptyQueueKeepsItsItemsForGet(String kind) throws Exception {
        Queue<String> q = make(kind, 1);
        run(() -> {
            q.putNowait("data");
            Task<Void> joinTask = spawn(() -> await(q.join()));
            Task<Void> putTask = spawn(() -> await(q.put("data2")));
            yieldOnce();
            assertFalse(putTask.done());
            q.shutdown(false);
            assertEquals(1, q.qsize());
            yieldOnce();
            assertTrue(putTask.done());
            assertThrows(QueueShutDown.class, () -> await(putTask));
            assertEquals("data", await(q.get()));
            yieldOnce();
            assertFalse(joinTask.done());
            assertShutDownEverywhere(q);
            q.taskDone();
            yieldOnce();
            assertTrue(joinTask.done());
            await(joinTask);
            assertThrows(IllegalArgumentException.class, q::taskDone);
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void immediateShutdownDropsTheItemsAndReleasesJoin(String kind) throws Exception {
        Queue<String> q = make(kind, 0);
        run(() -> {
            q.putNowait("data");
            Task<Void> joinTask = spawn(() -> await(q.join()));
            q.shutdown(true);
            assertEquals(0, q.qsize());
            yieldOnce();
            assertTrue(joinTask.done());
            await(joinTask);
            assertShutDownEverywhere(q);
            assertThrows(IllegalArgumentException.class, q::taskDone);
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void immediateShutdownCountsOnlyTheDroppedItemsAsDone(String kind) throws Exception {
        Queue<String> q = make(kind, 0);
        run(() -> {
            q.putNowait("data");
            q.putNowait("data");
            Task<Void> joinTask = spawn(() -> await(q.join()));
            assertEquals("data", await(q.get()));
            q.shutdown(true);
            assertEquals(0, q.qsize());
            yieldOnce();
            assertFalse(joinTask.done());
            assertShutDownEverywhere(q);
            q.taskDone();
            assertThrows(IllegalArgumentException.class, q::taskDone);
            yieldOnce();
            assertTrue(joinTask.done());
            await(joinTask);
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void shutdownWakesEveryWaitingGetterAndPutter(String kind) throws Exception {
        Queue<String> empty = make(kind, 0);
        Queue<String> full = make(kind, 1);
        run(() -> {
            full.putNowait("x");
            List<Task<?>> waiting = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiting.add(spawn(() -> await(empty.get())));
                waiting.add(spawn(() -> await(full.put("y"))));
            }
            yieldOnce();
            empty.shutdown();
            full.shutdown();
            for (Task<?> t : waiting) {
                assertThrows(QueueShutDown.class, () -> await(t));
            }
            assertEquals("x", full.getNowait(), "a plain shutdown keeps the items");
            assertFalse(empty.toString().contains("_getters"), empty.toString());
            assertFalse(full.toString().contains("_putters"), full.toString());
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void aGetterWokenByAPutThenDrainedByAnImmediateShutdownGetsQueueShutDown(String kind) throws Exception {
        Queue<String> q = make(kind, 0);
        run(() -> {
            Task<String> getter = spawn(() -> await(q.get()));
            yieldOnce();
            q.putNowait("a"); // promised to the getter ...
            q.shutdown(true); // ... then dropped before it ran
            assertThrows(QueueShutDown.class, () -> await(getter));
            await(q.join());
            return null;
        });
    }
}
