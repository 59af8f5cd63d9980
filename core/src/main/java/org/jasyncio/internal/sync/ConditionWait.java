package org.jasyncio.internal.sync;

import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * One {@code Condition.wait()}: in the condition's queue until notified (or cancelled), then it re-acquires the lock
 * (even when cancelled: a cancellation only makes it raise once the lock is held again, and notify one other waiter
 * in its place, as asyncio's). Two ways to the lock:
 * <ul>
 *   <li>awaited by a task alone (the usual {@code await(cond.waitAsync())}): exactly asyncio's steps. A notify
 *       completes the future, the task runs, and in that step ({@link #taskResumes}) takes the free lock, or waits
 *       for it without resuming its body;</li>
 *   <li>otherwise (callbacks, combinators): a notified waiter queues for the lock at once and the future completes
 *       when the lock is its.</li>
 * </ul>
 */
final class ConditionWait extends LockSlot {
    private static final int NOTIFY_WAIT = 0;
    // callback mode
    private static final int LOCK_WAIT = 1;
    private static final int GRANTED = 2;
    private static final int HELD = 3;
    // task mode
    private static final int TASK_RESUMING = 4;
    private static final int TASK_LOCK = 5;
    private static final int TASK_DONE = 6;

    private final ConditionCore cond;
    private int state = NOTIFY_WAIT;
    private boolean interrupted;
    private String cancelMessage;
    /** Task mode: the lock acquisition the task waits for. */
    private Waiter<?> pendingLock;
    /** Task mode: the CancelledError of the last cancelled re-acquisition, raised again at the end (asyncio's). */
    private CancelledError lastCancel;
    /** The wait_for this is the first wait of, whose awaiters decide the mode; null for a plain wait(). */
    ConditionWaitFor<?> via;

    ConditionWait(ConditionCore cond, SelectorEventLoop loop) {
        super(loop);
        this.cond = cond;
    }

    /** notify(): off the condition's queue; on to the lock. */
    void notified() {
        cond.waiters.remove(this);
        if (taskMode()) {
            state = TASK_RESUMING;
            cond.resuming++;
            if (via != null) {
                via.firstWaitEnded(null, false);
            } else {
                wake(Boolean.TRUE); // asyncio: fut.set_result(False); the task re-acquires in its next step
            }
        } else {
            queueForLock();
        }
    }

    /** Whether a task alone awaits this wait (or the wait_for it belongs to). */
    private boolean taskMode() {
        return via != null ? via.taskMode(this) : onlyATaskAwaits();
    }

    /** How this wait ended, for its wait_for: null (notified, the lock held again), or what it raises. */
    Throwable outcome() {
        if (cancelled()) {
            return cancellationOf(this);
        }
        return failure();
    }

    private static CancelledError cancellationOf(Future<?> f) {
        try {
            f.exception();
        } catch (CancelledError ce) {
            return ce;
        }
        return new CancelledError();
    }

    // ---- callback mode

    private void queueForLock() {
        LockCore lock = cond.lock;
        if (!lock.locked && lock.allCancelled()) {
            lock.locked = true; // taken at once, as acquire()'s fast path; nobody can slip in before it completes
            state = HELD;
            complete();
        } else {
            state = LOCK_WAIT;
            lock.enqueue(this);
        }
    }

    private void complete() {
        if (interrupted) {
            cancelWait(cancelMessage);
        } else {
            wake(Boolean.TRUE);
        }
    }

    @Override
    boolean slotDone() {
        return state == GRANTED || state == HELD;
    }

    @Override
    boolean slotCancelled() {
        return false; // a cancelled lock wait is taken off the lock's queue at once and queued again
    }

    @Override
    void grant() {
        state = GRANTED;
        complete();
    }

    @Override
    public boolean cancel(String msg) {
        switch (state) {
            case NOTIFY_WAIT -> {
                cond.waiters.remove(this);
                if (taskMode()) {
                    state = TASK_RESUMING;
                    cond.resuming++;
                    interrupted = true;
                    if (via != null) {
                        cancelMessage = msg;
                        via.firstWaitEnded(msg, true);
                        return true;
                    }
                    return cancelWait(msg); // the task runs and re-acquires in its next step
                }
            }
            case LOCK_WAIT -> {
                LockCore lock = cond.lock;
                lock.waiters.remove(this);
                if (!lock.locked) {
                    lock.wakeUpFirst();
                }
            }
            default -> {
                return cancelWait(msg); // done already: false, and the task's own cancellation takes over
            }
        }
        interrupted = true;
        cancelMessage = msg;
        queueForLock();
        return true;
    }

    @Override
    protected void decide(boolean declined) {
        if (state >= TASK_RESUMING) {
            return; // task mode decides in taskResumes
        }
        if (state == GRANTED) {
            cond.lock.waiters.remove(this);
            cond.lock.locked = true;
            state = HELD;
        }
        if (interrupted || declined) {
            // This wait may have consumed a notification it will not act on: pass one on (a spurious wake-up).
            cond.notifyWaiters(1);
        }
    }

    // ---- task mode

    @Override
    public Future<?> taskResumes(boolean cancelling) {
        switch (state) {
            case TASK_RESUMING -> {
                cond.resuming--; // off asyncio's _waiters now: its `finally` after `await fut`
                if (cancelling) {
                    interrupted = true; // CancelledError at `await fut`: re-acquire anyway, then raise
                }
                return acquireForTask();
            }
            case TASK_LOCK -> {
                Waiter<?> a = pendingLock;
                pendingLock = null;
                boolean failed = a.cancelled() || cancelling;
                a.decideOnce(cancelling && !a.cancelled()); // the lock's own after-await code: take it or pass it on
                if (a.cancelled()) {
                    lastCancel = cancellationOf(a);
                }
                if (failed) {
                    interrupted = true; // asyncio's loop: remember the CancelledError and acquire again
                    return acquireForTask();
                }
                return finishTask();
            }
            default -> {
                return super.taskResumes(cancelling);
            }
        }
    }

    private Future<?> acquireForTask() {
        Future<Boolean> a = cond.lock.acquire();
        if (a.done()) {
            return finishTask();
        }
        pendingLock = (Waiter<?>) a;
        state = TASK_LOCK;
        return a;
    }

    private Future<?> finishTask() {
        state = TASK_DONE;
        if (interrupted) {
            cond.notifyWaiters(1);
            if (!cancelled()) {
                fail(lastCancel != null ? lastCancel
                        : cancelMessage == null ? new CancelledError() : new CancelledError(cancelMessage));
            }
        }
        return null;
    }
}
