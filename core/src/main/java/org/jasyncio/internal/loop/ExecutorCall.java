package org.jasyncio.internal.loop;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jasyncio.Future;
import org.jasyncio.internal.task.BaseFuture;

/**
 * A function run in an executor whose outcome is handed back to the loop thread ({@code run_in_executor} over
 * {@code wrap_future}). Cancelling the loop's future abandons the call: if it has not started, it never runs.
 */
final class ExecutorCall<T> implements Runnable, Consumer<Future<T>> {
    private final BaseEventLoop loop;
    private final BaseFuture<T> future;
    private final Callable<T> fn;
    private volatile boolean abandoned;

    ExecutorCall(BaseEventLoop loop, BaseFuture<T> future, Callable<T> fn) {
        this.loop = loop;
        this.future = future;
        this.fn = fn;
    }

    /** The loop future's done callback: a cancelled future abandons the call. */
    @Override
    public void accept(Future<T> f) {
        if (f.cancelled()) {
            abandoned = true;
        }
    }

    /** In the executor's thread. */
    @Override
    public void run() {
        if (abandoned) {
            return;
        }
        T value = null;
        Throwable error = null;
        try {
            value = fn.call();
        } catch (Throwable t) {
            error = t;
        }
        T v = value;
        Throwable e = error;
        try {
            loop.callSoonThreadsafe(() -> {
                if (future.done()) {
                    return; // cancelled meanwhile
                }
                if (e != null) {
                    future.setException(e);
                } else {
                    future.setResult(v);
                }
            });
        } catch (IllegalStateException loopClosed) {
            // The loop was closed while the function ran: there is nobody to tell.
        }
    }
}
