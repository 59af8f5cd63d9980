package org.jasyncio.internal.task;

import org.jasyncio.Future;

/**
 * A future whose completion hands something over to the task that awaits it (a lock, a permit, a queue item), with
 * the bookkeeping asyncio runs in the awaiting coroutine right after its {@code await fut}: it runs here, in the
 * same task step, just before the body resumes. That keeps asyncio's timing (the state changes when the awaiting
 * task runs, not when the future completes) and lets a task that is cancelled after the future completed pass the
 * hand-over on instead of losing it (asyncio's {@code except CancelledError} branch after {@code await fut}).
 */
public interface Handoff {
    /**
     * Called by the awaiting task at the start of the step that delivers this future's outcome: runs asyncio's
     * after-await code. It may have to wait again first (Condition.wait re-acquiring its lock): then it returns the
     * future to wait for, the task waits for it without resuming the body, and calls this again once that future is
     * done. When this returns null the body resumes, and its await delivers this future's outcome (which must be
     * done by then).
     *
     * @param cancelling true when the body would get CancelledError whatever this future's outcome (the task was
     *     cancelled after the future completed); when this returns a future, the cancellation counts as delivered
     * @return null to resume the body now, or a future to wait for first
     */
    Future<?> taskResumes(boolean cancelling);

    /** Whether {@code callback} is a task's wake-up, so that the task will call {@link #taskResumes}. */
    static boolean isTaskWakeup(Object callback) {
        return callback instanceof CoroutineTask.Waker;
    }
}
