package org.jasyncio.internal.task;

import java.lang.ref.Cleaner;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.InvalidStateError;
import org.jasyncio.internal.context.ContextAccess;
import org.jasyncio.internal.loop.DebugSupport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * asyncio.Future's state machine: PENDING, then CANCELLED or FINISHED once. Done callbacks are scheduled with the
 * loop when the state changes, each in its own context. The first callback is kept in fields (most futures have
 * exactly one: the task awaiting it), the rest in an array.
 */
public class BaseFuture<T> implements Future<T> {
    static final Cleaner CLEANER = Cleaner.create();
    private static final int PENDING = 0;
    private static final int CANCELLED = 1;
    private static final int FINISHED = 2;
    private static final String[] STATE_NAMES = {"PENDING", "CANCELLED", "FINISHED"};

    final SelectorEventLoop loop;
    private int state;
    private T result;
    private Throwable exception;
    String cancelMessage;
    /** The CancelledError a task's body raised, re-raised as is by result(). */
    CancelledError cancelledExc;

    private Consumer<? super Future<T>> callback0;
    private Context context0;
    private Object[] moreCallbacks; // pairs: callback, context
    private int moreCount;

    /** Set while an exception nobody has retrieved may need reporting when the future is collected. */
    private UnretrievedException unretrieved;
    /** Where the future was made; only recorded in debug mode. */
    private final StackTraceElement[] sourceTraceback;

    public BaseFuture(SelectorEventLoop loop) {
        this.loop = loop;
        this.sourceTraceback = loop.getDebug() ? DebugSupport.callerStack() : null;
    }

    /** Where the future was created (debug mode), or null. */
    public final StackTraceElement[] sourceTraceback() {
        return sourceTraceback;
    }

    @Override
    public final EventLoop getLoop() {
        return loop;
    }

    public final SelectorEventLoop loop() {
        return loop;
    }

    @Override
    public final boolean done() {
        return state != PENDING;
    }

    @Override
    public final boolean cancelled() {
        return state == CANCELLED;
    }

    @Override
    public T result() throws Exception {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Result is not set.");
        }
        markRetrieved();
        if (exception != null) {
            throw Sneaky.<Exception>rethrow(exception);
        }
        return result;
    }

    @Override
    public Throwable exception() {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Exception is not set.");
        }
        markRetrieved();
        return exception;
    }

    /**
     * {@link Future#state()} from the state field alone: unlike the interface's default, which reads
     * {@link #exception()}, it leaves a failure unretrieved, so a future only looked at this way is still reported
     * when collected. Loop thread.
     */
    @Override
    public final java.util.concurrent.Future.State state() {
        return switch (state) {
            case PENDING -> java.util.concurrent.Future.State.RUNNING;
            case CANCELLED -> java.util.concurrent.Future.State.CANCELLED;
            default -> exception != null ? java.util.concurrent.Future.State.FAILED
                    : java.util.concurrent.Future.State.SUCCESS;
        };
    }

    /** The exception this future failed with, or null; unlike {@link #exception()} it marks nothing retrieved. */
    final Throwable peekException() {
        return state == FINISHED ? exception : null;
    }

    /**
     * A task's body is about to await this future, before it looks at {@link #done()}: a future that stands for a
     * coroutine (asCompleted's outcomes) may complete here, so that the await returns without suspending, as
     * awaiting that coroutine does in asyncio when it has nothing to wait for. Nothing by default. Loop's turn.
     */
    void beforeAwait() {
    }

    /**
     * The future a task awaiting this one subscribes its wake-up to: this one, or, for a future that stands for a
     * coroutine awaiting another future (waitFor's {@code await fut} inside {@code async with timeout}), that other
     * future, so the task resumes in the same iteration as asyncio's. Such a future must implement {@link Handoff}:
     * the task first runs the other future's hand-over (if it has one), then this one's {@code taskResumes}, which
     * settles it, and delivers its outcome; the task still cancels this one, not the other. Loop's turn.
     */
    Future<?> awaitedVia() {
        return this;
    }

    /**
     * Whether this future, awaited through {@link #awaitedVia()}, will not take the outcome of the future the task
     * waited for (it was cancelled, or its timeout expired, after that one completed): a waiter handing something
     * over then passes it on, as after the CancelledError asyncio's task gets at that await.
     */
    boolean declinesWhatItAwaits() {
        return false;
    }

    /** What a task awaiting this future is woken with: null, the exception, or a CancelledError. Marks it retrieved. */
    final Throwable outcomeForAwaiter() {
        if (state == CANCELLED) {
            return makeCancelledError();
        }
        markRetrieved();
        return exception;
    }

    final CancelledError makeCancelledError() {
        CancelledError exc = cancelledExc;
        if (exc != null) {
            cancelledExc = null;
            return exc;
        }
        return cancelMessage == null ? new CancelledError() : new CancelledError(cancelMessage);
    }

    private void markRetrieved() {
        UnretrievedException u = unretrieved;
        if (u != null) {
            u.retrieved = true;
            unretrieved = null;
        }
    }

    @Override
    public boolean cancel() {
        return cancel(null);
    }

    @Override
    public boolean cancel(String msg) {
        return cancelFuture(msg);
    }

    /** Future.cancel itself, for subclasses that override {@link #cancel(String)}. */
    protected final boolean cancelFuture(String msg) {
        markRetrieved(); // asyncio: cancelling, even too late, means nobody needs the exception reported
        if (state != PENDING) {
            return false;
        }
        state = CANCELLED;
        cancelMessage = msg;
        scheduleCallbacks();
        return true;
    }

    @Override
    public void setResult(T value) {
        if (state != PENDING) {
            throw new InvalidStateError("invalid state");
        }
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    @Override
    public void setException(Throwable exc) {
        if (state != PENDING) {
            throw new InvalidStateError("invalid state");
        }
        if (exc == null) {
            throw new IllegalArgumentException("exception must not be null");
        }
        exception = exc;
        state = FINISHED;
        scheduleCallbacks();
        boolean task = this instanceof CoroutineTask;
        UnretrievedException u = new UnretrievedException(loop, exc, task
                ? "Task exception was never retrieved" : "Future exception was never retrieved", toString(),
                sourceTraceback, task ? ((CoroutineTask<?>) this).getContext() : null);
        unretrieved = u;
        CLEANER.register(this, u);
    }

    @Override
    public void addDoneCallback(Consumer<? super Future<T>> cb) {
        addDoneCallback(cb, ContextAccess.get(Context.class).captureOrNull());
    }

    @Override
    public void addDoneCallback(Consumer<? super Future<T>> cb, Context ctx) {
        if (cb == null) {
            throw new IllegalArgumentException("callback must not be null");
        }
        if (state != PENDING) {
            loop.schedule(runnableFor(cb), ctx);
            return;
        }
        if (callback0 == null && moreCount == 0) {
            callback0 = cb;
            context0 = ctx;
            return;
        }
        if (moreCallbacks == null) {
            moreCallbacks = new Object[4];
        } else if (moreCount * 2 == moreCallbacks.length) {
            moreCallbacks = java.util.Arrays.copyOf(moreCallbacks, moreCallbacks.length * 2);
        }
        moreCallbacks[moreCount * 2] = cb;
        moreCallbacks[moreCount * 2 + 1] = ctx;
        moreCount++;
    }

    @Override
    public int removeDoneCallback(Consumer<? super Future<T>> cb) {
        int n = pendingCallbackCount();
        if (n == 0 || cb == null) {
            return 0;
        }
        // Work on a snapshot: equals() is user code and may add or remove callbacks meanwhile.
        Object[] callbacks = new Object[n];
        Context[] contexts = new Context[n];
        for (int i = 0; i < n; i++) {
            callbacks[i] = callbackAt(i);
            contexts[i] = contextAt(i);
        }
        int kept = 0;
        for (int i = 0; i < n; i++) {
            if (!cb.equals(callbacks[i])) { // as List.remove: the argument's equals
                callbacks[kept] = callbacks[i];
                contexts[kept] = contexts[i];
                kept++;
            }
        }
        if (kept == n) {
            return 0;
        }
        callback0 = null;
        context0 = null;
        moreCallbacks = kept == 0 ? null : new Object[Math.max(4, kept * 2)];
        for (int i = 0; i < kept; i++) {
            moreCallbacks[i * 2] = callbacks[i];
            moreCallbacks[i * 2 + 1] = contexts[i];
        }
        moreCount = kept;
        return n - kept;
    }

    @SuppressWarnings("unchecked")
    private void scheduleCallbacks() {
        Consumer<? super Future<T>> cb = callback0;
        if (cb != null) {
            callback0 = null;
            loop.schedule(runnableFor(cb), context0);
            context0 = null;
        }
        for (int i = 0; i < moreCount; i++) {
            loop.schedule(runnableFor((Consumer<? super Future<T>>) moreCallbacks[i * 2]), (Context) moreCallbacks[i * 2 + 1]);
        }
        moreCallbacks = null;
        moreCount = 0;
    }

    /** A task's waker is itself runnable: waking a task allocates nothing but the handle. */
    private Runnable runnableFor(Consumer<? super Future<T>> cb) {
        if (cb instanceof CoroutineTask.Waker w) {
            return w;
        }
        return () -> cb.accept(this);
    }

    /** Number of callbacks waiting (asyncio's len(fut._callbacks)), for tests and repr. */
    public final int pendingCallbackCount() {
        return (callback0 != null ? 1 : 0) + moreCount;
    }

    protected String stateName() {
        return STATE_NAMES[state];
    }

    /**
     * asyncio's repr details: the state, then "result=..." or "exception=...", then "cb=[first, <n more>, last]",
     * then "created at File.java:line" in debug mode.
     */
    protected String describeState() {
        StringBuilder sb = new StringBuilder(STATE_NAMES[state].toLowerCase());
        if (state == FINISHED) {
            if (exception != null) {
                sb.append(" exception=").append(exception);
            } else {
                sb.append(" result=").append(Reprs.shortRepr(result));
            }
        }
        int n = pendingCallbackCount();
        if (n > 0) {
            sb.append(" cb=[").append(describeCallback(callbackAt(0)));
            if (n == 2) {
                sb.append(", ").append(describeCallback(callbackAt(1)));
            } else if (n > 2) {
                sb.append(", <").append(n - 2).append(" more>, ").append(describeCallback(callbackAt(n - 1)));
            }
            sb.append(']');
        }
        if (sourceTraceback != null && sourceTraceback.length > 0) {
            sb.append(" created at ").append(DebugSupport.location(sourceTraceback[0]));
        }
        return sb.toString();
    }

    private Object callbackAt(int i) {
        if (callback0 != null) {
            return i == 0 ? callback0 : moreCallbacks[(i - 1) * 2];
        }
        return moreCallbacks[i * 2];
    }

    private Context contextAt(int i) {
        if (callback0 != null) {
            return i == 0 ? context0 : (Context) moreCallbacks[(i - 1) * 2 + 1];
        }
        return (Context) moreCallbacks[i * 2 + 1];
    }

    private static String describeCallback(Object cb) {
        return cb instanceof CoroutineTask.Waker ? "Task.task_wakeup()" : String.valueOf(cb);
    }

    @Override
    public String toString() {
        return Reprs.recursionSafe(this, () -> "<Future " + describeState() + ">");
    }

    /** Reports a never-retrieved exception when its future is collected (asyncio's Future.__del__). */
    static final class UnretrievedException implements Runnable {
        private final SelectorEventLoop loop;
        private final Throwable exception;
        private final String message;
        private final String futureRepr;
        private final StackTraceElement[] sourceTraceback;
        /** A task's context: asyncio runs the handler in it (the report's subject); null for a plain future. */
        private final Context taskContext;
        volatile boolean retrieved;

        UnretrievedException(SelectorEventLoop loop, Throwable exception, String message, String futureRepr,
                StackTraceElement[] sourceTraceback, Context taskContext) {
            this.loop = loop;
            this.exception = exception;
            this.message = message;
            this.futureRepr = futureRepr;
            this.sourceTraceback = sourceTraceback;
            this.taskContext = taskContext;
        }

        @Override
        public void run() {
            if (retrieved) {
                return;
            }
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", message);
            ctx.put("exception", exception);
            ctx.put("future", futureRepr);
            if (sourceTraceback != null) {
                ctx.put("source_traceback", sourceTraceback);
            }
            CollectedReports.deliver(loop, ctx, taskContext);
        }
    }
}
