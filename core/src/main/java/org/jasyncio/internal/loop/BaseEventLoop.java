package org.jasyncio.internal.loop;

import java.lang.System.Logger.Level;
import java.lang.ref.Cleaner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Context;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionHandler;
import org.jasyncio.Future;
import org.jasyncio.Handle;
import org.jasyncio.LoopStats;
import org.jasyncio.Task;
import org.jasyncio.TaskFactory;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.context.ContextAccess;
import org.jasyncio.internal.context.ContextMap;
import org.jasyncio.internal.observe.FlightEvents;
import org.jasyncio.internal.task.BaseFuture;
import org.jasyncio.internal.task.CoroutineTask;
import org.jasyncio.internal.task.TaskRegistry;

/**
 * The event loop's core (asyncio's base_events): a ready queue, a timer heap and a poller, run by one thread at a
 * time. {@link #runOnce()} is the whole algorithm (asyncio's {@code _run_once}); everything else here schedules
 * work for it, runs it, or reports its errors. {@link SelectorEventLoop} adds what needs channels: readers and
 * writers, networking, pipes, processes and signals.
 */
public abstract sealed class BaseEventLoop implements EventLoop permits SelectorEventLoop {
    private static final ThreadLocal<SelectorEventLoop> RUNNING = new ThreadLocal<>();
    private static final Cleaner CLEANER = Cleaner.create();
    /** asyncio's MAXIMUM_SELECT_TIMEOUT: never block longer than a day. */
    private static final long MAX_POLL_NANOS = TimeUnit.DAYS.toNanos(1);

    final Poller poller = new NioPoller();
    private final ReadyQueue ready = new ReadyQueue();
    private final TimerHeap timers = new TimerHeap();
    private final Inbox inbox = new Inbox(poller);
    private final IoWait ioWait = new IoWait(this, poller, inbox, ready);
    private final ContextAccess.Operations<Context> contexts = ContextAccess.get(Context.class);
    /** The context every callback scheduled without an explicit one runs in, refilled with its snapshot each time. */
    private final Context scratchContext = new Context();
    private Object contextSlot;
    /** One origin for every loop, so that times of different loops compare as asyncio's time.monotonic() do. */
    private static final long ORIGIN_NANOS = System.nanoTime();
    private long timerSequence;

    // Statistics (see stats()): plain fields, written only by the thread running the loop.
    private long iterations;
    private long callbacksRun;
    /** How late the most recent due timer was found (asyncio users measure lag with a periodic sleep). */
    private long timerLatenessNanos;
    /** The same for the current iteration only (0 when no timer came due), for the loop-lag event. */
    private long iterationLatenessNanos;
    private int liveTransports;

    private volatile Thread thread;
    private boolean stopping;
    private volatile boolean closed;
    /** The thread in {@link #close()}, which stands in for the loop's while it runs the inbox's last handles. */
    private volatile Thread closingThread;
    boolean debug;
    private double slowCallbackDuration = 0.1;
    private ExceptionHandler exceptionHandler;
    private TaskFactory taskFactory;
    private final DefaultExecutor executors = new DefaultExecutor(this);
    /** In debug mode, the handle running now (its creation stack is added to reports made while it runs). */
    private CallbackHandle currentHandle;
    private final CloseHooks closeHooks = new CloseHooks();
    private final UnclosedLoopReport closeState;
    private final Cleaner.Cleanable cleanable;

    /** The task whose body is running now (asyncio's _current_tasks[loop]). */
    private CoroutineTask<?> currentTask;
    private final TaskRegistry tasks = new TaskRegistry();
    private final AsyncGeneratorRegistry asyncgens = new AsyncGeneratorRegistry();


    BaseEventLoop() {
        this.debug = DebugSupport.debugRequested();
        this.closeState = new UnclosedLoopReport(poller, toString());
        this.cleanable = CLEANER.register(this, closeState);
        LoopWatch.created(this);
    }

    /** This loop as the one kind there is (the class is sealed), for the internals typed with it. */
    final SelectorEventLoop self() {
        return (SelectorEventLoop) this;
    }

    // ------------------------------------------------------------------ running

    /** The loop running in the calling thread (or whose task body runs in it), or null. */
    public static SelectorEventLoop running() {
        return RUNNING.get();
    }

    /** The running loop, as {@link #running}, or asyncio's "no running event loop" when there is none. */
    public static SelectorEventLoop requireRunning() {
        SelectorEventLoop loop = RUNNING.get();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /** Portable engine: the body's thread reports the loop as running while it runs a step. */
    public static void setRunningInBodyThread(SelectorEventLoop loop) {
        RUNNING.set(loop);
    }

    @Override
    public void runForever() {
        checkClosed();
        checkNotRunning();
        SelectorEventLoop previous = RUNNING.get();
        thread = Thread.currentThread();
        RUNNING.set(self());
        contextSlot = contexts.currentSlot();
        try {
            while (true) {
                runOnce();
                if (stopping) {
                    break;
                }
            }
        } finally {
            stopping = false;
            thread = null;
            RUNNING.set(previous);
            ioWait.restoreInterrupt();
        }
    }

    /**
     * True when the caller may touch the loop's own structures: it is the running loop's thread, or the thread of a
     * task body running a step for it (portable engine: always a virtual thread, which says so in RUNNING).
     */
    private boolean onLoopThread(Thread running) {
        Thread me = Thread.currentThread();
        if (me == running) {
            return true;
        }
        // a task body on its own virtual thread (portable engine) acts for the loop thread while it runs
        return running != null && me.isVirtual() && RUNNING.get() == this;
    }

    private void checkNotRunning() {
        if (isRunning()) {
            throw new IllegalStateException("This event loop is already running");
        }
        if (RUNNING.get() != null) {
            throw new IllegalStateException("Cannot run the event loop while another loop is running");
        }
    }

    @Override
    public <T> T runUntilComplete(Future<T> future) throws Exception {
        checkClosed();
        checkNotRunning();
        if (future.getLoop() != this) {
            throw new IllegalArgumentException("The future belongs to a different loop than the one specified as the loop argument");
        }
        return runUntilDone(future, false);
    }

    @Override
    public <T> T runUntilComplete(Coroutine<T> coro) throws Exception {
        checkClosed();
        checkNotRunning();
        Task<T> task = createTask(coro);
        if (task instanceof CoroutineTask<T> own) {
            own.doNotReportIfDestroyedPending();
        }
        return runUntilDone(task, true);
    }

    private <T> T runUntilDone(Future<T> future, boolean newTask) throws Exception {
        java.util.function.Consumer<Future<T>> stopWhenDone = f -> stop();
        future.addDoneCallback(stopWhenDone);
        try {
            runForever();
        } catch (Throwable t) {
            if (newTask && future.done() && !future.cancelled()) {
                future.exception(); // the error propagates from here: don't also log it as never retrieved
            }
            throw t;
        } finally {
            future.removeDoneCallback(stopWhenDone);
        }
        if (!future.done()) {
            throw new IllegalStateException("Event loop stopped before Future completed.");
        }
        return future.result();
    }

    @Override
    public void stop() {
        stopping = true;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** The thread running {@code loop} now, or null (also for a null loop). */
    public static Thread runningThreadOf(BaseEventLoop loop) {
        return loop == null ? null : loop.thread;
    }

    @Override
    public boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (isRunning()) {
            throw new IllegalStateException("Cannot close a running event loop");
        }
        if (closed || closingThread != null) {
            return; // closed, or a callback close runs is closing it again
        }
        if (debug) {
            ExceptionReporting.LOGGER.log(Level.DEBUG, "Close " + this);
        }
        closingThread = Thread.currentThread();
        try {
            runThreadsafeLeftovers(inbox.seal());
            closeHooks.runAll(this);
            closed = true;
            ready.clear();
            timers.clear();
        } finally {
            closingThread = null;
        }
        executors.close();
        closeState.closed = true;
        cleanable.clean();
    }

    /**
     * The close handshake's second half. The inbox is sealed: from now on a call from another thread fails with
     * "Event loop is closed". These are the handles it held; each callSoonThreadsafe among them was accepted, so it
     * runs now, on the closing thread standing in for the loop's, as if the loop had taken it in its last iteration:
     * what it schedules joins the pending callbacks that close then drops (as asyncio drops them), and what it
     * starts is told about the close by the close hooks, which run after it. Plain callSoon handles are dropped.
     */
    private void runThreadsafeLeftovers(List<CallbackHandle> left) {
        SelectorEventLoop previous = RUNNING.get();
        RUNNING.set(self());
        contextSlot = contexts.currentSlot();
        try {
            for (CallbackHandle h : left) {
                if (h instanceof ThreadsafeHandle && !h.cancelled) {
                    h.run();
                }
            }
        } finally {
            RUNNING.set(previous);
        }
    }

    /** Internal: run {@code hook} when the loop closes (before the poller goes). Any thread. */
    public void onClose(Runnable hook) {
        closeHooks.add(hook);
    }

    /** Internal: forget a hook given to {@link #onClose} (one that is no longer needed). Any thread. */
    public void removeCloseHook(Runnable hook) {
        closeHooks.remove(hook);
    }

    protected final void checkClosed() {
        if (closed) {
            throw new IllegalStateException("Event loop is closed");
        }
    }

    /** In debug mode, refuses calls from a thread other than the loop's (or its running task body's). */
    public void checkThread() {
        Thread t = thread;
        if (t == null) {
            return;
        }
        if (!onLoopThread(t)) {
            throw new IllegalStateException("Non-thread-safe operation invoked on an event loop other than the current one");
        }
    }

    /**
     * One iteration: drop cancelled timers, poll for I/O (waiting only if nothing is ready), move due timers to the
     * ready queue, then run exactly the callbacks that were ready at that point.
     */
    void runOnce() {
        iterations++;
        timers.purgeCancelled();
        inbox.drainTo(ready);
        pollForIo();
        moveDueTimers();
        runReady();
    }

    /** How long this iteration may wait for I/O (asyncio's timeout in _run_once); {@link IoWait} does the waiting. */
    private void pollForIo() {
        long timeout;
        if (!ready.isEmpty() || stopping) {
            // Nothing to wait for. Skip the syscall unless I/O has waited long enough (see IoWait.POLL_EVERY_*).
            if (ioWait.maySkipPoll()) {
                return;
            }
            timeout = 0;
        } else {
            ScheduledHandle next = timers.peek();
            if (next == null) {
                timeout = -1;
            } else {
                timeout = Math.min(MAX_POLL_NANOS, Math.max(0, (long) ((next.when - time()) * 1e9)));
            }
        }
        ioWait.poll(timeout);
    }

    private void moveDueTimers() {
        iterationLatenessNanos = 0;
        if (timers.size() == 0) {
            return;
        }
        double now = time();
        double endTime = now + 1e-9;
        ScheduledHandle h = timers.peek();
        if (h == null || h.when >= endTime) {
            return;
        }
        // the first due timer is the most overdue one
        long late = Math.max(0, (long) ((now - h.when) * 1e9));
        timerLatenessNanos = late;
        iterationLatenessNanos = late;
        while ((h = timers.peek()) != null && h.when < endTime) {
            timers.pop();
            ready.add(h);
        }
    }

    private void runReady() {
        int ntodo = ready.size();
        if (debug || FlightEvents.loopEventsEnabled()) {
            runReadyObserved(ntodo);
            return;
        }
        int ran = 0;
        for (int i = 0; i < ntodo; i++) {
            CallbackHandle h = ready.poll();
            if (h.cancelled) {
                continue;
            }
            h.run();
            ran++;
        }
        callbacksRun += ran;
    }

    /** runReady when debug mode or a Flight Recorder recording wants callbacks and iterations timed. */
    private void runReadyObserved(int ntodo) {
        Object iteration = FlightEvents.beginIteration();
        int ran = 0;
        for (int i = 0; i < ntodo; i++) {
            CallbackHandle h = ready.poll();
            if (h.cancelled) {
                continue;
            }
            Object callback = FlightEvents.beginCallback();
            if (debug) {
                runTimed(h);
            } else {
                h.run();
            }
            if (FlightEvents.endCallback(callback)) {
                FlightEvents.slowCallback(callback, h.describeForWarning());
            }
            ran++;
        }
        callbacksRun += ran;
        FlightEvents.endIteration(iteration, ran, iterationLatenessNanos);
    }

    private void runTimed(CallbackHandle h) {
        currentHandle = h;
        try {
            long t0 = System.nanoTime();
            h.run();
            double dt = (System.nanoTime() - t0) / 1e9;
            if (dt >= slowCallbackDuration) {
                ExceptionReporting.LOGGER.log(Level.WARNING,
                        String.format("Executing %s took %.3f seconds", h.describeForWarning(), dt));
            }
        } finally {
            currentHandle = null;
        }
    }

    /** Runs {@code cb} in an explicit Context, or in the reused scratch context holding a snapshot (or nothing). */
    void runInContext(Object ctx, Runnable cb) {
        if (ctx instanceof Context c) {
            contexts.runIn(contextSlot, c, cb);
        } else {
            contexts.runInSnapshot(contextSlot, scratchContext, (ContextMap) ctx, cb);
        }
    }

    /**
     * Puts a handle in line to run: straight into the ready queue from the running loop's thread (or the closing
     * one), else through the inbox. Before the loop runs every call takes the inbox, so callSoon and
     * callSoonThreadsafe from any threads keep one order per caller; a callSoon from a foreign thread (a bug asyncio
     * tolerates) cannot corrupt the ready queue either.
     */
    private void enqueue(CallbackHandle h) {
        if (onLoopThread(thread) || Thread.currentThread() == closingThread) {
            ready.add(h);
        } else {
            inbox.add(h);
        }
    }

    // ------------------------------------------------------------------ scheduling

    @Override
    public Handle callSoon(Runnable cb) {
        return soon(cb, contexts.snapshotOrNull());
    }

    @Override
    public Handle callSoon(Runnable cb, Context ctx) {
        return soon(cb, ctx != null ? ctx : contexts.snapshotOrNull());
    }

    /** callSoon with the context resolved: an explicit Context, a snapshot of the caller's, or null. */
    private Handle soon(Runnable cb, Object ctx) {
        checkClosed();
        if (debug) {
            checkThread();
        }
        checkCallback(cb, "call_soon");
        CallbackHandle h = new CallbackHandle(this, cb, ctx);
        enqueue(h);
        return h;
    }

    /** Internal fast path for futures and tasks: callSoon without the callback check; the context is given. */
    public void schedule(Runnable cb, Context ctx) {
        checkClosed();
        if (debug) {
            checkThread();
        }
        enqueue(new CallbackHandle(this, cb, ctx));
    }

    @Override
    public Handle callSoonThreadsafe(Runnable cb) {
        return soonThreadsafe(cb, contexts.snapshotOrNull());
    }

    @Override
    public Handle callSoonThreadsafe(Runnable cb, Context ctx) {
        return soonThreadsafe(cb, ctx != null ? ctx : contexts.snapshotOrNull());
    }

    /**
     * From another thread the handle goes through the inbox, whose close handshake makes sure it either runs (by the
     * loop, or by close) or this call fails with "Event loop is closed": never accepted and then lost.
     */
    private Handle soonThreadsafe(Runnable cb, Object ctx) {
        checkClosed();
        checkCallback(cb, "call_soon_threadsafe");
        CallbackHandle h = new ThreadsafeHandle(this, cb, ctx);
        enqueue(h);
        return h;
    }

    @Override
    public TimerHandle callLater(double delay, Runnable cb) {
        return callLater(delay, cb, null);
    }

    @Override
    public TimerHandle callLater(double delay, Runnable cb, Context ctx) {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("delay must not be NaN");
        }
        return at(time() + delay, cb, ctx != null ? ctx : contexts.snapshotOrNull());
    }

    @Override
    public TimerHandle callAt(double when, Runnable cb) {
        return callAt(when, cb, null);
    }

    @Override
    public TimerHandle callAt(double when, Runnable cb, Context ctx) {
        return at(when, cb, ctx != null ? ctx : contexts.snapshotOrNull());
    }

    private TimerHandle at(double when, Runnable cb, Object ctx) {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("when must not be NaN");
        }
        checkClosed();
        if (debug) {
            checkThread();
        }
        checkCallback(cb, "call_at");
        ScheduledHandle h = new ScheduledHandle(this, when, timerSequence++, cb, ctx);
        timers.push(h);
        return h;
    }

    protected static void checkCallback(Runnable cb, String method) {
        if (cb == null) {
            throw new IllegalArgumentException("a callable object was expected by " + method + "(), got null");
        }
    }

    void timerCancelled(ScheduledHandle h) {
        if (h.scheduled) {
            timers.noteCancelled();
        }
    }

    @Override
    public double time() {
        return (System.nanoTime() - ORIGIN_NANOS) / 1e9;
    }

    /** How many times other threads woke the poller (for tests of the wake-up rule). */
    public long wakeupCount() {
        return inbox.wakeups();
    }

    /** How many times the loop announced it may block in its poll (for tests of the wake-up rule); loop thread only. */
    public long blockAnnouncementCount() {
        return inbox.announcements();
    }

    /** Number of cancelled timers still in the heap (asyncio's _timer_cancelled_count; for tests of the purge rule). */
    public int cancelledTimerCount() {
        return timers.cancelledCount();
    }

    /** Number of timers in the heap, cancelled ones included (for tests of the purge rule). */
    public int scheduledTimerCount() {
        return timers.size();
    }

    /** Internal: a transport of this loop opened (+1) or closed (-1), for {@link #stats()}; loop thread only. */
    public void countTransport(int delta) {
        liveTransports += delta;
    }

    @Override
    public LoopStats stats() {
        BusyPoll busyPoll = ioWait.busyPoll();
        return new LoopStats(iterations, callbacksRun, ioWait.ioEvents(),
                java.time.Duration.ofNanos(ioWait.blockedNanos()), ready.size(),
                timers.size() - timers.cancelledCount(), java.time.Duration.ofNanos(timerLatenessNanos),
                tasks.liveCount(), liveTransports, busyPoll.hits(), java.time.Duration.ofNanos(busyPoll.spentNanos()));
    }

    // ------------------------------------------------------------------ debugging

    @Override
    public void setDebug(boolean on) {
        debug = on;
    }

    @Override
    public boolean getDebug() {
        return debug;
    }

    @Override
    public double getSlowCallbackDuration() {
        return slowCallbackDuration;
    }

    @Override
    public void setSlowCallbackDuration(double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("slow callback duration must be a non-negative number, got " + seconds);
        }
        slowCallbackDuration = seconds;
    }

    // ------------------------------------------------------------------ executors

    @Override
    public <T> Future<T> runInExecutor(Executor executor, Callable<T> fn) {
        checkClosed();
        return executors.run(executor, fn);
    }

    @Override
    public void setDefaultExecutor(ExecutorService executor) {
        executors.set(executor);
    }

    @Override
    public Future<Void> shutdownDefaultExecutor() {
        return executors.shutdown();
    }

    @Override
    public Future<Void> shutdownDefaultExecutor(double timeout) {
        return executors.shutdown(timeout);
    }

    // ------------------------------------------------------------------ futures and tasks

    @Override
    public <T> Future<T> createFuture() {
        return new BaseFuture<>(self());
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro) {
        return createTask(coro, null, null);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return createTask(coro, name, null);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context ctx) {
        checkClosed();
        if (coro == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        if (taskFactory == null) {
            return CoroutineTask.create(this, coro, ctx, name);
        }
        return taskFactory.createTask(this, coro, name, ctx == null ? Context.copyCurrent() : ctx);
    }

    @Override
    public <T> Task<T> createTask(Coroutine<T> coro, String name, Context ctx, boolean eagerStart) {
        checkClosed();
        if (coro == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        if (taskFactory == null) {
            return Task.create(this, coro, name, ctx, eagerStart);
        }
        return taskFactory.createTask(this, coro, name, ctx == null ? Context.copyCurrent() : ctx, eagerStart);
    }

    @Override
    public void setTaskFactory(TaskFactory factory) {
        taskFactory = factory;
    }

    @Override
    public TaskFactory getTaskFactory() {
        return taskFactory;
    }

    public CoroutineTask<?> currentTask() {
        return currentTask;
    }

    public void enterTask(CoroutineTask<?> task) {
        if (currentTask != null) {
            throw new IllegalStateException("Cannot enter into task " + task + " while another task " + currentTask
                    + " is being executed.");
        }
        currentTask = task;
    }

    /** Makes {@code task} (null: none) the current task and returns the one before (asyncio's _swap_current_task). */
    public CoroutineTask<?> swapCurrentTask(CoroutineTask<?> task) {
        CoroutineTask<?> previous = currentTask;
        currentTask = task;
        return previous;
    }

    public void leaveTask(CoroutineTask<?> task) {
        if (currentTask != task) {
            throw new IllegalStateException("Leaving task " + task + " does not match the current task " + currentTask + ".");
        }
        currentTask = null;
    }

    public TaskRegistry tasks() {
        return tasks;
    }

    public AsyncGeneratorRegistry asyncgens() {
        return asyncgens;
    }

    @Override
    public Future<Void> shutdownAsyncgens() {
        return asyncgens.shutdown(self());
    }

    // ------------------------------------------------------------------ error handling

    @Override
    public void callExceptionHandler(Map<String, Object> context) {
        callExceptionHandler(context, null);
    }

    /**
     * Reports {@code exc} as escaping from {@code callback} run by a handle, as asyncio's {@code Handle._run} does for
     * a reader or writer callback: here the poller ran the callback inline, so a handle naming it is made only now.
     * The message is "Exception in callback " and the callback's {@code toString()}; the keys are exception and
     * handle. Loop thread only.
     *
     * @param callback what the handle ran; its {@code toString()} names it (asyncio: {@code Type._read_ready()})
     * @param exc what escaped from it
     */
    public void reportCallbackException(Runnable callback, Throwable exc) {
        new CallbackHandle(this, callback, null).report(callback, exc, null);
    }

    /** As {@link #callExceptionHandler(Map)}, a custom handler running in {@code runIn} when it is not null. */
    void callExceptionHandler(Map<String, Object> context, Context runIn) {
        LoopWatch.reported(this, context);
        ExceptionReporting.dispatch(this, exceptionHandler, context, runIn);
    }

    /**
     * The variables the last callback run from a snapshot left behind, as a new Context: what a callback that just
     * failed had set (asyncio's handle context, which the callback ran in and changed).
     */
    Context afterSnapshotRun() {
        return contexts.contextOf(contexts.valuesOf(scratchContext));
    }

    @Override
    public void setExceptionHandler(ExceptionHandler handler) {
        exceptionHandler = handler;
    }

    @Override
    public ExceptionHandler getExceptionHandler() {
        return exceptionHandler;
    }

    @Override
    public void defaultExceptionHandler(Map<String, Object> context) {
        CallbackHandle running = currentHandle;
        if (running != null && running.sourceTraceback() != null && !context.containsKey("source_traceback")) {
            Map<String, Object> withHandle = new LinkedHashMap<>(context);
            withHandle.put("handle_traceback", running.sourceTraceback());
            context = withHandle;
        }
        ExceptionReporting.logDefault(context);
    }

    /** Every loop is a SelectorEventLoop (the only subclass permitted); its concrete class is an internal detail. */
    @Override
    public String toString() {
        return "<SelectorEventLoop running=" + isRunning() + " closed=" + closed + " debug=" + debug + ">";
    }
}
