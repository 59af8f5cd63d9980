package org.jasyncio.internal.task;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** Between the loop's futures and {@code CompletableFuture}s of other threads. */
public final class Bridges {
    private Bridges() {
    }

    /** {@code asyncio.wrap_future}: a loop future that follows {@code cf}; cancelling it cancels {@code cf}. */
    public static <T> Future<T> wrap(SelectorEventLoop loop, CompletableFuture<T> cf) {
        if (cf == null) {
            throw new IllegalArgumentException("wrapFuture needs a CompletableFuture, got null");
        }
        BaseFuture<T> future = new BaseFuture<>(loop);
        future.addDoneCallback(f -> {
            if (f.cancelled()) {
                cf.cancel(false);
            }
        });
        cf.whenComplete((value, error) -> {
            Runnable copy = () -> {
                if (future.done()) {
                    return;
                }
                Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                if (cause instanceof CancellationException) {
                    future.cancel();
                } else if (cause != null) {
                    future.setException(cause);
                } else {
                    future.setResult(value);
                }
            };
            try {
                loop.callSoonThreadsafe(copy);
            } catch (IllegalStateException closed) {
                // The loop is closed: nobody can await the result any more.
            }
        });
        return future;
    }

    /**
     * {@code asyncio.run_coroutine_threadsafe}: runs {@code coro} as a task of {@code loop}, from any thread. Throws
     * IllegalStateException "Event loop is closed" when the loop is closed already; the future completes even when it
     * closes later (see {@link ThreadsafeRun}).
     */
    public static <T> CompletableFuture<T> runThreadsafe(Coroutine<T> coro, EventLoop loop) {
        if (coro == null) {
            throw new IllegalArgumentException("A coroutine object is required");
        }
        if (loop == null) {
            throw new IllegalArgumentException("loop must not be null");
        }
        ThreadsafeRun<T> run = new ThreadsafeRun<>(coro, loop);
        loop.callSoonThreadsafe(run);
        return run.result;
    }
}
