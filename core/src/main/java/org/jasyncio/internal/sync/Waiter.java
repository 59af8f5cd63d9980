package org.jasyncio.internal.sync;

import java.util.function.Consumer;
import org.jasyncio.Context;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;
import org.jasyncio.internal.task.Handoff;
import org.jasyncio.internal.task.Sneaky;

/**
 * The future a blocked operation returns (asyncio's waiter future in a deque): completed by whoever changes the
 * state ({@link #wake}), or cancelled. What asyncio's coroutine does after {@code await fut} (take the lock, take the
 * item, pass a wake-up on when cancelled) is {@link #decide}, run exactly once: in the awaiting task's step just
 * before its body resumes ({@link Handoff}), or, when no task awaits it, in a callback after the future completed,
 * or when someone asks for the result first. The decision may replace the result ({@link #settle}, {@link #fail}):
 * {@link #result()} then reports that.
 */
public abstract class Waiter<T> extends BaseFuture<T> implements Handoff, Runnable {
    private boolean taskAwaits;
    private boolean otherCallbacks;
    private boolean decided;
    private boolean settled;
    private T settledValue;
    private Throwable failure;

    protected Waiter(SelectorEventLoop loop) {
        super(loop);
    }

    /**
     * The bookkeeping after the wait, run once the future is done: {@code cancelled()} tells whether it was
     * cancelled; {@code declined} that it completed but the awaiting task is cancelled anyway (so whatever it was
     * handed must go to the next in line).
     */
    protected abstract void decide(boolean declined);

    /** Completes the wait successfully ({@code fut.set_result(...)} in asyncio); the decision follows. */
    protected final void wake(T value) {
        super.setResult(value);
        if (!taskAwaits) {
            loop().schedule(this, null);
        }
    }

    /** Cancels the wait from our side, keeping the decision to follow. */
    protected final boolean cancelWait(String msg) {
        boolean r = cancelFuture(msg);
        if (r && !taskAwaits) {
            loop().schedule(this, null);
        }
        return r;
    }

    @Override
    public boolean cancel(String msg) {
        return cancelWait(msg);
    }

    /** The result the decision produced, replacing the one the future was completed with. */
    protected final void settle(T value) {
        failure = null;
        settled = true;
        settledValue = value;
    }

    /** The exception the decision produced: {@link #result()} throws it. */
    protected final void fail(Throwable exc) {
        failure = exc;
    }

    /** The exception the decision produced ({@link #fail}), or null. */
    protected final Throwable failure() {
        return failure;
    }

    protected final boolean isDecided() {
        return decided;
    }

    protected final void decideOnce(boolean declined) {
        if (!decided && done()) {
            decided = true;
            decide(declined);
        }
    }

    @Override
    public Future<?> taskResumes(boolean cancelling) {
        decideOnce(cancelling && !cancelled());
        return null;
    }

    /** Whether only a task awaits this future (no other callback was added): it will call {@link #taskResumes}. */
    protected final boolean onlyATaskAwaits() {
        return taskAwaits && !otherCallbacks;
    }

    /** The decision when no task awaits this future: scheduled when it completed. */
    @Override
    public final void run() {
        decideOnce(false);
    }

    @Override
    public void addDoneCallback(Consumer<? super Future<T>> cb, Context ctx) {
        if (Handoff.isTaskWakeup(cb)) {
            taskAwaits = true;
        } else {
            otherCallbacks = true;
        }
        super.addDoneCallback(cb, ctx);
    }

    @Override
    public T result() throws Exception {
        decideOnce(false);
        if (failure != null && !cancelled()) {
            throw Sneaky.<Exception>rethrow(failure);
        }
        T value = super.result();
        return settled ? settledValue : value;
    }

    @Override
    public Throwable exception() {
        decideOnce(false);
        Throwable exc = super.exception();
        return failure != null ? failure : exc;
    }

    @Override
    public void setResult(T value) {
        throw new IllegalStateException(getClass().getSimpleName() + " is completed by its primitive only");
    }

    @Override
    public void setException(Throwable exc) {
        throw new IllegalStateException(getClass().getSimpleName() + " is completed by its primitive only");
    }
}
