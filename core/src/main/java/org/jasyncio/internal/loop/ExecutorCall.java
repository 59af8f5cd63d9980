package org.jasyncio.internal.loop;

import java.util.concurrent.Callable;
import org.jasyncio.internal.task.BaseFuture;

/** A function run in an executor whose outcome is handed back to the loop thread. */
final class ExecutorCall<T> implements Runnable {
    private final SelectorEventLoop loop;
    private final BaseFuture<T> future;
    private final Callable<T> fn;

    ExecutorCall(SelectorEventLoop loop, BaseFuture<T> future, Callable<T> fn) {
        this.loop = loop;
        this.future = future;
        this.fn = fn;
    }

    @Override
    public void run() {
        if (future.isCancelledRacy()) {
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
