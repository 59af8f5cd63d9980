package org.jasyncio.internal.context;

import org.jasyncio.Context;

/**
 * The loop's and the engines' way into {@link Context} internals without making them public: Context installs its
 * operations here when its class initialises.
 */
public final class ContextAccess {
    private static volatile Operations operations;

    private ContextAccess() {
    }

    /** Called once, by Context's static initialiser. */
    public static void install(Operations ops) {
        operations = ops;
    }

    public static Operations get() {
        Operations ops = operations;
        if (ops == null) {
            new Context(); // initialises the class, which installs its operations
            ops = operations;
        }
        return ops;
    }

    public interface Operations {
        /** A copy of the current context for a callback, or null when it is empty (no allocation then). */
        Context captureOrNull();

        /**
         * The current context's variables, or null when there are none. The map is immutable, so holding it is a
         * copy of the context that costs nothing: {@code callSoon} keeps it instead of a new Context.
         */
        ContextMap snapshotOrNull();

        /** The calling thread's slot holding its current context; cache it on a thread that switches often. */
        Object currentSlot();

        /**
         * Runs {@code r} in {@code scratch} holding {@code values} (null: none), in the thread that owns {@code slot}:
         * a fresh copy of a captured context, made by reusing one Context object per loop.
         */
        void runInSnapshot(Object slot, Context scratch, ContextMap values, Runnable r);

        /** Runs {@code r} with {@code ctx} entered, in the thread that owns {@code slot}; refuses an entered context. */
        void runIn(Object slot, Context ctx, Runnable r);

        /** Makes {@code ctx} current in the calling thread for good (a task body's own thread). */
        void enterForever(Context ctx);

        /** The variables of {@code ctx} (for a snapshot of an explicit context). */
        ContextMap valuesOf(Context ctx);

        /** A new context holding {@code values} (null: none). */
        Context contextOf(ContextMap values);

        /** True while {@code ctx} is entered by some {@code run} or is the calling thread's current context. */
        boolean isActive(Context ctx);
    }
}
