package org.jasyncio.internal.context;

/**
 * The loop's and the engines' way into the public context class's internals without making them public. This
 * package sits under the public one and names none of its types: the context class (the type parameter {@code C})
 * installs its operations here when it initialises, and each caller asks for them by that class, which also
 * initialises it.
 */
public final class ContextAccess {
    private static volatile Operations<?> operations;

    private ContextAccess() {
    }

    /** Called once, by the context class's static initialiser. */
    public static void install(Operations<?> ops) {
        operations = ops;
    }

    /**
     * The operations {@code contextClass} installed, initialising that class first if need be.
     *
     * @throws IllegalStateException when {@code contextClass} installs none
     */
    @SuppressWarnings("unchecked")
    public static <C> Operations<C> get(Class<C> contextClass) {
        Operations<?> ops = operations;
        if (ops == null) {
            try {
                Class.forName(contextClass.getName(), true, contextClass.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ops = operations;
            if (ops == null) {
                throw new IllegalStateException(contextClass.getName() + " installs no context operations");
            }
        }
        return (Operations<C>) ops;
    }

    /** What the context class lets the loop and the engines do; {@code C} is that class. */
    public interface Operations<C> {
        /** A copy of the current context for a callback, or null when it is empty (no allocation then). */
        C captureOrNull();

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
        void runInSnapshot(Object slot, C scratch, ContextMap values, Runnable r);

        /** Runs {@code r} with {@code ctx} entered, in the thread that owns {@code slot}; refuses an entered context. */
        void runIn(Object slot, C ctx, Runnable r);

        /** Makes {@code ctx} current in the calling thread for good (a task body's own thread). */
        void enterForever(C ctx);

        /** The variables of {@code ctx} (for a snapshot of an explicit context). */
        ContextMap valuesOf(C ctx);

        /** A new context holding {@code values} (null: none). */
        C contextOf(ContextMap values);

        /** True while {@code ctx} is entered by some {@code run} or is the calling thread's current context. */
        boolean isActive(C ctx);
    }
}
