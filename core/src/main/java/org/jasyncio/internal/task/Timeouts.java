package org.jasyncio.internal.task;

import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.wait_for}: the outcome of a future, or TimeoutException once {@code timeout} seconds have passed,
 * in which case the future is cancelled and the timeout is reported only once it has actually finished cancelling.
 * If the future swallows that cancellation and produces a result or an exception, that outcome wins, as in asyncio.
 * Cancelling the outer future cancels the inner one and waits for it to finish; the outer is then cancelled whatever
 * the inner ended with (test_waitfor.py's test_wait_for_self_cancellation).
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
        inner.addDoneCallback(outer);
        if (timeout <= 0) {
            outer.expire();
        } else if (!Double.isInfinite(timeout)) {
            outer.timer = loop.callLater(timeout, outer::expire);
        }
        return outer;
    }

    /** The outer future; it is also the inner future's done callback. */
    static final class TimeoutFuture<T> extends BaseFuture<T> implements Consumer<Future<T>> {
        private final Future<T> inner;
        TimerHandle timer;
        private boolean timedOut;
        private boolean cancelRequested;

        TimeoutFuture(SelectorEventLoop loop, Future<T> inner) {
            super(loop);
            this.inner = inner;
        }

        void expire() {
            timer = null;
            if (!done() && !cancelRequested) {
                timedOut = true;
                inner.cancel();
            }
        }

        /** The inner future is done. */
        @Override
        public void accept(Future<T> f) {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            if (done()) {
                if (!f.cancelled()) {
                    f.exception(); // mark retrieved
                }
                return;
            }
            if (cancelRequested) {
                // Cancelled from outside: CancelledError once the inner has finished, whatever it ended with
                // (asyncio's wait_for: "await _cancel_and_wait(fut); raise").
                if (f.cancelled()) {
                    copyFrom(f);
                } else {
                    cancelFuture(cancelMessage);
                }
            } else if (timedOut && f.cancelled()) {
                TimeoutException timeout = new TimeoutException();
                timeout.initCause(f instanceof BaseFuture<?> bf ? bf.makeCancelledError() : new CancelledError());
                setException(timeout);
            } else {
                copyFrom(f);
            }
        }

        void copyFrom(Future<T> f) {
            if (f.cancelled()) {
                CancelledError exc = f instanceof BaseFuture<?> bf ? bf.makeCancelledError() : new CancelledError();
                cancelledExc = exc;
                cancelFuture(null);
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
                timer = null;
            }
            if (inner.cancel(msg)) {
                cancelRequested = true; // done when the inner future has finished cancelling
                cancelMessage = msg;
                return true;
            }
            return cancelFuture(msg);
        }
    }
}
