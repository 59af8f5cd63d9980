package org.jasyncio;

import java.util.Map;
import org.jasyncio.internal.context.ContextAccess;
import org.jasyncio.internal.context.ContextMap;

/**
 * A set of {@link ContextVar} values ({@code asyncio: contextvars.Context}). Every callback and every task runs in
 * one: a callback in a copy of the context current when it was scheduled, a task in the copy made when it was
 * created. Setting a variable inside changes only that context. A context can be entered by one {@link #run} at a
 * time.
 *
 * <!-- sample: statements runs
 *      given: EventLoop loop
 *      prints: r-42 -->
 * <pre>{@code
 * ContextVar<String> requestId = new ContextVar<>("request_id");
 * Context ctx = Context.copyCurrent();
 * ctx.run(() -> requestId.set("r-42"));
 * loop.callSoon(() -> System.out.println(requestId.get()), ctx);   // prints r-42
 * }</pre>
 *
 * <p>Not thread-safe: a context belongs to the thread that runs in it (the loop thread, for a loop's callbacks and
 * tasks).
 */
public final class Context {
    /** The context each thread currently runs in; a field write switches it, so the loop never touches the ThreadLocal per callback. */
    static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(Slot::new);

    static {
        ContextAccess.install(new Access());
    }

    ContextMap values;
    /** True while a {@link #run} (or the loop running a callback in it) has this context entered. */
    private boolean entered;

    Context(ContextMap values) {
        this.values = values;
    }

    /** A new, empty context. asyncio: {@code contextvars.Context()}. */
    public Context() {
        this(ContextMap.EMPTY);
    }

    /**
     * A shallow copy of the calling thread's current context. asyncio: {@code contextvars.copy_context()}.
     *
     * @return a new context with the same values
     */
    public static Context copyCurrent() {
        return new Context(SLOT.get().current.values);
    }

    /**
     * A shallow copy of this context. asyncio: {@code Context.copy()}.
     *
     * @return a new context with the same values
     */
    public Context copy() {
        return new Context(values);
    }

    /**
     * Runs {@code r} with this context current, then restores the previous one. Variables set by {@code r} stay set
     * in this context. asyncio: {@code Context.run}.
     *
     * @param r what to run
     * @throws IllegalStateException "cannot enter context: ... is already entered" when this context is entered
     */
    public void run(Runnable r) {
        enterAndRun(SLOT.get(), this, r);
    }

    private static void enterAndRun(Slot slot, Context ctx, Runnable r) {
        if (ctx.entered) {
            throw new IllegalStateException("cannot enter context: " + ctx + " is already entered");
        }
        Context previous = slot.current;
        ctx.entered = true;
        slot.current = ctx;
        try {
            r.run();
        } finally {
            slot.current = previous;
            ctx.entered = false;
        }
    }

    /**
     * The value of {@code var} in this context. asyncio: {@code context[var]} (but null instead of KeyError).
     *
     * @param <T> the variable's type
     * @param var the variable
     * @return its value here, or null when it has none here
     */
    public <T> T get(ContextVar<T> var) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(var);
        return value;
    }

    /**
     * The value of {@code var} in this context, or a fallback. asyncio: {@code Context.get(var, default)}.
     *
     * @param <T> the variable's type
     * @param var the variable
     * @param fallback what to return when it has no value here
     * @return its value here, or {@code fallback}
     */
    public <T> T get(ContextVar<T> var, T fallback) {
        @SuppressWarnings("unchecked")
        T value = values.containsKey(var) ? (T) values.get(var) : fallback;
        return value;
    }

    /**
     * Whether {@code var} has a value in this context. asyncio: {@code var in context}.
     *
     * @param var the variable
     * @return true when it was set here (or in the context this one was copied from)
     */
    public boolean containsKey(ContextVar<?> var) {
        return values.containsKey(var);
    }

    /**
     * The variables set in this context and their values. asyncio: {@code dict(context)}.
     *
     * @return an unmodifiable snapshot
     */
    public Map<ContextVar<?>, Object> asMap() {
        return values.asMap();
    }

    /**
     * How many variables have a value here. asyncio: {@code len(context)}.
     *
     * @return the number of variables set
     */
    public int size() {
        return values.size();
    }

    /** Contexts are equal when they hold the same variables with equal values (a contextvars.Context is a Mapping). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Context other && values.equals(other.values);
    }

    /**
     * Consistent with {@link #equals}: contexts holding the same variables and values are equal. Loop-only.
     *
     * @return the hash of the variables and values
     */
    @Override
    public int hashCode() {
        return values.hashCode();
    }

    /**
     * The variables and their values (asyncio's {@code Context} repr). Loop-only, as reading the context is.
     *
     * @return {@code <Context {var=value, ...}>}
     */
    @Override
    public String toString() {
        return "<Context " + values.asMap() + ">";
    }

    /** Per-thread holder of the current context. */
    static final class Slot {
        Context current = new Context();
    }

    /** What the loop and the task engines may do with contexts; handed to them through {@link ContextAccess}. */
    private static final class Access implements ContextAccess.Operations<Context> {
        @Override
        public Context captureOrNull() {
            ContextMap values = SLOT.get().current.values;
            return values.isEmpty() ? null : new Context(values);
        }

        @Override
        public ContextMap snapshotOrNull() {
            ContextMap values = SLOT.get().current.values;
            return values.isEmpty() ? null : values;
        }

        @Override
        public Object currentSlot() {
            return SLOT.get();
        }

        @Override
        public void runInSnapshot(Object slot, Context scratch, ContextMap values, Runnable r) {
            scratch.values = values == null ? ContextMap.EMPTY : values;
            enterAndRun((Slot) slot, scratch, r);
        }

        @Override
        public void runIn(Object slot, Context ctx, Runnable r) {
            enterAndRun((Slot) slot, ctx, r);
        }

        @Override
        public void enterForever(Context ctx) {
            SLOT.get().current = ctx;
        }

        @Override
        public ContextMap valuesOf(Context ctx) {
            return ctx.values;
        }

        @Override
        public Context contextOf(ContextMap values) {
            return new Context(values == null ? ContextMap.EMPTY : values);
        }

        @Override
        public boolean isActive(Context ctx) {
            return ctx.entered || SLOT.get().current == ctx;
        }
    }
}
