package org.jasyncio.internal.task;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jasyncio.internal.loop.DebugSupport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** Debug mode: reports a task collected while still pending ("Task was destroyed but it is pending!"). */
final class PendingTaskReport implements Runnable {
    private final SelectorEventLoop loop;
    private final String taskRepr;
    private final StackTraceElement[] createdAt;
    volatile boolean finished;

    private PendingTaskReport(SelectorEventLoop loop, String taskRepr, StackTraceElement[] createdAt) {
        this.loop = loop;
        this.taskRepr = taskRepr;
        this.createdAt = createdAt;
    }

    static PendingTaskReport watch(CoroutineTask<?> task) {
        PendingTaskReport report = new PendingTaskReport(task.loop(), task.getName() + " " + task.getCoro(),
                DebugSupport.callerStack());
        BaseFuture.CLEANER.register(task, report);
        return report;
    }

    @Override
    public void run() {
        if (finished) {
            return;
        }
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", "Task was destroyed but it is pending!");
        ctx.put("task", taskRepr);
        ctx.put("source_traceback", createdAt);
        try {
            loop.callSoonThreadsafe(() -> loop.callExceptionHandler(ctx));
        } catch (IllegalStateException closed) {
            loop.callExceptionHandler(ctx);
        }
    }
}
