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

    public BaseFuture(SelectorEventLoop loop) {
        this.loop = loop;
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

    /** For executor threads: a racy read, only to skip work that nobody waits for any more. */
    public final boolean isCancelledRacy() {
        return state == CANCELLED;
    }

    @Override
    public T result() throws Exception {
        if (state == CANCELLED) {
            throw makeCancelledError();
        }
        if (state != FINISHED) {
            throw new InvalidStateError("Result is not ready.");
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
            throw new InvalidStateError(STATE_NAMES[state] + ": " + this);
        }
        result = value;
        state = FINISHED;
        scheduleCallbacks();
    }

    @Override
    public void setException(Throwable exc) {
        if (state != PENDING) {
            throw new InvalidStateError(STATE_NAMES[state] + ": " + this);
        }
        if (exc == null) {
            throw new IllegalArgumentException("exception must not be null");
        }
        exception = exc;
        state = FINISHED;
        scheduleCallbacks();
        UnretrievedException u = new UnretrievedException(loop, exc, this instanceof CoroutineTask
                ? "Task exception was never retrieved" : "Future exception was never retrieved", toString());
        unretrieved = u;
        CLEANER.register(this, u);
    }

    @Override
    public void addDoneCallback(Consumer<? super Future<T>> cb) {
        addDoneCallback(cb, ContextAccess.get().captureOrNull());
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
        int removed = 0;
        if (callback0 != null && callback0.equals(cb)) {
            callback0 = null;
            context0 = null;
            removed++;
        }
        int kept = 0;
        for (int i = 0; i < moreCount; i++) {
            Object c = moreCallbacks[i * 2];
            if (c.equals(cb)) {
                removed++;
            } else {
                moreCallbacks[kept * 2] = c;
                moreCallbacks[kept * 2 + 1] = moreCallbacks[i * 2 + 1];
                kept++;
            }
        }
        for (int i = kept; i < moreCount; i++) {
            moreCallbacks[i * 2] = null;
            moreCallbacks[i * 2 + 1] = null;
        }
        moreCount = kept;
        return removed;
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

    /** asyncio's repr details: "pending", "finished result=..." and so on. */
    protected String describeState() {
        StringBuilder sb = new StringBuilder(STATE_NAMES[state].toLowerCase());
        if (state == FINISHED) {
            if (exception != null) {
                sb.append(" exception=").append(exception);
            } else {
                sb.append(" result=").append(result);
            }
        }
        int n = pendingCallbackCount();
        if (n > 0) {
            sb.append(" cb=[").append(n).append(n == 1 ? " callback]" : " callbacks]");
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "<Future " + describeState() + ">";
    }

    /** Reports a never-retrieved exception when its future is collected (asyncio's Future.__del__). */
    static final class UnretrievedException implements Runnable {
        private final SelectorEventLoop loop;
        private final Throwable exception;
        private final String message;
        private final String futureRepr;
        volatile boolean retrieved;

        UnretrievedException(SelectorEventLoop loop, Throwable exception, String message, String futureRepr) {
            this.loop = loop;
            this.exception = exception;
            this.message = message;
            this.futureRepr = futureRepr;
        }

        @Override
        public void run() {
            if (retrieved) {
                return;
            }
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", message);
            ctx.put("exception", exception);
            ctx.put(message.startsWith("Task") ? "task" : "future", futureRepr);
            try {
                loop.callSoonThreadsafe(() -> loop.callExceptionHandler(ctx));
            } catch (IllegalStateException closed) {
                loop.callExceptionHandler(ctx);
            }
        }
    }
}
