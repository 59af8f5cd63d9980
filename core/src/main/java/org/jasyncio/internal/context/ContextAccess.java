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

        /** The calling thread's slot holding its current context; cache it on a thread that switches often. */
        Object currentSlot();

        /** Runs {@code r} in {@code scratch} emptied first: a fresh, empty context reused for each callback. */
        void runInFresh(Object slot, Context scratch, Runnable r);

        /** Runs {@code r} with {@code ctx} current in the thread that owns {@code slot}. */
        void runIn(Object slot, Context ctx, Runnable r);

        /** Makes {@code ctx} current in the calling thread for good (a task body's own thread). */
        void enterForever(Context ctx);
    }
}
