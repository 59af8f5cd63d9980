package org.jasyncio.internal.loop;

import java.util.Arrays;

/** Debug-mode helpers: where a handle, a future or a task was created. */
public final class DebugSupport {
    private static final StackWalker WALKER = StackWalker.getInstance();

    private DebugSupport() {
    }

    /** The caller's stack without the library's own frames (at most 20 frames). */
    public static StackTraceElement[] callerStack() {
        return WALKER.walk(frames -> frames
                .filter(f -> !f.getClassName().startsWith("org.jasyncio."))
                .limit(20)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    /** A stack formatted as asyncio formats a source traceback: one "at ..." line per frame. */
    public static String format(StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder();
        Arrays.stream(stack).forEach(f -> sb.append("\n    at ").append(f));
        return sb.toString();
    }

    /** True when JASYNCIO_DEBUG=1 or -Djasyncio.debug=true. */
    public static boolean debugRequested() {
        String env = System.getenv("JASYNCIO_DEBUG");
        if (env != null && !env.isEmpty() && !env.equals("0")) {
            return true;
        }
        return Boolean.getBoolean("jasyncio.debug");
    }
}
