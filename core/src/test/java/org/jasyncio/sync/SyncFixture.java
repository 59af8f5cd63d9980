package org.jasyncio.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;
import org.jasyncio.TimerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh loop per test; anything the loop's exception handler is given fails the test (so an assertion that fails
 * inside a callback counts); the loop is always closed.
 */
abstract class SyncFixture {
    EventLoop loop;
    private final List<Map<String, Object>> reported = new ArrayList<>();

    @BeforeEach
    void openLoop() {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler((l, ctx) -> {
            synchronized (reported) {
                reported.add(ctx);
            }
        });
    }

    @AfterEach
    void closeLoop() {
        try {
            if (!loop.isClosed()) {
                loop.close();
            }
        } finally {
            synchronized (reported) {
                assertEquals(List.of(), reported.stream().map(m -> m.get("message") + ": " + m.get("exception"))
                        .toList(), "the loop's exception handler was called");
            }
        }
    }

    /** Runs {@code main} as a task of the test's loop until it is done, as asyncio's IsolatedAsyncioTestCase. */
    <T> T run(Coroutine<T> main) throws Exception {
        Task<T> task = loop.createTask(main);
        TimerHandle guard = loop.callLater(20, () -> task.cancel("the test took over 20 s: hung"));
        try {
            return loop.runUntilComplete(task);
        } finally {
            guard.cancel();
        }
    }

    /** {@code asyncio.create_task} on the test's loop. */
    <T> Task<T> spawn(Coroutine<T> coro) {
        return loop.createTask(coro);
    }

    /** {@code await asyncio.sleep(0)}: lets every callback ready now run once. */
    static void yieldOnce() throws Exception {
        Asyncio.await(Asyncio.sleep(0));
    }

    /** {@code n} times {@link #yieldOnce()}. */
    static void yieldTimes(int n) throws Exception {
        for (int i = 0; i < n; i++) {
            yieldOnce();
        }
    }

    /** Yields until {@code condition} holds, at most 100 iterations. */
    static void yieldUntil(java.util.function.BooleanSupplier condition) throws Exception {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            yieldOnce();
        }
    }
}
