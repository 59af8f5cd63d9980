package org.jasyncio.internal.loop;

import java.util.LinkedHashMap;
import java.util.Map;
import org.jasyncio.Context;
import org.jasyncio.Handle;

/**
 * A callback in the ready queue ({@code asyncio.Handle}). It is the only object a {@code callSoon} allocates: the
 * queue holds handles directly, and the context is null when the caller's context was empty.
 */
public class CallbackHandle implements Handle {
    final SelectorEventLoop loop;
    Runnable callback;
    /** The context to run in; null means "a fresh empty context" (the caller had no variables set). */
    final Context context;
    boolean cancelled;
    /** Where the handle was made; only recorded in debug mode. */
    final StackTraceElement[] sourceTraceback;

    CallbackHandle(SelectorEventLoop loop, Runnable callback, Context context) {
        this.loop = loop;
        this.callback = callback;
        this.context = context;
        this.sourceTraceback = loop.debug ? DebugSupport.callerStack() : null;
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            cancelled = true;
            if (!loop.debug) {
                callback = null; // let the callback and what it captured be collected early
            }
        }
    }

    @Override
    public boolean cancelled() {
        return cancelled;
    }

    /** Runs the callback in its context; an exception goes to the loop's exception handler. */
    final void run() {
        try {
            loop.runInContext(context, callback);
        } catch (Throwable t) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Exception in callback " + describeCallback());
            ctx.put("exception", t);
            ctx.put("handle", this);
            if (sourceTraceback != null) {
                ctx.put("source_traceback", sourceTraceback);
            }
            loop.callExceptionHandler(ctx);
        }
    }

    String describeCallback() {
        return String.valueOf(callback);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<").append(getClass() == CallbackHandle.class ? "Handle" : "TimerHandle");
        if (cancelled) {
            sb.append(" cancelled");
        }
        if (this instanceof ScheduledHandle timer) {
            sb.append(" when=").append(timer.when());
        }
        if (callback != null) {
            sb.append(' ').append(describeCallback());
        }
        if (sourceTraceback != null && sourceTraceback.length > 0) {
            sb.append(" created at ").append(sourceTraceback[0]);
        }
        return sb.append('>').toString();
    }
}
