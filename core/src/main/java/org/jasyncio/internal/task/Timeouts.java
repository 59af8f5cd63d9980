package org.jasyncio.internal.task;

import java.util.concurrent.TimeoutException;
import org.jasyncio.Future;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.wait_for}: the outcome of a future, or TimeoutException once {@code timeout} seconds have passed,
 * in which case the future is cancelled and the timeout is reported only once it has actually finished cancelling.
 */
public final class Timeouts {
    private Timeouts() {
    }

    public static <T> Future<T> waitFor(Future<T> inner, double timeout) {
        if (inner == null) {
            throw new IllegalArgumentException("waitFor needs a future, got null");
        }
        if (!(inner.getLoop() instanceof SelectorEventLoop loop)) {
            throw new IllegalArgumentException("waitFor needs a future of a jasyncio loop, got " + inner);
        }
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("timeout must not be NaN");
        }
        TimeoutFuture<T> outer = new TimeoutFuture<>(loop, inner);
        if (inner.done()) {
            outer.copyFrom(inner);
            return outer;
        }
        if (timeout <= 0) {
            outer.timedOut = true;
            inner.cancel();
        } else if (!Double.isInfinite(timeout)) {
            outer.timer = loop.callLater(timeout, () -> {
                outer.timedOut = true;
                inner.cancel();
            });
        }
        inner.addDoneCallback(f -> {
            if (outer.timer != null) {
                outer.timer.cancel();
            }
            if (outer.done()) {
                if (!f.cancelled()) {
                    f.exception();
                }
                return;
            }
            if (outer.timedOut && f.cancelled()) {
                outer.setException(new TimeoutException());
            } else {
                outer.copyFrom(f);
            }
        });
        return outer;
    }

    static final class TimeoutFuture<T> extends BaseFuture<T> {
        private final Future<T> inner;
        TimerHandle timer;
        boolean timedOut;

        TimeoutFuture(SelectorEventLoop loop, Future<T> inner) {
            super(loop);
            this.inner = inner;
        }

        void copyFrom(Future<T> f) {
            if (f.cancelled()) {
                cancelFuture(((BaseFuture<?>) f).cancelMessage);
                return;
            }
            Throwable exc = f.exception();
            if (exc != null) {
                setException(exc);
            } else {
                try {
                    setResult(f.result());
                } catch (Exception e) {
                    setException(e);
                }
            }
        }

        @Override
        public boolean cancel(String msg) {
            if (done()) {
                return false;
            }
            if (timer != null) {
                timer.cancel();
            }
            inner.cancel(msg);
            return cancelFuture(msg);
        }
    }
}
