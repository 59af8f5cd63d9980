package org.jasyncio.tasks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh loop per test whose exception handler records what it is given; the loop is always closed. */
abstract class LoopFixture {
    EventLoop loop;
    final List<Map<String, Object>> reported = new ArrayList<>();

    @BeforeEach
    void openLoop() {
        loop = Asyncio.newEventLoop();
        Asyncio.setEventLoop(loop); // lets a request made outside the running loop (an async generator's) find it
        loop.setExceptionHandler((l, ctx) -> {
            synchronized (reported) {
                reported.add(ctx);
            }
        });
    }

    @AfterEach
    void closeLoop() {
        Asyncio.setEventLoop(null);
        if (!loop.isClosed()) {
            loop.close();
        }
    }

    /** The engine the JVM runs task bodies with ("continuation" or "thread"). */
    static boolean threadEngine() {
        return "thread".equals(System.getProperty("jasyncio.engine"));
    }

    /** Runs the loop for a few iterations so callbacks scheduled now get to run. */
    void spin(int iterations) throws Exception {
        for (int i = 0; i < iterations; i++) {
            loop.runUntilComplete(loop.createTask(() -> {
                Asyncio.await(Asyncio.sleep(0));
                return null;
            }));
        }
    }

    List<String> reportedMessages() {
        synchronized (reported) {
            return reported.stream().map(m -> String.valueOf(m.get("message"))).toList();
        }
    }
}
