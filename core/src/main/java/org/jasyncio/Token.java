package org.jasyncio;

/**
 * What {@link ContextVar#set} returns: enough to undo that set with {@link ContextVar#reset}. As in asyncio 3.14 a
 * token is also a context manager: {@code try (var t = v.set(x)) { ... }} resets the variable when the block ends.
 */
public final class Token<T> implements AutoCloseable {
    /** {@link #oldValue()} when the variable had no value before the set. */
    public static final Object MISSING = new Object() {
        @Override
        public String toString() {
            return "<Token.MISSING>";
        }
    };

    private final ContextVar<T> var;
    final Context context;
    private final Object oldValue;
    boolean used;

    Token(ContextVar<T> var, Context context, Object oldValue) {
        this.var = var;
        this.context = context;
        this.oldValue = oldValue;
    }

    public ContextVar<T> var() {
        return var;
    }

    /** The value before the set, or {@link #MISSING}. */
    public Object oldValue() {
        return oldValue;
    }

    /** {@code var().reset(this)}: undoes the set; IllegalStateException when the token was already used. */
    @Override
    public void close() {
        var.reset(this);
    }

    @Override
    public String toString() {
        return "<Token" + (used ? " used" : "") + " var=" + var + ">";
    }
}
