package org.jasyncio;

import java.util.NoSuchElementException;

/**
 * A context variable ({@code asyncio: contextvars.ContextVar}): its value depends on the {@link Context} current in
 * the calling thread, so each task (and each callback) sees its own. Make one per concept, as a constant.
 *
 * <!-- sample: class-body
 *      given: void handle() -->
 * <pre>{@code
 * static final ContextVar<String> USER = new ContextVar<>("user", "anonymous");
 *
 * static void serve() throws Exception {   // in a task
 *     try (var token = USER.set("alice")) {
 *         handle();                         // USER.get() is "alice" here and in tasks created here
 *     }                                     // back to what it was
 * }
 * }</pre>
 *
 * <p>The variable itself is immutable and thread-safe; its value is per context, and a context belongs to one thread.
 *
 * @param <T> the value's type
 */
public final class ContextVar<T> {
    private static final Object NO_DEFAULT = new Object();

    private final String name;
    private final Object defaultValue;

    /**
     * A variable with no default: {@link #get()} throws until it is set.
     *
     * @param name the name, for messages
     * @throws IllegalArgumentException when {@code name} is null
     */
    public ContextVar(String name) {
        this.name = requireName(name);
        this.defaultValue = NO_DEFAULT;
    }

    /**
     * A variable with a default, which {@link #get()} returns where the variable is not set.
     *
     * @param name the name, for messages
     * @param defaultValue the default (may be null)
     * @throws IllegalArgumentException when {@code name} is null
     */
    public ContextVar(String name, T defaultValue) {
        this.name = requireName(name);
        this.defaultValue = defaultValue;
    }

    private static String requireName(String name) {
        if (name == null) {
            throw new IllegalArgumentException("context variable name must be a str");
        }
        return name;
    }

    /**
     * The variable's name. asyncio: {@code ContextVar.name}.
     *
     * @return the name given at construction
     */
    public String name() {
        return name;
    }

    /**
     * The value in the current context, else the default given at construction. asyncio: {@code ContextVar.get()}.
     *
     * @return the value
     * @throws NoSuchElementException (asyncio's LookupError) when it has neither
     */
    @SuppressWarnings("unchecked")
    public T get() {
        Context ctx = Context.SLOT.get().current;
        if (ctx.values.containsKey(this)) {
            return (T) ctx.values.get(this);
        }
        if (defaultValue == NO_DEFAULT) {
            throw new NoSuchElementException("<ContextVar name='" + name + "'> has no value");
        }
        return (T) defaultValue;
    }

    /**
     * The value in the current context, else {@code fallback}. asyncio: {@code ContextVar.get(default)}.
     *
     * @param fallback what to return when the variable is not set here (the constructor's default is ignored)
     * @return the value, or {@code fallback}
     */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Context ctx = Context.SLOT.get().current;
        return ctx.values.containsKey(this) ? (T) ctx.values.get(this) : fallback;
    }

    /**
     * Sets the value in the current context. asyncio: {@code ContextVar.set}.
     *
     * @param value the new value (may be null)
     * @return a token that undoes this set with {@link #reset} or by closing it
     */
    public Token<T> set(T value) {
        Context ctx = Context.SLOT.get().current;
        Object old = ctx.values.containsKey(this) ? ctx.values.get(this) : Token.MISSING;
        ctx.values = ctx.values.with(this, value);
        return new Token<>(this, ctx, old);
    }

    /**
     * Restores the value the variable had before the {@link #set} that returned {@code token}. asyncio:
     * {@code ContextVar.reset}.
     *
     * @param token what that set returned
     * @throws IllegalStateException when the token was already used
     * @throws IllegalArgumentException when the token belongs to another variable or another context
     */
    public void reset(Token<T> token) {
        if (token.used) {
            throw new IllegalStateException(token + " has already been used once");
        }
        if (token.var() != this) {
            throw new IllegalArgumentException(token + " was created by a different ContextVar");
        }
        Context ctx = Context.SLOT.get().current;
        if (token.context != ctx) {
            throw new IllegalArgumentException(token + " was created in a different Context");
        }
        token.used = true;
        ctx.values = token.oldValue() == Token.MISSING ? ctx.values.without(this) : ctx.values.with(this, token.oldValue());
    }

    /**
     * asyncio's {@code ContextVar} repr: the name and, if it has one, the default. Thread-safe (both are final).
     *
     * @return {@code <ContextVar name='...' default=...>}
     */
    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (defaultValue == NO_DEFAULT ? "" : " default=" + defaultValue) + ">";
    }
}
