package org.jasyncio;

import java.util.Map;
import org.jasyncio.internal.context.ContextAccess;
import org.jasyncio.internal.context.ContextMap;

/**
 * A set of {@link ContextVar} values ({@code contextvars.Context}). Every callback and every task runs in one: a
 * callback in a copy of the context current when it was scheduled, a task in the copy made when it was created.
 * Setting a variable inside changes only that context.
 */
public final class Context {
    /** The context each thread currently runs in; a field write switches it, so the loop never touches the ThreadLocal per callback. */
    static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(Slot::new);

    static {
        ContextAccess.install(new Access());
    }

    ContextMap values;

    Context(ContextMap values) {
        this.values = values;
    }

    /** A new, empty context. */
    public Context() {
        this(ContextMap.EMPTY);
    }

    /** {@code contextvars.copy_context()}: a shallow copy of the calling thread's current context. */
    public static Context copyCurrent() {
        return new Context(SLOT.get().current.values);
    }

    /** Runs {@code r} with this context current, then restores the previous one. */
    public void run(Runnable r) {
        Slot slot = SLOT.get();
        Context previous = slot.current;
        slot.current = this;
        try {
            r.run();
        } finally {
            slot.current = previous;
        }
    }

    /** The value of {@code var} in this context, or null when it has none here. */
    public <T> T get(ContextVar<T> var) {
        @SuppressWarnings("unchecked")
        T value = (T) values.get(var);
        return value;
    }

    public boolean containsKey(ContextVar<?> var) {
        return values.containsKey(var);
    }

    /** The variables set in this context and their values, as an unmodifiable snapshot. */
    public Map<ContextVar<?>, Object> asMap() {
        return values.asMap();
    }

    public int size() {
        return values.size();
    }

    @Override
    public String toString() {
        return "Context" + values.asMap();
    }

    /** Per-thread holder of the current context. */
    static final class Slot {
        Context current = new Context();
    }

    /** What the loop and the task engines may do with contexts; handed to them through {@link ContextAccess}. */
    private static final class Access implements ContextAccess.Operations {
        @Override
        public Context captureOrNull() {
            ContextMap values = SLOT.get().current.values;
            return values.isEmpty() ? null : new Context(values);
        }

        @Override
        public Object currentSlot() {
            return SLOT.get();
        }

        @Override
        public void runInFresh(Object slot, Context scratch, Runnable r) {
            Slot s = (Slot) slot;
            Context previous = s.current;
            scratch.values = ContextMap.EMPTY;
            s.current = scratch;
            try {
                r.run();
            } finally {
                s.current = previous;
            }
        }

        @Override
        public void runIn(Object slot, Context ctx, Runnable r) {
            Slot s = (Slot) slot;
            Context previous = s.current;
            s.current = ctx;
            try {
                r.run();
            } finally {
                s.current = previous;
            }
        }

        @Override
        public void enterForever(Context ctx) {
            SLOT.get().current = ctx;
        }
    }
}
