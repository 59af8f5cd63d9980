package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.LifoQueue;
import org.jasyncio.QueueFull;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** asyncio.LifoQueue as test_queues.py checks it. */
class LifoQueueTest extends SyncFixture {

    @Test
    void itemsComeOutLastInFirstOut() throws Exception {
        LifoQueue<Integer> q = new LifoQueue<>();
        run(() -> {
            for (int i : List.of(1, 3, 2)) {
                await(q.put(i));
            }
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                items.add(await(q.get()));
            }
            assertEquals(List.of(2, 3, 1), items);
            return null;
        });
    }

    @Test
    void aWaitingGetterGetsTheNewestItemWhenItRuns() throws Exception {
        LifoQueue<Integer> q = new LifoQueue<>();
        run(() -> {
            Task<Integer> t = spawn(() -> await(q.get()));
            yieldOnce();
            q.putNowait(1);
            q.putNowait(2);
            assertEquals(2, await(t), "the getter takes the top item when its task resumes");
            assertEquals(1, q.getNowait());
            return null;
        });
    }

    @Test
    void boundedLifoQueueBlocksAndRaisesQueueFull() throws Exception {
        LifoQueue<Integer> q = new LifoQueue<>(2);
        run(() -> {
            await(q.put(1));
            await(q.put(2));
            assertTrue(q.full());
            assertThrows(QueueFull.class, () -> q.putNowait(3));
            Task<Void> putter = spawn(() -> await(q.put(3)));
            yieldOnce();
            assertEquals(2, q.getNowait());
            await(putter);
            assertEquals(3, q.getNowait());
            assertEquals(1, q.getNowait());
            return null;
        });
    }

    @Test
    void taskDoneAndJoinWorkOnALifoQueue() throws Exception {
        LifoQueue<Integer> q = new LifoQueue<>();
        run(() -> {
            for (int i = 0; i < 10; i++) {
                q.putNowait(i);
            }
            Task<Void> worker = spawn(() -> {
                while (!q.empty()) {
                    await(q.get());
                    q.taskDone();
                    yieldOnce();
                }
                return null;
            });
            await(q.join());
            await(worker);
            assertThrows(IllegalArgumentException.class, q::taskDone);
            return null;
        });
    }

    @Test
    void reprNamesTheLifoQueue() {
        LifoQueue<Integer> q = new LifoQueue<>();
        q.putNowait(1);
        q.putNowait(2);
        assertTrue(q.toString().matches("<LifoQueue at 0x[0-9a-f]+ maxsize=0 _queue=\\[1, 2] tasks=2>"), q.toString());
    }
}
