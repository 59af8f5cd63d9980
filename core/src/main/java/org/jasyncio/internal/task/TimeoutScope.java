package org.jasyncio.internal.task;

import java.util.concurrent.TimeoutException;
import org.jasyncio.CancelledError;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Handle;
import org.jasyncio.Timeout;
import org.jasyncio.TimeoutBody;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.timeout} / {@code asyncio.timeout_at} (timeouts.py, 3.14): a block run inline in the current task
 * whose deadline cancels that task. At the end of the block the cancellation becomes a TimeoutException, but only when
 * it is this timeout's: the task's {@code cancelling()} count, taken back by one with {@code uncancel()}, must be back
 * at what it was on entry, so an outer timeout, task group or plain cancel keeps its own CancelledError.
 */
public final class TimeoutScope implements Timeout, Runnable {
    private enum State {
        CREATED("created"), ENTERED("active"), EXPIRING("expiring"), EXPIRED("expired"), EXITED("finished");

        final String value;

        State(String value) {
            this.value = value;
        }
    }

    private State state = State.CREATED;
    private double when;
    private Handle timeoutHandler;
    private CoroutineTask<?> task;
    private int cancelling;

    private TimeoutScope(double when) {
        this.when = when;
    }

    /** {@code async with asyncio.timeout(delay) as t: body}; an infinite delay never expires. */
    public static <T> T timeout(double delay, TimeoutBody<T> body) throws Exception {
        if (Double.isNaN(delay)) {
            throw new IllegalArgumentException("Invalid delay: NaN (not a number)");
        }
        SelectorEventLoop loop = runningLoop();
        return run(delay == Double.POSITIVE_INFINITY ? delay : loop.time() + delay, body);
    }

    /** {@code async with asyncio.timeout_at(when) as t: body}, {@code when} in the loop's clock. */
    public static <T> T timeoutAt(double when, TimeoutBody<T> body) throws Exception {
        if (Double.isNaN(when)) {
            throw new IllegalArgumentException("Invalid deadline: NaN (not a number)");
        }
        return run(when, body);
    }

    private static <T> T run(double when, TimeoutBody<T> body) throws Exception {
        if (body == null) {
            throw new IllegalArgumentException("timeout needs a body, got null");
        }
        TimeoutScope t = new TimeoutScope(when);
        t.enter();
        T result;
        try {
            result = body.run(t);
        } catch (Throwable e) {
            t.exit(e);
            throw Sneaky.<Exception>rethrow(e);
        }
        t.exit(null);
        return result;
    }

    private static SelectorEventLoop runningLoop() {
        SelectorEventLoop loop = SelectorEventLoop.running();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    private void enter() {
        if (state != State.CREATED) {
            throw new IllegalStateException("Timeout has already been entered");
        }
        CoroutineTask<?> current = runningLoop().currentTask();
        if (current == null) {
            throw new IllegalStateException("Timeout should be used inside a task");
        }
        state = State.ENTERED;
        task = current;
        cancelling = current.cancelling();
        reschedule(when);
    }

    @Override
    public double when() {
        return when;
    }

    @Override
    public void reschedule(double newWhen) {
        if (state != State.ENTERED) {
            if (state == State.CREATED) {
                throw new IllegalStateException("Timeout has not been entered");
            }
            throw new IllegalStateException("Cannot change state of " + state.value + " Timeout");
        }
        if (Double.isNaN(newWhen)) {
            throw new IllegalArgumentException("Invalid deadline: NaN (not a number)");
        }
        when = newWhen;
        if (timeoutHandler != null) {
            timeoutHandler.cancel();
        }
        if (newWhen == Double.POSITIVE_INFINITY) {
            timeoutHandler = null;
        } else {
            SelectorEventLoop loop = runningLoop();
            timeoutHandler = newWhen <= loop.time() ? loop.callSoon(this) : loop.callAt(newWhen, this);
        }
    }

    @Override
    public boolean expired() {
        return state == State.EXPIRING || state == State.EXPIRED;
    }

    /** The deadline passed (asyncio's {@code _on_timeout}). */
    @Override
    public void run() {
        task.cancel();
        state = State.EXPIRING;
        timeoutHandler = null;
    }

    /** asyncio's {@code __aexit__}: throws the TimeoutException, or returns and the caller goes on with {@code exc}. */
    private void exit(Throwable exc) throws TimeoutException {
        if (timeoutHandler != null) {
            timeoutHandler.cancel();
            timeoutHandler = null;
        }
        if (state == State.EXPIRING) {
            state = State.EXPIRED;
            if (task.uncancel() <= cancelling && exc != null) {
                // No newer cancellation request: the one being handled is ours.
                if (exc instanceof CancelledError) {
                    TimeoutException te = new TimeoutException();
                    te.initCause(exc);
                    throw te;
                }
                insertTimeoutError(exc);
                if (exc instanceof ExceptionGroup eg) {
                    for (Throwable inner : eg.exceptions()) {
                        insertTimeoutError(inner);
                    }
                }
            }
        } else if (state == State.ENTERED) {
            state = State.EXITED;
        }
    }

    /**
     * Another exception replaced our cancellation while it was handled: Python links a TimeoutError into its
     * implicit context chain. Java has no implicit chain, so where the cause chain reaches our CancelledError a
     * TimeoutException (caused by it) is added as suppressed to the exception that holds it.
     */
    private static void insertTimeoutError(Throwable exc) {
        for (Throwable t = exc; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getCause() instanceof CancelledError ce) {
                TimeoutException te = new TimeoutException();
                te.initCause(ce);
                t.addSuppressed(te);
                return;
            }
        }
    }

    /** asyncio's repr: {@code <Timeout [active] when=12.345>}, {@code <Timeout [expired]>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<Timeout [").append(state.value).append(']');
        if (state == State.ENTERED) {
            sb.append(" when=").append(when == Double.POSITIVE_INFINITY ? "None"
                    : String.valueOf(Math.round(when * 1000) / 1000.0));
        }
        return sb.append('>').toString();
    }
}
