package org.jasyncio.internal.loop;

import java.security.ProtectionDomain;

/** Debug-mode helpers: where a handle, a future or a task was created, and whether debug mode was asked for. */
public final class DebugSupport {
    /** asyncio's constants.DEBUG_STACK_DEPTH. */
    static final int STACK_DEPTH = 10;
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    /** The library's own classes share this domain: their frames are left out of creation stacks. */
    private static final ProtectionDomain LIBRARY = DebugSupport.class.getProtectionDomain();

    private DebugSupport() {
    }

    /**
     * The caller's stack, innermost frame first, without the library's own frames (at most {@value #STACK_DEPTH}):
     * the first element is the line of user code that created the object.
     */
    public static StackTraceElement[] callerStack() {
        return WALKER.walk(frames -> frames
                .filter(f -> f.getDeclaringClass().getProtectionDomain() != LIBRARY)
                .limit(STACK_DEPTH)
                .map(StackWalker.StackFrame::toStackTraceElement)
                .toArray(StackTraceElement[]::new));
    }

    /** "File.java:123", as asyncio's reprs say "created at file:line". */
    public static String location(StackTraceElement frame) {
        return frame.getFileName() + ":" + frame.getLineNumber();
    }

    /**
     * A creation stack as asyncio's default exception handler formats a traceback: a header, then one line per
     * frame, outermost first ("most recent call last").
     */
    public static String format(String header, StackTraceElement[] stack) {
        StringBuilder sb = new StringBuilder(header).append(" (most recent call last):");
        for (int i = stack.length - 1; i >= 0; i--) {
            sb.append("\n  at ").append(stack[i]);
        }
        return sb.toString();
    }

    /**
     * True when the environment variable JASYNCIO_DEBUG is set to a non-empty value (as asyncio reads
     * PYTHONASYNCIODEBUG) or the system property jasyncio.debug is "true".
     */
    public static boolean debugRequested() {
        String env = System.getenv("JASYNCIO_DEBUG");
        if (env != null && !env.isEmpty()) {
            return true;
        }
        return Boolean.getBoolean("jasyncio.debug");
    }
}
