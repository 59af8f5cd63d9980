package org.jasyncio.internal.task;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.Coroutine;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.TaskGroup} (taskgroups.py, 3.14): what {@code async with TaskGroup()} does, as one object per group
 * whose {@link #run} is the whole {@code async with} block. It is also the done callback of every task of the group
 * (asyncio's {@code _on_task_done}).
 *
 * <p>The first task that fails aborts the group: every other task is cancelled and so is the parent task (the one
 * running the body), which the group later takes back with {@code uncancel()}; a cancellation of the parent from
 * outside aborts it too and comes out as that CancelledError once every task has finished. Failures come out as one
 * {@link ExceptionGroup}. Python's BaseException special case (SystemExit, KeyboardInterrupt) has no Java
 * counterpart: every Throwable is an ordinary failure here.
 */
public final class TaskGroupState implements Consumer<Future<?>> {
    static final String UNHANDLED = "unhandled errors in a TaskGroup";

    private boolean entered;
    private boolean exiting;
    private boolean aborting;
    private SelectorEventLoop loop;
    private CoroutineTask<?> parentTask;
    private boolean parentCancelRequested;
    private final Set<Task<?>> tasks = new LinkedHashSet<>();
    private List<Throwable> errors = new ArrayList<>();
    private BaseFuture<Boolean> onCompletedFut;

    /** The whole {@code async with TaskGroup() as tg: body}: enter, run the body inline, then exit. */
    public <T> T run(Callable<T> body) {
        enter();
        T result = null;
        Throwable thrown = null;
        try {
            result = body.call();
        } catch (Throwable t) {
            thrown = t;
        }
        exit(thrown);
        return thrown == null ? result : null; // an exception the exit swallowed: the block ends normally
    }

    private void enter() {
        SelectorEventLoop running = SelectorEventLoop.running();
        if (running == null) {
            throw new IllegalStateException("no running event loop");
        }
        loop = running;
        parentTask = running.currentTask();
        if (parentTask == null) {
            throw new IllegalStateException("TaskGroup " + this + " cannot determine the parent task");
        }
        entered = true;
    }

    /** asyncio's {@code __aexit__}: returns normally only when nothing is left to raise. */
    private void exit(Throwable exc) {
        exiting = true;
        CancelledError propagate = exc instanceof CancelledError ce ? ce : null;
        if (exc != null && !aborting) {
            // the parent is being cancelled, or the body itself failed
            abort();
        }
        // A loop: the wait can be cancelled again and again while the parent is cancelled repeatedly.
        CancelledError pendingCancellation = null;
        while (!tasks.isEmpty()) {
            if (onCompletedFut == null) {
                onCompletedFut = new BaseFuture<>(loop);
            }
            try {
                CoroutineTask.current().await(onCompletedFut);
            } catch (CancelledError ex) {
                pendingCancellation = ex;
                if (!aborting) {
                    // the parent is cancelled from outside while the body is done and tasks still run
                    propagate = ex;
                    abort();
                }
            } catch (Exception impossible) {
                throw new IllegalStateException(impossible);
            }
            onCompletedFut = null;
        }
        CoroutineTask<?> parent = parentTask;
        List<Throwable> errs = errors;
        parentTask = null;
        errors = null;
        if (parentCancelRequested) {
            // the group cancelled its parent: it must take that request back
            if (parent.uncancel() == 0) {
                propagate = null; // nobody else asked for the parent to be cancelled
            } else if (propagate == null) {
                propagate = pendingCancellation; // the request left is not ours: keep it
            }
        }
        if (propagate != null && errs.isEmpty()) {
            throw propagate;
        }
        if (exc != null && !(exc instanceof CancelledError)) {
            errs.add(exc);
        }
        if (!errs.isEmpty()) {
            if (parent.cancelling() > 0) {
                // cancelled from outside too: uncancel and cancel again, which keeps the count stable
                parent.uncancel();
                parent.cancel();
            }
            throw new ExceptionGroup(UNHANDLED, errs);
        }
    }

    /** {@code tg.create_task(coro, name=name, context=context)}. */
    public <R> Task<R> createTask(Coroutine<R> coro, String name, Context context) {
        return createTask(coro, name, context, null);
    }

    /** {@code tg.create_task(coro, name=name, context=context, eager_start=eagerStart)}; null: not given. */
    public <R> Task<R> createTask(Coroutine<R> coro, String name, Context context, Boolean eagerStart) {
        if (!entered) {
            throw new IllegalStateException("TaskGroup " + this + " has not been entered");
        }
        if (exiting && tasks.isEmpty()) {
            throw new IllegalStateException("TaskGroup " + this + " is finished");
        }
        if (aborting) {
            throw new IllegalStateException("TaskGroup " + this + " is shutting down");
        }
        Task<R> task = eagerStart == null ? loop.createTask(coro, name, context)
                : loop.createTask(coro, name, context, eagerStart);
        // The done callback is added even when the task finished eagerly: run now, it would cancel the parent
        // too early.
        tasks.add(task);
        task.addDoneCallback(this);
        if (aborting && !task.done()) {
            task.cancel(); // an eager task aborted the group before it joined it
        }
        return task;
    }

    private void abort() {
        aborting = true;
        for (Task<?> t : tasks) {
            if (!t.done()) {
                t.cancel();
            }
        }
    }

    /** A task of the group is done (asyncio's {@code _on_task_done}). */
    @Override
    public void accept(Future<?> f) {
        Task<?> task = (Task<?>) f;
        tasks.remove(task);
        if (onCompletedFut != null && tasks.isEmpty() && !onCompletedFut.done()) {
            onCompletedFut.setResult(Boolean.TRUE);
        }
        if (task.cancelled()) {
            return;
        }
        Throwable exc = task.exception();
        if (exc == null) {
            return;
        }
        errors.add(exc);
        if (parentTask.done()) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Task " + task + " has errored out but its parent task " + parentTask
                    + " is already completed");
            ctx.put("exception", exc);
            ctx.put("task", task);
            loop.callExceptionHandler(ctx);
            return;
        }
        if (!aborting && !parentCancelRequested) {
            // Cancel whatever the body awaits now; the exit takes this cancellation back with uncancel().
            abort();
            parentCancelRequested = true;
            parentTask.cancel();
        }
    }

    /** asyncio's repr: {@code <TaskGroup tasks=2 errors=1 cancelling>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<TaskGroup");
        if (!tasks.isEmpty()) {
            sb.append(" tasks=").append(tasks.size());
        }
        if (errors != null && !errors.isEmpty()) {
            sb.append(" errors=").append(errors.size());
        }
        if (aborting) {
            sb.append(" cancelling");
        } else if (entered) {
            sb.append(" entered");
        }
        return sb.append('>').toString();
    }
}
