package org.jasyncio.internal.sync;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * One {@code Condition.wait_for(predicate)}: {@code wait()} until the predicate is truthy, re-evaluating it with the
 * lock held after every wake-up. Its first wait is made at once (it releases the lock); whether a task alone awaits
 * this future is known when that wait is notified or cancelled ({@link ConditionWait#via}):
 * <ul>
 *   <li>a task alone: this future completes at the first wake-up, as asyncio's condition future does, and the rest
 *       runs in the task's steps ({@link #taskResumes}): each wait re-acquires the lock there, the predicate is
 *       evaluated there, and a further wait is a plain {@link ConditionWait} the task waits for without resuming
 *       its body. Every wake-up costs the iterations asyncio's coroutine costs;</li>
 *   <li>otherwise (callbacks, combinators): each wait ends in a callback that evaluates the predicate; the future
 *       completes with the first truthy value.</li>
 * </ul>
 */
final class ConditionWaitFor<T> extends Waiter<T> implements Consumer<Future<Boolean>> {
    private final ConditionCore cond;
    private final Supplier<T> predicate;
    private ConditionWait current;
    private boolean attached;

    ConditionWaitFor(ConditionCore cond, Supplier<T> predicate, SelectorEventLoop loop) {
        super(loop);
        this.cond = cond;
        this.predicate = predicate;
        waitAgain();
    }

    private void waitAgain() {
        current = (ConditionWait) cond.waitAsync();
        current.via = this;
        attached = false;
    }

    /** The first wait's mode, asked when it is notified or cancelled: callback mode subscribes to it then. */
    boolean taskMode(ConditionWait w) {
        if (onlyATaskAwaits()) {
            return true;
        }
        if (!attached) {
            attached = true;
            w.addDoneCallback(this, null);
        }
        return false;
    }

    /** Task mode: the first wait was notified or cancelled; the task runs the rest in its next step. */
    void firstWaitEnded(String cancelMessage, boolean cancelled) {
        if (cancelled) {
            cancelWait(cancelMessage);
        } else {
            wake(null);
        }
    }

    @Override
    public boolean cancel(String msg) {
        if (done()) {
            return super.cancel(msg);
        }
        return current.cancel(msg);
    }

    // ---- task mode

    @Override
    public Future<?> taskResumes(boolean cancelling) {
        ConditionWait w = current;
        if (w == null) {
            return null; // over (or ended in callback mode)
        }
        Future<?> next = w.taskResumes(cancelling);
        if (next != null) {
            return next; // re-acquiring the lock
        }
        current = null;
        Throwable exc = w.outcome();
        if (exc == null) {
            try {
                T result = predicate.get();
                if (!ConditionCore.truthy(result)) {
                    current = (ConditionWait) cond.waitAsync();
                    return current;
                }
                settle(result);
                return null;
            } catch (RuntimeException | Error e) {
                exc = e;
            }
        }
        if (!cancelled() && !cancelling) {
            fail(exc);
        }
        return null;
    }

    // ---- callback mode

    @Override
    public void accept(Future<Boolean> f) {
        if (f != current) {
            return;
        }
        current = null;
        try {
            f.result();
            T result = predicate.get();
            if (ConditionCore.truthy(result)) {
                wake(result);
            } else {
                waitAgain();
                attached = true;
                current.addDoneCallback(this, null);
            }
        } catch (CancelledError e) {
            cancelWait(e.getMessage());
        } catch (Throwable t) {
            fail(t);
            wake(null);
        }
    }

    @Override
    protected void decide(boolean declined) {
        // Nothing: the waits it made decide for themselves.
    }
}
