package org.jasyncio.internal.task;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.InvalidStateError;
import org.jasyncio.Task;
import org.jasyncio.internal.context.ContextAccess;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * asyncio.Task: runs a coroutine body one step at a time on the loop. A step resumes the body until it awaits a
 * future that is not done (the task then waits for that future's done callback) or returns (the task finishes).
 * Cancellation follows asyncio exactly: the awaited future is cancelled, or the next step throws CancelledError at
 * the await point.
 */
public final class CoroutineTask<T> extends BaseFuture<T> implements Task<T>, Runnable {
    private static final AtomicLong TASK_NUMBERS = new AtomicLong();

    private final Coroutine<T> coro;
    private final Context context;
    private final long number;
    private String name;
    private final CoroutineEngine.Body body;
    private boolean started;

    /** The future this task waits for (asyncio's _fut_waiter). */
    private Future<?> futWaiter;
    /** The future the last await suspended on, whose outcome the next step delivers. */
    private Future<?> awaited;
    private boolean mustCancel;
    private int numCancelsRequested;
    /** The exception the body's await throws when it resumes, or null. */
    private Throwable resumeWith;

    private T returnValue;
    private Throwable thrown;
    final Waker waker = new Waker();
    int registrySlot = -1;
    private PendingTaskReport pendingReport;

    private CoroutineTask(SelectorEventLoop loop, Coroutine<T> coro, Context context, String name) {
        super(loop);
        this.coro = coro;
        this.context = context;
        this.name = name;
        this.number = name == null ? TASK_NUMBERS.incrementAndGet() : 0;
        this.body = CoroutineEngine.current().newBody(this::runBody, this::enterBodyThread);
    }

    /** Makes a task and schedules its first step. */
    public static <T> CoroutineTask<T> create(EventLoop loop, Coroutine<T> coro, Context ctx, String name) {
        if (!(loop instanceof SelectorEventLoop l)) {
            throw new IllegalArgumentException("tasks need a jasyncio event loop, got " + loop);
        }
        if (coro == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        CoroutineTask<T> task = new CoroutineTask<>(l, coro, ctx == null ? Context.copyCurrent() : ctx, name);
        l.schedule(task, task.context);
        l.tasks().register(task);
        if (l.getDebug()) {
            task.pendingReport = PendingTaskReport.watch(task);
        }
        return task;
    }

    /** The task whose body is running on the calling thread, or an IllegalStateException saying why there is none. */
    static CoroutineTask<?> current() {
        SelectorEventLoop loop = SelectorEventLoop.running();
        CoroutineTask<?> task = loop == null ? null : loop.currentTask();
        if (task == null) {
            throw new IllegalStateException("Asyncio.await() must be called inside a task (a Coroutine run by "
                    + "createTask, runUntilComplete or Asyncio.run); there is no current task"
                    + (loop == null ? " and no running event loop" : ""));
        }
        return task;
    }

    // ------------------------------------------------------------------ stepping

    /** The first step, and the step after a bare yield ({@code Asyncio.sleep(0)}). */
    @Override
    public void run() {
        step(null);
    }

    private void wakeup(Future<?> fut) {
        Throwable exc;
        if (fut instanceof BaseFuture<?> bf) {
            exc = bf.outcomeForAwaiter();
        } else {
            try {
                fut.result();
                exc = null;
            } catch (Throwable t) {
                exc = t;
            }
        }
        step(exc);
    }

    private void step(Throwable exc) {
        if (done()) {
            throw new InvalidStateError("_step(): already done: " + this + ", " + exc);
        }
        if (mustCancel) {
            if (!(exc instanceof CancelledError)) {
                exc = makeCancelledError();
            }
            mustCancel = false;
        }
        futWaiter = null;
        loop.enterTask(this);
        boolean finished;
        try {
            if (!started && exc != null) {
                thrown = exc; // thrown into a body that never started: it ends at once, like coro.throw()
                finished = true;
            } else {
                started = true;
                resumeWith = exc;
                finished = body.resume();
            }
        } finally {
            loop.leaveTask(this);
        }
        if (finished) {
            finish();
        }
    }

    private void runBody() {
        try {
            returnValue = coro.call();
        } catch (Throwable t) {
            thrown = t;
        }
    }

    private void enterBodyThread() {
        SelectorEventLoop.setRunningInBodyThread(loop);
        ContextAccess.get().enterForever(context);
    }

    private void finish() {
        Throwable t = thrown;
        thrown = null;
        loop.tasks().unregister(this);
        if (pendingReport != null) {
            pendingReport.finished = true;
        }
        if (t == null) {
            T value = returnValue;
            returnValue = null;
            if (mustCancel) {
                mustCancel = false;
                cancelFuture(cancelMessage);
            } else {
                setResult(value);
            }
        } else if (t instanceof CancelledError ce) {
            cancelledExc = ce;
            cancelFuture(null);
        } else {
            setException(t);
        }
    }

    /** Inside the body: {@code Asyncio.await(f)}. */
    <R> R await(Future<R> f) throws Exception {
        if (f == null) {
            throw new IllegalArgumentException("await needs a future, got null");
        }
        if (f instanceof YieldOnce) {
            loop.schedule(this, context);
            suspendBody(null);
            return null;
        }
        if (!f.done()) {
            if (f.getLoop() != loop) {
                throw new IllegalStateException("Task " + this + " got Future " + f + " attached to a different loop");
            }
            if (f == this) {
                throw new IllegalStateException("Task cannot await on itself: " + this);
            }
            f.addDoneCallback(waker, context);
            futWaiter = f;
            awaited = f;
            if (mustCancel && f.cancel(cancelMessage)) {
                mustCancel = false;
            }
            suspendBody(f); // throws what the future failed with, or CancelledError
        }
        return f.result();
    }

    private void suspendBody(Future<?> f) throws Exception {
        try {
            body.suspend();
        } catch (IllegalStateException pinned) {
            if (f != null) {
                f.removeDoneCallback(waker);
                futWaiter = null;
                awaited = null;
            }
            throw new IllegalStateException("Asyncio.await() cannot suspend this task (" + pinned.getMessage()
                    + "): do not await inside a synchronized block or a native frame", pinned);
        }
        Throwable exc = resumeWith;
        resumeWith = null;
        if (exc != null) {
            throw Sneaky.<Exception>rethrow(exc);
        }
    }

    // ------------------------------------------------------------------ cancellation

    @Override
    public boolean cancel(String msg) {
        if (done()) {
            return false;
        }
        numCancelsRequested++;
        Future<?> waiter = futWaiter;
        if (waiter != null && waiter.cancel(msg)) {
            return true;
        }
        mustCancel = true;
        cancelMessage = msg;
        return true;
    }

    @Override
    public int cancelling() {
        return numCancelsRequested;
    }

    @Override
    public int uncancel() {
        if (numCancelsRequested > 0) {
            numCancelsRequested--;
            if (numCancelsRequested == 0) {
                mustCancel = false;
            }
        }
        return numCancelsRequested;
    }

    // ------------------------------------------------------------------ naming and introspection

    @Override
    public String getName() {
        if (name == null) {
            name = "Task-" + number;
        }
        return name;
    }

    @Override
    public void setName(String name) {
        this.name = name == null ? "null" : name;
    }

    @Override
    public Coroutine<T> getCoro() {
        return coro;
    }

    public Context getContext() {
        return context;
    }

    /** The future the task waits for, or null. */
    public Future<?> waitingFor() {
        return futWaiter;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Task ");
        if (!done() && mustCancel) {
            sb.append("cancelling");
        } else {
            sb.append(describeState().replaceFirst(" cb=\\[.*\\]", ""));
        }
        sb.append(" name='").append(getName()).append("' coro=").append(coro);
        if (futWaiter != null) {
            sb.append(" wait_for=").append(futWaiter);
        }
        return sb.append('>').toString();
    }

    /** The done callback a task registers on the future it awaits; runnable itself so waking allocates nothing. */
    final class Waker implements Consumer<Future<?>>, Runnable {
        @Override
        public void accept(Future<?> f) {
            wakeup(f);
        }

        @Override
        public void run() {
            Future<?> f = awaited;
            awaited = null;
            wakeup(f);
        }
    }
}
