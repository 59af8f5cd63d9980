package org.jasyncio;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("coroutines")
class SmokeTest {
    @Test
    void callbacksRunInOrderAndTasksAwait() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            List<String> log = new ArrayList<>();
            loop.callSoon(() -> log.add("a"));
            loop.callLater(0.01, () -> log.add("timer"));
            loop.callSoon(() -> log.add("b"));
            String r = loop.runUntilComplete(() -> {
                log.add("task start");
                await(Asyncio.sleep(0.05));
                Future<Integer> f = loop.createFuture();
                loop.callSoon(() -> f.setResult(42));
                int v = await(f);
                log.add("task got " + v);
                return "done";
            });
            assertEquals("done", r);
            assertEquals(List.of("a", "b", "task start", "timer", "task got 42"), log);
        } finally {
            loop.close();
        }
    }

    @Test
    void cancellationThrowsAtAwaitPoint() throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            Task<String> t = loop.createTask(() -> {
                try {
                    await(Asyncio.sleep(10));
                    return "slept";
                } catch (CancelledError e) {
                    return "cancelled: " + e.getMessage();
                }
            });
            loop.callLater(0.01, () -> t.cancel("bye"));
            assertEquals("cancelled: bye", loop.runUntilComplete(t));
            Task<String> t2 = loop.createTask(() -> {
                await(Asyncio.sleep(10));
                return "slept";
            });
            loop.callLater(0.01, () -> t2.cancel("msg"));
            CancelledError e = assertThrows(CancelledError.class, () -> loop.runUntilComplete(t2));
            assertEquals("msg", e.getMessage());
            assertTrue(t2.cancelled());
        } finally {
            loop.close();
        }
    }

    @Test
    void asyncioRunAndGather() throws Exception {
        List<Object> r = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Task<Integer> a = loop.createTask(() -> { await(Asyncio.sleep(0.01)); return 1; });
            Task<Integer> b = loop.createTask(() -> { await(Asyncio.sleep(0)); return 2; });
            return await(Asyncio.gather(a, b));
        });
        assertEquals(List.of(1, 2), r);
    }
}
