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

    /** Formats {@code context} as asyncio does: the message, then "key: value" for every other key, sorted. */
    public static String format(Map<String, Object> context) {
        Object message = context.get("message");
        StringBuilder sb = new StringBuilder(message == null || message.toString().isEmpty()
                ? "Unhandled exception in event loop" : message.toString());
        for (Map.Entry<String, Object> e : new TreeMap<>(context).entrySet()) {
            String key = e.getKey();
            if (key.equals("message") || key.equals("exception")) {
                continue;
            }
            Object value = e.getValue();
            String text = value instanceof StackTraceElement[] stack ? DebugSupport.format(stack) : String.valueOf(value);
            sb.append('\n').append(key).append(": ").append(text);
        }
        return sb.toString();
    }

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
