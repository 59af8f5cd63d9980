package org.jasyncio.internal.loop;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Map;
import java.util.TreeMap;

/** asyncio's default exception handler: one log record built from the context, through {@code System.Logger}. */
public final class ExceptionReporting {
    public static final Logger LOGGER = System.getLogger("org.jasyncio");

    private ExceptionReporting() {
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
