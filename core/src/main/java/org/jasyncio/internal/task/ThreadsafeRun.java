package org.jasyncio.internal.task;

import java.util.concurrent.CompletableFuture;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.internal.loop.BaseEventLoop;

/**
 * One {@code run_coroutine_threadsafe}: the callback handed to the loop, which starts the task and makes the
 * {@link CompletableFuture} follow it. The future always completes: with the task's outcome, or with
 * IllegalStateException "Event loop is closed" when the loop closes before the task could start or finish (asyncio's
 * would wait forever). To know about that close it is one of the loop's close hooks while its task runs.
 */
final class ThreadsafeRun<T> implements Runnable {
    private final Coroutine<T> coro;
    private final EventLoop loop;
    final CompletableFuture<T> result = new CompletableFuture<>();
    private Task<T> task;

    ThreadsafeRun(Coroutine<T> coro, EventLoop loop) {
        this.coro = coro;
        this.loop = loop;
    }

    /** On the loop thread, or on the closing thread when the loop closes before it got to it. */
    @Override
    public void run() {
        if (result.isDone()) {
            return; // cancelled before it started
        }
        try {
            task = loop.createTask(coro);
        } catch (Throwable t) {
            result.completeExceptionally(t);
            throw t;
        }
        Runnable onClose = this::loopClosed;
        if (loop instanceof BaseEventLoop base) {
            base.onClose(onClose);
        }
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                try {
                    loop.callSoonThreadsafe(task::cancel);
                } catch (IllegalStateException closedMeanwhile) {
                    // the task went with its loop
                }
            }
        });
        task.addDoneCallback(f -> {
            if (loop instanceof BaseEventLoop base) {
                base.removeCloseHook(onClose);
            }
            follow(f);
        });
    }

    /** The loop closes: a finished task whose done callback never ran still gives its outcome; a pending one fails. */
    private void loopClosed() {
        if (task.done()) {
            follow(task);
        } else {
            result.completeExceptionally(new IllegalStateException("Event loop is closed"));
        }
    }

    private void follow(Future<T> f) {
        if (f.cancelled()) {
            result.cancel(false);
            return;
        }
        Throwable exc = f.exception();
        if (exc != null) {
            result.completeExceptionally(exc);
        } else {
            try {
                result.complete(f.result());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        }
    }
}
