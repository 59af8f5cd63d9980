package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.LifoQueue;
import org.jasyncio.PriorityQueue;
import org.jasyncio.Queue;
import org.jasyncio.Task;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** taskDone and join as test_queues.py's _QueueJoinTestMixin checks them, for the three kinds of queue. */
class QueueJoinTest extends SyncFixture {

    private static Queue<Integer> make(String kind) {
        return switch (kind) {
            case "fifo" -> new Queue<>();
            case "lifo" -> new LifoQueue<>();
            default -> new PriorityQueue<>();
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void taskDoneWithNothingUnfinishedFails(String kind) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make(kind)::taskDone);
        assertEquals("task_done() called too many times", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void joinReturnsOnceTwoWorkersMarkedEveryItemDone(String kind) throws Exception {
        Queue<Integer> q = make(kind);
        int[] accumulator = {0};
        boolean[] running = {true};
        run(() -> {
            for (int i = 0; i < 100; i++) {
                q.putNowait(i);
            }
            List<Task<Void>> workers = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                workers.add(spawn(() -> {
                    while (running[0]) {
                        accumulator[0] += await(q.get());
                        q.taskDone();
                    }
                    return null;
                }));
            }
            await(q.join());
            assertEquals(4950, accumulator[0]);
            running[0] = false;
            for (int i = 0; i < workers.size(); i++) {
                q.putNowait(0);
            }
            for (Task<Void> w : workers) {
                await(w);
            }
            return null;
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "lifo", "priority"})
    void joinOfAnEmptyQueueReturnsAtOnceEveryTime(String kind) throws Exception {
        Queue<Integer> q = make(kind);
        run(() -> {
            assertTrue(q.join().done());
            await(q.join());
            await(q.join());
            return null;
        });
    }
}
