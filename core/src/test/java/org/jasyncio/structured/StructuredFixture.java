package org.jasyncio.structured;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh loop per test; its exception handler records what it is given, and a test fails when anything was
 * reported that it did not take with {@link #takeReports()}. The loop is always closed.
 */
abstract class StructuredFixture {
    EventLoop loop;
    private final List<Map<String, Object>> reported = new ArrayList<>();

    @BeforeEach
    void openLoop() {
        loop = Asyncio.newEventLoop();
        Asyncio.setEventLoop(loop);
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
        synchronized (reported) {
            assertEquals(List.of(), reported.stream().map(m -> m.get("message")).toList(),
                    "nothing unexpected reported to the loop's exception handler");
        }
    }

    /** Runs {@code main} as a task of the test's loop until it is done. */
    <T> T run(Coroutine<T> main) throws Exception {
        return loop.runUntilComplete(main);
    }

    /** What the exception handler was given so far; the check after the test no longer sees it. */
    List<Map<String, Object>> takeReports() {
        synchronized (reported) {
            List<Map<String, Object>> copy = List.copyOf(reported);
            reported.clear();
            return copy;
        }
    }

    /** The classes of a group's direct exceptions (test_taskgroups.py's get_error_types). */
    static java.util.Set<Class<?>> errorTypes(ExceptionGroup eg) {
        java.util.Set<Class<?>> types = new java.util.HashSet<>();
        for (Throwable t : eg.exceptions()) {
            types.add(t.getClass());
        }
        return types;
    }

    static boolean threadEngine() {
        return "thread".equals(System.getProperty("jasyncio.engine"));
    }
}
