package org.jasyncio.internal.task;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.internal.loop.BaseEventLoop;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code Asyncio.dumpTasks}: every live task of a loop with its name, state and where it is suspended. Made on the
 * loop's thread, since only there can a suspended continuation be walked; another thread asks the loop for it.
 */
public final class TaskDump {
    /** How long another thread waits for a busy loop to make the dump before printing what blocks the loop. */
    static final long WAIT_SECONDS = 5;

    private TaskDump() {
    }

    public static void print(EventLoop loop, PrintStream out) {
        if (!(loop instanceof SelectorEventLoop l)) {
            throw new IllegalArgumentException("dumpTasks needs a jasyncio event loop, got " + loop);
        }
        Thread running = BaseEventLoop.runningThreadOf(l);
        if (running == null || SelectorEventLoop.running() == l) {
            out.print(render(l));
            out.flush();
            return;
        }
        CompletableFuture<String> dump = new CompletableFuture<>();
        try {
            l.callSoonThreadsafe(() -> dump.complete(render(l)));
            out.print(dump.get(WAIT_SECONDS, TimeUnit.SECONDS));
        } catch (TimeoutException busy) {
            out.println("The loop did not make its task dump within " + WAIT_SECONDS + " s: its thread is busy"
                    + " (a callback or task step that does not return). That thread is at:");
            for (StackTraceElement f : running.getStackTrace()) {
                out.println("\tat " + f);
            }
        } catch (IllegalStateException closedMeanwhile) {
            out.print(render(l));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.println("Task dump interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            out.println("Task dump failed: " + e.getCause());
        }
        out.flush();
    }

    static String render(SelectorEventLoop loop) {
        StringBuilder sb = new StringBuilder();
        var tasks = loop.tasks().pending();
        sb.append(tasks.size()).append(tasks.size() == 1 ? " task" : " tasks").append(" of ").append(loop).append('\n');
        for (Task<?> t : tasks) {
            sb.append("Task '").append(t.getName()).append("' ").append(state(t));
            if (t instanceof CoroutineTask<?> ct && ct.waitingFor() != null) {
                Future<?> f = ct.waitingFor();
                sb.append(", waiting for ").append(f);
            }
            sb.append('\n');
            List<StackTraceElement> frames = t.getStack();
            for (StackTraceElement f : frames) {
                sb.append("\tat ").append(f).append('\n');
            }
        }
        return sb.toString();
    }

    private static String state(Task<?> t) {
        if (t.done()) {
            return t.cancelled() ? "(cancelled)" : "(done)";
        }
        if (SelectorEventLoop.running() instanceof BaseEventLoop l && l.currentTask() == t) {
            return "(running" + cancelling(t) + ")";
        }
        boolean started = !t.getStack().isEmpty() || (t instanceof CoroutineTask<?> ct && ct.waitingFor() != null);
        return (started ? "(suspended" : "(not started") + cancelling(t) + ")";
    }

    private static String cancelling(Task<?> t) {
        return t.cancelling() > 0 ? ", cancelling " + t.cancelling() : "";
    }
}
