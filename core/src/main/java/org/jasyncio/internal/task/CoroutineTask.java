package org.jasyncio.internal.task;

import java.util.List;
import java.util.Map;
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
import org.jasyncio.internal.observe.FlightEvents;

/**
 * asyncio.Task: runs a coroutine body one step at a time on the loop. A step resumes the body until it awaits a
 * future that is not done or returns. As in asyncio, the body only hands the awaited future over ("yields" it); the
 * step, back on the loop's side, checks it and subscribes to it, so the body never touches the loop's bookkeeping
 * while it is suspended. Cancellation follows asyncio exactly: the awaited future is cancelled, or the next step
 * throws CancelledError at the await point.
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
    /** The future the body awaits while the task waits for another on its behalf ({@link BaseFuture#awaitedVia}). */
    private Future<?> delivering;
    /** What the body handed over when it suspended: a future to wait for, or a bare yield. */
    private Future<?> yielded;
    private boolean bareYield;
    /** The exception the next scheduled step throws into the body (asyncio's call_soon(__step, exc)). */
    private Throwable stepException;
    private boolean mustCancel;
    private int numCancelsRequested;
    /** A handoff that asked to wait for another future before the body resumes (see Handoff), or null. */
    private Handoff resuming;
    /** The exception the body's await throws when it resumes, or null. */
    private Throwable resumeWith;

    private T returnValue;
    private Throwable thrown;
    final Waker waker = new Waker();
    int registrySlot = -1;
    /** When the task was made, for the Flight Recorder's task events (0 while they are off). */
    private long createdAt;
    /** Debug mode: cancelling() when a CancelledError was thrown into the body, until it is seen handled (else 0). */
    private int swallowWatch;
    private int suspensionsSinceCancel;

    private CoroutineTask(SelectorEventLoop loop, Coroutine<T> coro, Context context, String name) {
        super(loop);
        this.coro = coro;
        this.context = context;
        this.name = name;
        this.number = name == null ? TASK_NUMBERS.incrementAndGet() : 0;
        this.body = CoroutineEngine.current().newBody(waker);
    }

    /** Makes a task and schedules its first step. */
    public static <T> CoroutineTask<T> create(EventLoop loop, Coroutine<T> coro, Context ctx, String name) {
        CoroutineTask<T> task = make(loop, coro, ctx, name);
        task.loop.tasks().register(task);
        if (FlightEvents.taskEventsEnabled()) {
            task.createdAt = FlightEvents.taskCreated(task.getName());
        }
        return task;
    }

    /**
     * asyncio 3.12's {@code Task(..., eager_start=True)}: when the loop is running, the task's first step runs now,
     * inside this call, with the task current and in its context, until the body first suspends; a body that
     * finishes without suspending leaves the task done and never scheduled. The calling task is current again
     * afterwards. With the loop not running, the task is scheduled as usual.
     */
    public static <T> CoroutineTask<T> createEager(EventLoop loop, Coroutine<T> coro, Context ctx, String name) {
        if (!(loop instanceof SelectorEventLoop l) || !l.isRunning()) {
            return create(loop, coro, ctx, name);
        }
        if (coro == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        CoroutineTask<T> task = new CoroutineTask<>(l, coro, ctx == null ? Context.copyCurrent() : ctx, name);
        l.tasks().register(task);
        if (FlightEvents.taskEventsEnabled()) {
            task.createdAt = FlightEvents.taskCreated(task.getName());
        }
        task.eagerStart();
        return task;
    }

    private void eagerStart() {
        CoroutineTask<?> previous = loop.swapCurrentTask(this);
        try {
            context.run(() -> runAndHandleResult(null));
        } finally {
            loop.swapCurrentTask(previous);
        }
    }

    /** A task that {@code allTasks()} does not list: the body of an async generator. */
    static <T> CoroutineTask<T> createHidden(EventLoop loop, Coroutine<T> coro, Context ctx, String name) {
        return make(loop, coro, ctx, name);
    }

    private static <T> CoroutineTask<T> make(EventLoop loop, Coroutine<T> coro, Context ctx, String name) {
        if (!(loop instanceof SelectorEventLoop l)) {
            throw new IllegalArgumentException("tasks need a jasyncio event loop, got " + loop);
        }
        if (coro == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        CoroutineTask<T> task = new CoroutineTask<>(l, coro, ctx == null ? Context.copyCurrent() : ctx, name);
        l.schedule(task, task.context);
        return task;
    }

    /**
     * This task may be collected while pending without a report (asyncio's {@code _log_destroy_pending = False}, set
     * for the task runUntilComplete makes itself, which a stop can leave pending). Loop thread.
     */
    public void doNotReportIfDestroyedPending() {
        loop.tasks().silence(this);
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

    // ------------------------------------------------------------------ stepping (loop side)

    /** A scheduled step: the first one, one after a bare yield, or one that throws a refused await into the body. */
    @Override
    public void run() {
        Throwable exc = stepException;
        stepException = null;
        step(exc);
    }

    private void wakeup(Future<?> fut) {
        Handoff h = resuming != null ? resuming : fut instanceof Handoff x ? x : null;
        if (h != null) {
            // The code asyncio runs after `await fut` (locks, queues), in this step; it may wait again first.
            // Waiting on behalf of another future that will not take this one's outcome (it was cancelled, or its
            // timeout expired, after this one completed): declined, as the CancelledError asyncio throws there.
            boolean declined = mustCancel || delivering instanceof BaseFuture<?> d && d.declinesWhatItAwaits();
            Future<?> next = h.taskResumes(declined);
            if (next != null) {
                resuming = h;
                mustCancel = false; // delivered to the handoff, as a CancelledError thrown at its await would be
                next.addDoneCallback(waker, context);
                futWaiter = next;
                awaited = next;
                return;
            }
            if (resuming != null) {
                fut = (Future<?>) resuming; // the body's await delivers the handoff's own outcome
                resuming = null;
            }
        }
        if (delivering != null) {
            // The future the body awaits settles from the one the task waited for; it may have to wait again
            // (asCompleted: its outcome was taken by another in between), still cancelled through it.
            Future<?> d = delivering;
            if (d instanceof Handoff settles) {
                Future<?> next = settles.taskResumes(mustCancel);
                if (next != null) {
                    next.addDoneCallback(waker, context);
                    awaited = next;
                    return;
                }
            }
            delivering = null;
            fut = d;
        }
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
        try {
            runAndHandleResult(exc);
        } finally {
            loop.leaveTask(this);
        }
    }

    /** Resumes the body with {@code exc} (or nothing) and handles what it did (asyncio's __step_run_and_handle_result). */
    private void runAndHandleResult(Throwable exc) {
        boolean finished;
        if (!started && exc != null) {
            started = true;
            thrown = exc; // thrown into a body that never started: it ends at once, like coro.throw()
            finished = true;
        } else {
            started = true;
            resumeWith = exc;
            if (exc instanceof CancelledError && numCancelsRequested > 0 && loop.getDebug()) {
                swallowWatch = numCancelsRequested;
                suspensionsSinceCancel = 0;
            }
            finished = body.resume();
            if (swallowWatch > 0) {
                checkSwallowedCancel(finished);
            }
        }
        if (finished) {
            finish();
        } else {
            handleYield();
        }
    }

    /** What asyncio's __step does with the value the coroutine yielded. */
    private void handleYield() {
        if (bareYield) {
            bareYield = false;
            loop.schedule(this, context);
            return;
        }
        Future<?> f = yielded;
        yielded = null;
        if (f.getLoop() != loop) {
            refuse(new IllegalStateException("Task " + this + " got Future " + f + " attached to a different loop"));
        } else if (f == this) {
            refuse(new IllegalStateException("Task cannot await on itself: " + this));
        } else {
            // A future standing for a coroutine that awaits another (waitFor) lets the task wait for that one
            // itself, as asyncio's task would inside the coroutine; it still cancels and delivers through f.
            Future<?> via = f instanceof BaseFuture<?> bf ? bf.awaitedVia() : f;
            via.addDoneCallback(waker, context);
            futWaiter = f;
            awaited = via;
            if (via != f) {
                delivering = f;
            }
            if (mustCancel && f.cancel(cancelMessage)) {
                mustCancel = false;
            }
        }
    }

    private void refuse(Throwable exc) {
        stepException = exc;
        loop.schedule(this, context);
    }

    private void finish() {
        Throwable t = thrown;
        thrown = null;
        loop.tasks().unregister(this); // its PendingTaskReport goes with the slot, never to be enqueued
        if (FlightEvents.taskDoneEnabled()) {
            FlightEvents.taskDone(getName(), t == null ? (mustCancel ? "cancelled" : "result")
                    : t instanceof CancelledError ? "cancelled" : "exception", t instanceof CancelledError ? null : t, createdAt);
        }
        if (t == null) {
            T value = returnValue;
            returnValue = null;
            if (mustCancel) {
                mustCancel = false;
                cancelFuture(cancelMessage);
            } else {
                super.setResult(value);
            }
        } else if (t instanceof CancelledError ce) {
            cancelledExc = ce;
            cancelFuture(null);
        } else {
            super.setException(t);
        }
    }

    /** Only the task's own body decides its outcome, as in asyncio. */
    @Override
    public void setResult(T value) {
        throw new IllegalStateException("Task does not support set_result operation");
    }

    @Override
    public void setException(Throwable exc) {
        throw new IllegalStateException("Task does not support set_exception operation");
    }

    // ------------------------------------------------------------------ awaiting (body side)

    /** Inside the body: {@code Asyncio.await(f)}. */
    <R> R await(Future<R> f) throws Exception {
        if (f == null) {
            throw new IllegalArgumentException("await needs a future, got null");
        }
        if (f instanceof YieldOnce) {
            bareYield = true;
            suspendBody();
            return f.result(); // sleep(0, result) gives its result after the yield
        }
        if (f instanceof BaseFuture<?> bf) {
            bf.beforeAwait();
        }
        if (!f.done()) {
            yielded = f;
            suspendBody(); // throws what the future failed with, or CancelledError
        }
        return f.result();
    }

    private void suspendBody() throws Exception {
        try {
            body.suspend();
        } catch (IllegalStateException pinned) {
            yielded = null;
            bareYield = false;
            throw new IllegalStateException("Asyncio.await() cannot suspend task '" + getName() + "' ("
                    + pinned.getMessage() + "): do not await inside a class initializer or below a native frame", pinned);
        }
        Throwable exc = resumeWith;
        if (exc != null) {
            resumeWith = null;
            throw Sneaky.<Exception>rethrow(exc);
        }
    }

    // ------------------------------------------------------------------ cancellation

    @Override
    public boolean cancel(String msg) {
        if (done()) {
            if (!cancelled()) {
                exception(); // asyncio: cancelling a finished task means its exception is no longer reported
            }
            return false;
        }
        if (swallowWatch > 0 && numCancelsRequested >= swallowWatch) {
            reportSwallowedCancel("is being cancelled again");
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

    /**
     * Debug mode, after a step that threw CancelledError into the body: the body handled it properly if it let it
     * out (the task ends cancelled, or with another exception) or called uncancel(); it swallowed it if it returned
     * normally or went on awaiting. One await after the catch is allowed (cleanup in a finally block, such as
     * closing a transport and awaiting its end, then rethrowing); a second one, or a new cancel(), is reported.
     */
    private void checkSwallowedCancel(boolean finished) {
        if (numCancelsRequested < swallowWatch) {
            swallowWatch = 0; // uncancel(): going on is intended
        } else if (finished) {
            if (thrown == null && !mustCancel) {
                reportSwallowedCancel("finished normally");
            }
            swallowWatch = 0;
        } else if (++suspensionsSinceCancel >= 2) {
            reportSwallowedCancel("went on awaiting");
        }
    }

    private void reportSwallowedCancel(String what) {
        swallowWatch = 0;
        loop.callExceptionHandler(Map.of("message", "Task was cancelled but swallowed the CancelledError and " + what
                + " (cancelling() = " + numCancelsRequested + ", no uncancel()); note that catch (Exception e) around"
                + " Asyncio.await catches CancelledError too: rethrow it, or call uncancel() if going on is intended",
                "task", this));
    }

    // ------------------------------------------------------------------ stack

    /**
     * asyncio's Task.get_stack: where the task is suspended (innermost frame first, the library's own frames left
     * out), the frames of the exception it failed with, or nothing (not started, returned, cancelled). Loop thread
     * only (or while the loop does not run): the continuation engine walks the suspended continuation itself.
     */
    @Override
    public List<StackTraceElement> getStack(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, got " + limit);
        }
        loop.checkThread();
        StackTraceElement[] frames;
        if (done()) {
            Throwable e = cancelled() ? null : peekException();
            return e == null ? List.of() : List.of(e.getStackTrace()).subList(0, Math.min(limit, e.getStackTrace().length));
        } else if (!started) {
            return List.of();
        } else if (loop.currentTask() == this) {
            frames = Thread.currentThread().getStackTrace(); // the task asks about itself while it runs
        } else {
            frames = body.suspendedStack();
        }
        int from = 0;
        while (from < frames.length && isMachinery(frames[from])) {
            from++;
        }
        int to = from;
        String bodyEntry = Waker.class.getName();
        while (to < frames.length && !(frames[to].getClassName().equals(bodyEntry))) {
            to++;
        }
        return List.of(frames).subList(from, limit < to - from ? from + limit : to);
    }

    /** The frames above the body's own code: engine, virtual-thread parking, the await path. */
    private static boolean isMachinery(StackTraceElement f) {
        String c = f.getClassName();
        return c.startsWith("jdk.internal.") || c.startsWith("java.lang.") || c.startsWith("java.util.concurrent.locks.")
                || c.startsWith("org.jasyncio.internal.") || c.equals("org.jasyncio.Asyncio") || c.equals("org.jasyncio.Task");
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
        this.name = String.valueOf(name);
        loop.tasks().renamed(this, this.name);
    }

    /** The name given at creation or by setName, or null while the task has its default one. */
    String givenName() {
        return name;
    }

    /** The n of the default name "Task-n" (0 when a name was given at creation). */
    long number() {
        return number;
    }

    @Override
    public Coroutine<T> getCoro() {
        return coro;
    }

    @Override
    public Context getContext() {
        return context;
    }

    /** The future the task waits for, or null. */
    public Future<?> waitingFor() {
        return futWaiter;
    }

    /** asyncio's order: state, name, coro, wait_for, then result or exception and callbacks. */
    @Override
    public String toString() {
        return Reprs.recursionSafe(this, this::describe);
    }

    private String describe() {
        String state = describeState();
        int space = state.indexOf(' ');
        String word = space < 0 ? state : state.substring(0, space);
        StringBuilder sb = new StringBuilder("<Task ").append(!done() && numCancelsRequested > 0 ? "cancelling" : word);
        sb.append(" name='").append(getName()).append("' coro=").append(coro);
        if (futWaiter != null) {
            sb.append(" wait_for=").append(futWaiter);
        }
        if (space >= 0) {
            sb.append(state, space, state.length());
        }
        return sb.append('>').toString();
    }

    /**
     * The task's private side, one object for three roles: the done callback it registers on the future it awaits
     * (runnable itself, so waking allocates nothing but the handle) and the code its engine body runs.
     */
    final class Waker implements Consumer<Future<?>>, Runnable, CoroutineEngine.BodyCode {
        @Override
        public void accept(Future<?> f) {
            awaited = null;
            wakeup(f);
        }

        @Override
        public void run() {
            Future<?> f = awaited;
            awaited = null;
            wakeup(f);
        }

        @Override
        public void runBody() {
            try {
                returnValue = coro.call();
            } catch (Throwable t) {
                thrown = t;
            }
        }

        @Override
        public void enterBodyThread() {
            SelectorEventLoop.setRunningInBodyThread(loop);
            ContextAccess.get(Context.class).enterForever(context);
        }

        /** What a slow-callback warning or a handle's repr shows for a task's wake-up (asyncio: Task.task_wakeup()). */
        @Override
        public String toString() {
            return "Task.task_wakeup() of " + CoroutineTask.this;
        }
    }
}
