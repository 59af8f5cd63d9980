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
 * Cancelling the outer future cancels the inner one and waits for it to finish; its outcome is then the outer's
 * (asyncio 3.12+: {@code async with timeout(t): return await fut}, where the task's cancel reaches {@code fut}; a
 * result the inner returns instead of cancelling is returned). Cancelling does not stop the timer, as asyncio's
 * task.cancel() leaves the Timeout's handle alone: a timeout expiring later cancels the inner again.
 *
 * <p>A task awaiting the outer future with a timeout above zero waits for the inner one itself
 * ({@link BaseFuture#awaitedVia()}) and settles the outer as it resumes ({@link Handoff}): it resumes in the
 * iteration after the inner finished, as asyncio's task awaiting {@code fut} does, not one later. A timeout of zero
 * or less keeps the two steps of asyncio's {@code _cancel_and_wait} (a callback, then the waiter). A waiter of a
 * lock, queue or condition awaited so is settled by the task itself, first, as in asyncio's {@code wait_for(q.get(),
 * t)}, where {@code q.get()} runs inside the calling task: a get woken and then cancelled passes its item on.
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
        } else {
            outer.awaitInner = true;
            if (!Double.isInfinite(timeout)) {
                outer.timer = loop.callLater(timeout, outer::expire);
            }
        }
        return outer;
    }

    /** The outer future; it is also the inner future's done callback. */
    static final class TimeoutFuture<T> extends BaseFuture<T> implements Consumer<Future<T>>, Handoff {
        private final Future<T> inner;
        TimerHandle timer;
        /** A positive (or no) timeout: asyncio's {@code async with timeout(t): return await fut}. */
        boolean awaitInner;
        private boolean timedOut;
        /** The timeout expired when the inner was done but not yet delivered: asyncio's task got must_cancel. */
        private boolean expiredAfterInnerDone;
        /** Cancelled when the inner was done but not yet delivered. */
        private boolean cancelledAfterInnerDone;
        /** A task awaits this future through the inner one, and settles it as it resumes. */
        private boolean taskAwaitsInner;
        private boolean cancelRequested;

        TimeoutFuture(SelectorEventLoop loop, Future<T> inner) {
            super(loop);
            this.inner = inner;
        }

        void expire() {
            timer = null;
            if (!done()) {
                timedOut = true;
                if (!inner.cancel() && inner.done()) {
                    expiredAfterInnerDone = true;
                }
            }
        }

        @Override
        Future<?> awaitedVia() {
            if (awaitInner && !done()) {
                taskAwaitsInner = true;
                return inner;
            }
            return this;
        }

        @Override
        boolean declinesWhatItAwaits() {
            return expiredAfterInnerDone || cancelledAfterInnerDone;
        }

        /** The awaiting task resumes: the outer takes the inner's outcome now (after the inner's own hand-over). */
        @Override
        public Future<?> taskResumes(boolean cancelling) {
            if (!inner.done()) {
                return null;
            }
            if (!done()) {
                settle(inner);
            } else if (!inner.cancelled()) {
                inner.exception(); // mark retrieved
            }
            return null;
        }

        /** The inner future is done. */
        @Override
        public void accept(Future<T> f) {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            if (taskAwaitsInner) {
                return; // the awaiting task settles this future as it resumes, after the inner's hand-over
            }
            if (done()) {
                if (!f.cancelled()) {
                    f.exception(); // mark retrieved
                }
                return;
            }
            settle(f);
        }

        private void settle(Future<T> f) {
            if (expiredAfterInnerDone) {
                // The timeout's cancel found the inner done: asyncio's task gets CancelledError at its await,
                // which the timeout turns into TimeoutError unless a cancel from outside came too.
                if (!f.cancelled()) {
                    f.exception(); // mark retrieved, as the task's wake-up does
                }
                if (cancelRequested) {
                    cancelFuture(cancelMessage);
                } else {
                    setException(timeoutCausedBy(new CancelledError()));
                }
            } else if (timedOut && !cancelRequested && f.cancelled()) {
                setException(timeoutCausedBy(f instanceof BaseFuture<?> bf ? bf.makeCancelledError() : new CancelledError()));
            } else {
                // Its outcome, also after a cancel from outside (CancelledError, or what it returned instead)
                copyFrom(f);
            }
        }

        private static TimeoutException timeoutCausedBy(CancelledError cancel) {
            TimeoutException timeout = new TimeoutException();
            timeout.initCause(cancel);
            return timeout;
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
            if (inner.cancel(msg)) {
                cancelRequested = true; // done when the inner future has finished cancelling; the timer stays
                cancelMessage = msg;
                return true;
            }
            cancelledAfterInnerDone = inner.done();
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            return cancelFuture(msg);
        }
    }
}
