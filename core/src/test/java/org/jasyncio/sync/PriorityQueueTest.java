package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jasyncio.PriorityQueue;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** asyncio.PriorityQueue as test_queues.py checks it, with Java's Comparable or a Comparator. */
class PriorityQueueTest extends SyncFixture {

    private record Job(int priority, String name) {
    }

    @Test
    void itemsComeOutLowestFirst() throws Exception {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        run(() -> {
            for (int i : List.of(1, 3, 2)) {
                await(q.put(i));
            }
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                items.add(await(q.get()));
            }
            assertEquals(List.of(1, 2, 3), items);
            return null;
        });
    }

    @Test
    void equalItemsComeOutInInsertionOrder() throws Exception {
        PriorityQueue<Job> q = new PriorityQueue<>(Comparator.comparingInt(Job::priority));
        run(() -> {
            q.putNowait(new Job(2, "c"));
            q.putNowait(new Job(1, "a"));
            q.putNowait(new Job(2, "d"));
            q.putNowait(new Job(1, "b"));
            q.putNowait(new Job(2, "e"));
            StringBuilder order = new StringBuilder();
            while (!q.empty()) {
                order.append(await(q.get()).name());
            }
            assertEquals("abcde", order.toString());
            return null;
        });
    }

    @Test
    void aComparatorOrdersTheQueue() throws Exception {
        PriorityQueue<String> q = new PriorityQueue<>(Comparator.reverseOrder());
        run(() -> {
            q.putNowait("a");
            q.putNowait("c");
            q.putNowait("b");
            assertEquals("c", q.getNowait());
            assertEquals("b", q.getNowait());
            assertEquals("a", q.getNowait());
            return null;
        });
    }

    @Test
    void aWaitingGetterTakesTheLowestItemPutBeforeItRuns() throws Exception {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        run(() -> {
            Task<Integer> t = spawn(() -> await(q.get()));
            yieldOnce();
            q.putNowait(5); // wakes the getter ...
            q.putNowait(1); // ... which takes the lowest item when it runs, as asyncio's
            assertEquals(1, await(t));
            assertEquals(5, q.getNowait());
            return null;
        });
    }

    @Test
    void itemsThatCannotBeOrderedAreRefused() {
        PriorityQueue<Object> q = new PriorityQueue<>();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> q.putNowait(new Object()));
        assertTrue(e.getMessage().contains("Comparable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> q.putNowait(null));
        assertThrows(IllegalArgumentException.class, () -> new PriorityQueue<String>(null));
        assertEquals(0, q.qsize());
    }

    @Test
    void boundedPriorityQueueJoinsAfterTaskDone() throws Exception {
        PriorityQueue<Integer> q = new PriorityQueue<>(2);
        run(() -> {
            Task<Void> producer = spawn(() -> {
                for (int i = 5; i > 0; i--) {
                    await(q.put(i));
                }
                return null;
            });
            List<Integer> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                got.add(await(q.get()));
                q.taskDone();
            }
            await(producer);
            await(q.join());
            assertEquals(5, got.size());
            assertEquals(List.of(1, 2, 3, 4, 5), got.stream().sorted().toList());
            return null;
        });
    }

    @Test
    void reprShowsTheItemsInPriorityOrder() {
        PriorityQueue<Integer> q = new PriorityQueue<>();
        q.putNowait(3);
        q.putNowait(1);
        q.putNowait(2);
        assertTrue(q.toString().matches("<PriorityQueue at 0x[0-9a-f]+ maxsize=0 _queue=\\[1, 2, 3] tasks=3>"),
                q.toString());
    }
}
