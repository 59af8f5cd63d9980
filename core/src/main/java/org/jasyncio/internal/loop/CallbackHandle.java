package org.jasyncio.internal.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jasyncio.Context;
import org.jasyncio.Handle;
import org.jasyncio.internal.context.ContextAccess;
import org.jasyncio.internal.context.ContextMap;

/**
 * A callback in the ready queue ({@code asyncio.Handle}). It is the only object a {@code callSoon} allocates: the
 * queue holds handles directly, and the captured context is the caller's immutable variable map (or null when it had
 * none), which the loop lends to one reused Context while the callback runs.
 */
public class CallbackHandle implements Handle {
    final BaseEventLoop loop;
    /** The callback; null once cancelled (so what it captured can be collected early). */
    Runnable callback;
    /**
     * An explicit {@link Context} to enter, a {@link ContextMap} snapshot to run a copy of, or null: none. A snapshot
     * becomes a Context of its own once {@link #getContext()} hands one out (loop thread only, as the run).
     */
    private Object context;
    boolean cancelled;
    /** Only in debug mode (one field, so a handle stays at 32 bytes). */
    private final DebugRecord debugRecord;

    CallbackHandle(BaseEventLoop loop, Runnable callback, Object context) {
        this.loop = loop;
        this.callback = callback;
        this.context = context;
        this.debugRecord = loop.debug ? new DebugRecord(DebugSupport.callerStack()) : null;
    }

    /** Where the handle was made (innermost frame first), or null outside debug mode. */
    final StackTraceElement[] sourceTraceback() {
        return debugRecord == null ? null : debugRecord.createdAt;
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            if (debugRecord != null) {
                debugRecord.cancelledRepr = toString();
            }
            callback = null;
        }
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    /**
     * The context the callback runs in ({@code Handle.get_context()}): the explicit one, else a copy of the variables
     * captured when it was scheduled, made once and kept, so the callback runs in the very context handed out.
     */
    @Override
    public Context getContext() {
        if (context instanceof Context c) {
            return c;
        }
        Context made = ContextAccess.get(Context.class).contextOf((ContextMap) context);
        context = made;
        return made;
    }

    /** Runs the callback in its context; an exception goes to the loop's exception handler. */
    final void run() {
        Runnable cb = callback;
        if (cb == null) {
            return; // cancelled from another thread after the loop checked
        }
        try {
            loop.runInContext(context, cb);
        } catch (Throwable t) {
            // A custom handler runs in the context the callback ran in, with what it set (asyncio's
            // Handle.get_context()); a snapshot's run left those values in the loop's scratch context.
            report(cb, t, context instanceof Context ? null : loop.afterSnapshotRun());
        }
    }

    /** asyncio's Handle._run report: "Exception in callback ...", the exception, this handle (and where it was made). */
    final void report(Runnable cb, Throwable t, Context runIn) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", "Exception in callback " + describeCallback(cb));
        ctx.put("exception", t);
        ctx.put("handle", this);
        if (debugRecord != null) {
            ctx.put("source_traceback", debugRecord.createdAt);
        }
        loop.callExceptionHandler(ctx, runIn);
    }

    private static String describeCallback(Runnable cb) {
        return String.valueOf(cb);
    }

    /** What the slow-callback warning names: the task a step belongs to, else the handle (asyncio's _format_handle). */
    String describeForWarning() {
        Runnable cb = callback;
        return cb instanceof org.jasyncio.Task<?> task ? task.toString() : toString();
    }

    @Override
    public String toString() {
        if (debugRecord != null && debugRecord.cancelledRepr != null) {
            return debugRecord.cancelledRepr;
        }
        StringBuilder sb = new StringBuilder("<").append(this instanceof ScheduledHandle ? "TimerHandle" : "Handle");
        if (cancelled) {
            sb.append(" cancelled");
        }
        if (this instanceof ScheduledHandle timer) {
            sb.append(" when=").append(timer.when());
        }
        Runnable cb = callback;
        if (cb != null) {
            sb.append(' ').append(describeCallback(cb));
        }
        if (debugRecord != null && debugRecord.createdAt.length > 0) {
            sb.append(" created at ").append(DebugSupport.location(debugRecord.createdAt[0]));
        }
        return sb.append('>').toString();
    }

    /** What debug mode records about a handle: where it was made, and its description once cancelled. */
    private static final class DebugRecord {
        final StackTraceElement[] createdAt;
        String cancelledRepr;

        DebugRecord(StackTraceElement[] createdAt) {
            this.createdAt = createdAt;
        }
    }
}
