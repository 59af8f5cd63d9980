package org.jasyncio.internal.task;

import java.util.Map;
import java.util.function.Consumer;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.shield} (tasks.py): an outer future that follows {@code inner} but whose cancellation does not reach
 * it. Cancelling the outer (as cancelling a task awaiting it does) leaves the inner running and unsubscribes from it;
 * the inner being cancelled by other means cancels the outer. An inner left running that later fails is reported to
 * the loop's exception handler ("X exception in shielded future"), once however often it was shielded, as 3.14's
 * {@code _log_on_exception}: nobody is left to see its exception through the shield.
 */
public final class Shielding {
    /** One shared instance, so that removing it before adding it again keeps a single report per inner future. */
    private static final Consumer<Future<?>> LOG_ON_EXCEPTION = Shielding::logOnException;

    private Shielding() {
    }

    private static void logOnException(Future<?> fut) {
        if (fut.cancelled()) {
            return;
        }
        Throwable exc = fut.exception();
        if (exc == null) {
            return;
        }
        fut.getLoop().callExceptionHandler(Map.of(
                "message", exc.getClass().getSimpleName() + " exception in shielded future",
                "exception", exc,
                "future", fut));
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
                inner.removeDoneCallback(LOG_ON_EXCEPTION);
                inner.addDoneCallback(LOG_ON_EXCEPTION);
            }
        });
        return outer;
    }
}
