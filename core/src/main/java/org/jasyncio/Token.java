package org.jasyncio;

/**
 * What {@link ContextVar#set} returns: enough to undo that set with {@link ContextVar#reset}
 * ({@code asyncio: contextvars.Token}). As in asyncio 3.14 a token is also a context manager:
 * {@code try (var t = v.set(x)) { ... }} resets the variable when the block ends.
 *
 * <p>Not thread-safe: use it in the thread and context that made it.
 *
 * @param <T> the variable's type
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

    /**
     * The variable that was set. asyncio: {@code Token.var}.
     *
     * @return the variable
     */
    public ContextVar<T> var() {
        return var;
    }

    /**
     * The value before the set. asyncio: {@code Token.old_value}.
     *
     * @return that value, or {@link #MISSING} when the variable had none
     */
    public Object oldValue() {
        return oldValue;
    }

    /**
     * {@code var().reset(this)}: undoes the set. asyncio: {@code Token.__exit__}.
     *
     * @throws IllegalStateException when the token was already used
     * @throws IllegalArgumentException when called in another context than the one the set was made in
     */
    @Override
    public void close() {
        var.reset(this);
    }

    /**
     * asyncio's {@code Token} repr: the variable and whether the token was used. Loop-only, as the context is.
     *
     * @return {@code <Token [used] var=...>}
     */
    @Override
    public String toString() {
        return "<Token" + (used ? " used" : "") + " var=" + var + ">";
    }
}
