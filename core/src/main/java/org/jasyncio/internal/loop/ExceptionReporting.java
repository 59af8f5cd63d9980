package org.jasyncio.internal.loop;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.jasyncio.Context;
import org.jasyncio.ExceptionHandler;
import org.jasyncio.internal.context.ContextAccess;
import org.jasyncio.internal.task.CoroutineTask;

/**
 * asyncio's call_exception_handler and default exception handler: the custom handler runs in the context of the
 * report's subject and may fail without consequence; the default one writes one log record through System.Logger.
 */
public final class ExceptionReporting {
    public static final Logger LOGGER = System.getLogger("org.jasyncio");

    private ExceptionReporting() {
    }

    /** {@code loop.callExceptionHandler(context)} with {@code handler} (null: the default one). Never throws. */
    static void dispatch(BaseEventLoop loop, ExceptionHandler handler, Map<String, Object> context, Context runIn) {
        if (handler == null) {
            try {
                loop.defaultExceptionHandler(context);
            } catch (Throwable t) {
                LOGGER.log(Level.ERROR, "Exception in default exception handler", t);
            }
            return;
        }
        try {
            Context ctx = runIn != null ? runIn : contextOfSubject(context);
            if (ctx != null && !ContextAccess.get(Context.class).isActive(ctx)) {
                ctx.run(() -> handler.handle(loop, context));
            } else {
                handler.handle(loop, context);
            }
        } catch (Throwable t) {
            try {
                Map<String, Object> report = new LinkedHashMap<>();
                report.put("message", "Unhandled error in exception handler");
                report.put("exception", t);
                report.put("context", context);
                loop.defaultExceptionHandler(report);
            } catch (Throwable again) {
                LOGGER.log(Level.ERROR, "Exception in default exception handler while handling an "
                        + "unexpected error in custom exception handler", again);
            }
        }
    }

    /** The context of the task, future or handle a report is about: a custom handler runs in it, as in asyncio. */
    private static Context contextOfSubject(Map<String, Object> context) {
        Object thing = context.get("task");
        if (thing == null) {
            thing = context.get("future");
        }
        if (thing == null) {
            thing = context.get("handle");
        }
        if (thing instanceof CoroutineTask<?> task) {
            return task.getContext();
        }
        if (thing instanceof CallbackHandle handle) {
            return handle.getContext();
        }
        return null;
    }

    /**
     * Formats {@code context} as asyncio does: the message (or "Unhandled exception in event loop"), then
     * "key: value" for every other key but "exception", sorted by key; creation stacks get asyncio's headers.
     */
    public static String format(Map<String, Object> context) {
        Object message = context.get("message");
        StringBuilder sb = new StringBuilder(message == null || message.toString().isEmpty()
                ? "Unhandled exception in event loop" : message.toString());
        for (Map.Entry<String, Object> e : new TreeMap<>(context).entrySet()) {
            String key = e.getKey();
            if (key.equals("message") || key.equals("exception")) {
                continue;
            }
            sb.append('\n').append(key).append(": ").append(describe(key, e.getValue()));
        }
        return sb.toString();
    }

    private static String describe(String key, Object value) {
        if (value instanceof StackTraceElement[] stack) {
            return DebugSupport.format(key.equals("handle_traceback") ? "Handle created at" : "Object created at", stack);
        }
        return String.valueOf(value);
    }

    /** Logs {@code context} at ERROR with its exception, if any, attached. */
    public static void logDefault(Map<String, Object> context) {
        Object exc = context.get("exception");
        String text = format(context);
        if (exc instanceof Throwable t) {
            LOGGER.log(Level.ERROR, text, t);
        } else {
            LOGGER.log(Level.ERROR, text);
        }
    }
}
