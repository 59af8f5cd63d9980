package org.jasyncio.internal.sync;

import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;
import java.util.function.Consumer;

/**
 * A small coroutine written as callbacks, for operations that await several futures in turn (Condition.wait_for,
 * Barrier.wait, subprocess communicate) without a task of their own. {@link #await} continues with the next step
 * when the future is done (at once when it already is, as {@code await} of a done future does not suspend).
 * Cancelling it cancels the future it waits for; if that one is already done, the next step gets CancelledError
 * instead of its outcome, as a task's pending cancellation does.
 */
public abstract class Steps<T> extends BaseFuture<T> implements Consumer<Future<?>> {
    /** What to do with an awaited future's outcome: {@code exc} is null on success. */
    @FunctionalInterface
    public interface Step {
        void run(Object value, Throwable exc) throws Throwable;
    }

    private Future<?> current;
    private Step next;
    private boolean mustCancel;
    private String cancelMessage;

    protected Steps(SelectorEventLoop loop) {
        super(loop);
    }

    protected final void await(Future<?> f, Step then) {
        current = f;
        next = then;
        if (f.done()) {
            accept(f);
        } else {
            f.addDoneCallback(this, null);
        }
    }

    @Override
    public final void accept(Future<?> f) {
        if (f != current) {
            return;
        }
        Step step = next;
        current = null;
        next = null;
        Object value = null;
        Throwable exc = null;
        if (mustCancel && !f.cancelled()) {
            mustCancel = false;
            if (f instanceof Waiter<?> w) {
                w.decideOnce(true);
            }
            exc = cancelMessage == null ? new CancelledError() : new CancelledError(cancelMessage);
        } else {
            try {
                value = f.result();
            } catch (Throwable t) {
                exc = t;
            }
        }
        try {
            step.run(value, exc);
        } catch (Throwable t) {
            finishWith(t);
        }
    }

    /** Ends with {@code value} (nothing when already done). */
    protected final void finish(T value) {
        if (!done()) {
            super.setResult(value);
        }
    }

    /** Ends with {@code t}: cancelled for a CancelledError, else failed. */
    protected final void finishWith(Throwable t) {
        if (done()) {
            return;
        }
        if (t instanceof CancelledError ce) {
            cancelFuture(ce.getMessage());
        } else {
            super.setException(t);
        }
    }

    @Override
    public boolean cancel(String msg) {
        if (done()) {
            return cancelFuture(msg);
        }
        Future<?> c = current;
        if (c != null && c.cancel(msg)) {
            return true;
        }
        if (c == null) {
            return cancelFuture(msg);
        }
        mustCancel = true;
        cancelMessage = msg;
        return true;
    }

    @Override
    public void setResult(T value) {
        throw new IllegalStateException(getClass().getSimpleName() + " is completed by its operation only");
    }

    @Override
    public void setException(Throwable exc) {
        throw new IllegalStateException(getClass().getSimpleName() + " is completed by its operation only");
    }
}
