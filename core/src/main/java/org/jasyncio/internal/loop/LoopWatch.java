package org.jasyncio.internal.loop;

import java.util.Map;
import org.jasyncio.EventLoop;

/**
 * A diagnostic tap on every loop: one watcher (installed by a test harness, none by default) is told of each loop
 * made and of each report given to a loop's exception handler, whatever handler the loop has. The harness uses it to
 * fail a test on a report nobody expected (an assertion failing inside a callback reaches the exception handler,
 * not the test). Loop creation and reports are rare, so the tap costs one volatile read each and nothing else.
 */
public final class LoopWatch {
    /** Told of loops made and reports given; called on whatever thread made the loop or the report. */
    public interface Watcher {
        /** {@code loop} was just constructed. */
        void created(EventLoop loop);

        /** {@code loop.callExceptionHandler(context)} was called; the handler runs after this returns. */
        void reported(EventLoop loop, Map<String, Object> context);
    }

    private static volatile Watcher watcher;

    private LoopWatch() {
    }

    /** Installs {@code w} (null: none) in place of the current watcher and returns that one. */
    public static synchronized Watcher install(Watcher w) {
        Watcher previous = watcher;
        watcher = w;
        return previous;
    }

    static void created(EventLoop loop) {
        Watcher w = watcher;
        if (w != null) {
            w.created(loop);
        }
    }

    static void reported(EventLoop loop, Map<String, Object> context) {
        Watcher w = watcher;
        if (w != null) {
            try {
                w.reported(loop, context);
            } catch (Throwable ignored) {
                // a watcher never changes what the loop does
            }
        }
    }
}
