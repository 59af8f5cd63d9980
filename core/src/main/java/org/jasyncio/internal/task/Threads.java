package org.jasyncio.internal.task;

import java.util.concurrent.Callable;
import org.jasyncio.Context;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** {@code asyncio.to_thread} (threads.py): a call on the loop's default executor, in a copy of the caller's context. */
public final class Threads {
    private Threads() {
    }

    public static <T> Future<T> toThread(SelectorEventLoop loop, Callable<T> fn) {
        if (fn == null) {
            throw new IllegalArgumentException("toThread needs a callable, got null");
        }
        Context ctx = Context.copyCurrent();
        return loop.runInExecutor(null, () -> {
            Object[] outcome = new Object[2];
            ctx.run(() -> {
                try {
                    outcome[0] = fn.call();
                } catch (Throwable t) {
                    outcome[1] = t;
                }
            });
            if (outcome[1] != null) {
                throw Sneaky.<Exception>rethrow((Throwable) outcome[1]);
            }
            @SuppressWarnings("unchecked")
            T result = (T) outcome[0];
            return result;
        });
    }
}
