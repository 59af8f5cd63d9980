package org.jasyncio.internal.task;

import java.util.Map;
import org.jasyncio.Context;
import org.jasyncio.internal.loop.ExceptionReporting;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * Delivers a report the collector prompted ("Future exception was never retrieved", "Task was destroyed but it is
 * pending!"). The JDK runs such code on a thread of its own (the Cleaner's, the task reaper's), where a user's
 * exception handler must never run: it need not be thread-safe and would race with the loop. So the report goes to
 * the loop, whose thread calls the handler when it next runs; once the loop is closed nobody can handle it there,
 * and it is only logged, as the default exception handler logs it.
 */
final class CollectedReports {
    private CollectedReports() {
    }

    /** Any thread: queues {@code context} for {@code loop}'s exception handler, or logs it if the loop is closed. */
    static void deliver(SelectorEventLoop loop, Map<String, Object> context) {
        deliver(loop, context, null);
    }

    /** As {@link #deliver(SelectorEventLoop, Map)}, the handler running in {@code runIn} when it is not null. */
    static void deliver(SelectorEventLoop loop, Map<String, Object> context, Context runIn) {
        if (!loop.isClosed()) {
            try {
                Runnable report = () -> loop.callExceptionHandler(context);
                if (runIn != null) {
                    loop.callSoonThreadsafe(report, runIn);
                } else {
                    loop.callSoonThreadsafe(report);
                }
                return;
            } catch (IllegalStateException closedMeanwhile) {
                // the loop closed after the check: log below
            }
        }
        ExceptionReporting.logDefault(context);
    }
}
