package org.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Several exceptions raised together, as {@link TaskGroup#run} raises the failures of its tasks (asyncio:
 * {@code ExceptionGroup} / {@code BaseExceptionGroup}). Each inner exception is also added as suppressed, so a stack
 * trace shows them all. Groups nest: an inner exception may itself be a group.
 *
 * <p>{@link #getMessage()} reads as Python's {@code str()} of a group: "unhandled errors in a TaskGroup (2
 * sub-exceptions)"; {@link #message()} is the bare message. Immutable once made; thread-safe.
 */
public class ExceptionGroup extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The message the group was made with. */
    private final String message;
    /** The inner exceptions, in order. */
    private final List<Throwable> exceptions;

    /**
     * A group of {@code exceptions} (at least one, none null) under {@code message}.
     *
     * @param message what the exceptions have in common
     * @param exceptions the exceptions, in order; copied
     * @throws IllegalArgumentException when {@code message} is null, {@code exceptions} is null or empty, or holds
     *     null (asyncio: the TypeError/ValueError of {@code ExceptionGroup(...)})
     */
    public ExceptionGroup(String message, List<? extends Throwable> exceptions) {
        super(describe(message, exceptions));
        this.message = message;
        this.exceptions = List.copyOf(exceptions);
        for (Throwable t : this.exceptions) {
            if (t != this) {
                addSuppressed(t);
            }
        }
    }

    private static String describe(String message, List<? extends Throwable> exceptions) {
        if (message == null) {
            throw new IllegalArgumentException("argument 1 (message) must be a str, got null");
        }
        if (exceptions == null || exceptions.isEmpty()) {
            throw new IllegalArgumentException("second argument (exceptions) must be a non-empty sequence");
        }
        for (int i = 0; i < exceptions.size(); i++) {
            if (exceptions.get(i) == null) {
                throw new IllegalArgumentException("Item " + i + " of second argument (exceptions) is not an exception");
            }
        }
        int n = exceptions.size();
        return message + " (" + n + " sub-exception" + (n == 1 ? "" : "s") + ")";
    }

    /**
     * The message the group was made with, without the count {@link #getMessage()} adds (asyncio: {@code eg.message}).
     *
     * @return the bare message
     */
    public String message() {
        return message;
    }

    /**
     * The exceptions of the group, in order, unmodifiable (asyncio: {@code eg.exceptions}).
     *
     * @return the inner exceptions
     */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /**
     * The part of this group whose exceptions match {@code condition}, with the nesting kept, or null when none does
     * (asyncio: {@code eg.subgroup(condition)}). The condition sees nested groups as well as leaves; when it matches
     * this group itself, this group is returned as is.
     *
     * @param condition which exceptions to keep
     * @return a group holding the matching exceptions (same message, cause and stack trace), this group, or null
     */
    public ExceptionGroup subgroup(Predicate<? super Throwable> condition) {
        return split(condition).match();
    }

    /**
     * This group split in two by {@code condition}: the matching exceptions and the rest, each with the nesting kept
     * and null when empty (asyncio: {@code eg.split(condition)}). A group the condition matches goes whole to the
     * match side.
     *
     * @param condition which exceptions go to the match side
     * @return the two parts
     */
    public Split split(Predicate<? super Throwable> condition) {
        if (condition == null) {
            throw new IllegalArgumentException("expected an exception predicate, got null");
        }
        if (condition.test(this)) {
            return new Split(this, null);
        }
        List<Throwable> match = new ArrayList<>();
        List<Throwable> rest = new ArrayList<>();
        for (Throwable t : exceptions) {
            if (t instanceof ExceptionGroup g) {
                Split s = g.split(condition);
                if (s.match() != null) {
                    match.add(s.match());
                }
                if (s.rest() != null) {
                    rest.add(s.rest());
                }
            } else if (condition.test(t)) {
                match.add(t);
            } else {
                rest.add(t);
            }
        }
        return new Split(derived(match), derived(rest));
    }

    /**
     * A group like this one (its message) holding {@code excs} (asyncio: {@code eg.derive(excs)}); override it in a
     * subclass so that {@link #split} and {@link #subgroup} make groups of that subclass.
     *
     * @param excs the exceptions of the new group, at least one
     * @return the new group
     */
    public ExceptionGroup derive(List<? extends Throwable> excs) {
        return new ExceptionGroup(message, excs);
    }

    private ExceptionGroup derived(List<Throwable> excs) {
        if (excs.isEmpty()) {
            return null;
        }
        ExceptionGroup g = derive(excs);
        g.setStackTrace(getStackTrace());
        if (getCause() != null && g.getCause() == null) {
            g.initCause(getCause());
        }
        return g;
    }

    /**
     * What {@link #split} returns: the matching part and the rest, each null when empty.
     *
     * <p>Immutable and thread-safe.
     *
     * @param match the exceptions the condition matched, or null
     * @param rest the others, or null
     */
    public record Split(ExceptionGroup match, ExceptionGroup rest) {
    }
}
