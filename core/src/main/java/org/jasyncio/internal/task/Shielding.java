package org.jasyncio.internal.task;

import java.util.function.Consumer;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.shield} (tasks.py): an outer future that follows {@code inner} but whose cancellation does not reach
 * it. Cancelling the outer (as cancelling a task awaiting it does) leaves the inner running and unsubscribes from it;
 * the inner being cancelled by other means cancels the outer.
 */
public final class Shielding {
    private Shielding() {
    }

    public static <T> Future<T> shield(Future<T> inner) {
        if (inner == null) {
            throw new IllegalArgumentException("An asyncio.Future, a coroutine or an awaitable is required");
        }
        if (inner.done()) {
            return inner;
        }
        if (!(inner.getLoop() instanceof SelectorEventLoop loop)) {
            throw new IllegalArgumentException("shield needs a future of a jasyncio loop, got " + inner);
        }
        BaseFuture<T> outer = new BaseFuture<>(loop);
        Consumer<Future<T>> innerDone = f -> {
            if (outer.cancelled()) {
                if (!f.cancelled()) {
                    f.exception(); // mark the inner's outcome retrieved
                }
                return;
            }
            if (f.cancelled()) {
                outer.cancel();
                return;
            }
            Throwable exc = f.exception();
            if (exc != null) {
                outer.setException(exc);
            } else {
                try {
                    outer.setResult(f.result());
                } catch (Exception e) {
                    outer.setException(e);
                }
            }
        };
        inner.addDoneCallback(innerDone);
        outer.addDoneCallback(o -> {
            if (!inner.done()) {
                inner.removeDoneCallback(innerDone);
            }
        });
        return outer;
    }
}
