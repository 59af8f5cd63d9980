package org.jasyncio.internal.task;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jasyncio.Context;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * The loop's weak reference to a pending task (its {@link TaskRegistry} slot), which also reports the task if it is
 * collected still pending: asyncio's "Task was destroyed but it is pending!" (Task.__del__), always, as asyncio does.
 * A task that finishes leaves the registry, and its reference, unreachable then, is never enqueued; so the report
 * costs nothing but these few fields in the reference every task has anyway.
 *
 * <p>The task is gone when the report is made, so the report's "task" is its description: name and coroutine class
 * (fields kept here, never the coroutine itself, which may reference the task through the future it awaits and would
 * then keep it alive forever). A custom handler runs in the task's context, as asyncio's call_exception_handler runs
 * it in {@code context["task"].get_context()}: the report keeps that Context (see DECISIONS for what it costs).
 */
final class PendingTaskReport extends WeakReference<CoroutineTask<?>> {
    private static final ReferenceQueue<CoroutineTask<?>> COLLECTED = new ReferenceQueue<>();
    /** The reports of tasks a closed loop left pending, kept here once the loop's registry may be gone. */
    private static final Set<PendingTaskReport> OUTLIVING_THEIR_LOOP = ConcurrentHashMap.newKeySet();

    static {
        Thread.ofVirtual().name("jasyncio-collected-tasks").start(PendingTaskReport::reportCollected);
    }

    private final SelectorEventLoop loop;
    private final Class<?> coroClass;
    private final StackTraceElement[] sourceTraceback;
    /** The task's context, which the handler runs in. */
    private final Context taskContext;
    /** The number in the task's default name "Task-n". */
    private final long number;
    /**
     * The name the task was given, or null for the default one. Plain fields, like the next one, so that making a
     * task costs no fence: the loop writes them before the task can be collected, and the collection and the queue's
     * lock order that write before the reporting thread's read.
     */
    private String name;
    /** asyncio's {@code _log_destroy_pending = False}. */
    private boolean silenced;

    PendingTaskReport(CoroutineTask<?> task) {
        super(task, COLLECTED);
        this.loop = task.loop;
        this.coroClass = task.getCoro().getClass();
        this.sourceTraceback = task.sourceTraceback();
        this.taskContext = task.getContext();
        this.number = task.number();
        this.name = task.givenName(); // not getName(): a default name is only made when asked for
    }

    void renamed(String newName) {
        name = newName;
    }

    void silence() {
        silenced = true;
    }

    /** The loop closes with the task pending: keep this report reachable without the loop's registry. */
    void outliveLoop() {
        if (!silenced) {
            OUTLIVING_THEIR_LOOP.add(this);
        }
    }

    /** The reporting thread: waits for collected pending tasks and reports each to its loop. */
    private static void reportCollected() {
        while (true) {
            try {
                PendingTaskReport collected = (PendingTaskReport) COLLECTED.remove();
                OUTLIVING_THEIR_LOOP.remove(collected);
                collected.report();
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                // one failed report must not end the reporting for the whole process
                Thread.currentThread().getUncaughtExceptionHandler().uncaughtException(Thread.currentThread(), t);
            }
        }
    }

    private void report() {
        if (silenced) {
            return;
        }
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", "Task was destroyed but it is pending!");
        String taskName = name != null ? name : "Task-" + number;
        ctx.put("task", "<Task pending name='" + taskName + "' coro=" + coroClass.getName() + ">");
        if (sourceTraceback != null) {
            ctx.put("source_traceback", sourceTraceback);
        }
        CollectedReports.deliver(loop, ctx, taskContext);
    }
}
