package org.jasyncio.internal.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.jasyncio.EventLoopPolicy;
import org.jasyncio.Context;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.run}: a new loop for one main coroutine; afterwards the leftover tasks are cancelled and awaited,
 * async generators and the default executor shut down, and the loop closed.
 */
public final class Runner {
    private Runner() {
    }

    public static <T> T run(Coroutine<T> main, Boolean debug, EventLoopPolicy policy) throws Exception {
        if (SelectorEventLoop.running() != null) {
            throw new IllegalStateException("asyncio.run() cannot be called from a running event loop");
        }
        if (main == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        EventLoop loop = policy.newEventLoop();
        policy.setEventLoop(loop);
        try {
            if (debug != null) {
                loop.setDebug(debug);
            }
            Task<T> task = loop.createTask(main, null, Context.copyCurrent());
            try (InterruptHandling interrupts = InterruptHandling.install(loop, task)) {
                try {
                    return loop.runUntilComplete(task);
                } catch (org.jasyncio.CancelledError e) {
                    if (interrupts.interrupted() && task.uncancel() == 0) {
                        throw new InterruptedException("interrupted (SIGINT)");
                    }
                    throw e;
                }
            }
        } finally {
            try {
                cancelAllTasks(loop);
                loop.runUntilComplete(loop.shutdownAsyncgens());
                loop.runUntilComplete(loop.shutdownDefaultExecutor());
            } finally {
                policy.setEventLoop(null);
                loop.close();
            }
        }
    }

    static void cancelAllTasks(EventLoop loop) throws Exception {
        Set<Task<?>> toCancel = ((SelectorEventLoop) loop).tasks().pending();
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> t : toCancel) {
            t.cancel();
        }
        loop.runUntilComplete(Gathering.gather(() -> loop, true, toCancel.toArray(new Task<?>[0])));
        for (Task<?> t : toCancel) {
            if (t.cancelled()) {
                continue;
            }
            if (t.exception() != null) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("message", "unhandled exception during asyncio.run() shutdown");
                ctx.put("exception", t.exception());
                ctx.put("task", t);
                loop.callExceptionHandler(ctx);
            }
        }
    }
}
