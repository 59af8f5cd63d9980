package org.jasyncio;

import java.util.NoSuchElementException;

/**
 * A context variable ({@code contextvars.ContextVar}): its value depends on the {@link Context} current in the
 * calling thread, so each task sees its own.
 */
public final class ContextVar<T> {
    private static final Object NO_DEFAULT = new Object();

    private final String name;
    private final Object defaultValue;

    public ContextVar(String name) {
        this.name = requireName(name);
        this.defaultValue = NO_DEFAULT;
    }

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

    public String name() {
        return name;
    }

    /**
     * The value in the current context, else the default given at construction; with neither, NoSuchElementException
     * (asyncio's LookupError).
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

    /** The value in the current context, else {@code fallback} (asyncio's {@code var.get(default)}). */
    @SuppressWarnings("unchecked")
    public T get(T fallback) {
        Context ctx = Context.SLOT.get().current;
        return ctx.values.containsKey(this) ? (T) ctx.values.get(this) : fallback;
    }

    /** Sets the value in the current context; the token undoes it with {@link #reset}. */
    public Token<T> set(T value) {
        Context ctx = Context.SLOT.get().current;
        Object old = ctx.values.containsKey(this) ? ctx.values.get(this) : Token.MISSING;
        ctx.values = ctx.values.with(this, value);
        return new Token<>(this, ctx, old);
    }

    /** Restores the value the variable had before the {@link #set} that returned {@code token}. */
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

    @Override
    public String toString() {
        return "<ContextVar name='" + name + "'" + (defaultValue == NO_DEFAULT ? "" : " default=" + defaultValue) + ">";
    }
}
