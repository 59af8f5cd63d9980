package org.jasyncio.internal.task;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Supplier;

/** Short descriptions of values for reprs, as asyncio's reprlib keeps a future's repr readable. */
final class Reprs {
    /** reprlib's maxstring and maxother. */
    private static final int MAX = 30;

    private Reprs() {
    }

    /** A string in quotes, anything else as its toString, middle elided with "..." past 30 characters. */
    /** The objects whose repr this thread is building, so one that contains itself prints "..." inside. */
    private static final ThreadLocal<Set<Object>> IN_PROGRESS =
            ThreadLocal.withInitial(() -> Collections.newSetFromMap(new IdentityHashMap<>()));

    /**
     * {@code repr.get()}, or "..." when {@code self}'s repr is already being built on this thread (asyncio's
     * {@code reprlib.recursive_repr} on a future's repr): a task whose result holds the task ends.
     */
    static String recursionSafe(Object self, Supplier<String> repr) {
        Set<Object> inProgress = IN_PROGRESS.get();
        if (!inProgress.add(self)) {
            return "...";
        }
        try {
            return repr.get();
        } finally {
            inProgress.remove(self);
        }
    }

    static String shortRepr(Object value) {
        String text = value instanceof CharSequence cs ? "'" + cs + "'" : String.valueOf(value);
        if (text.length() <= MAX || value instanceof Number) {
            return text;
        }
        int head = (MAX - 3) / 2;
        int tail = MAX - 3 - head;
        return text.substring(0, head) + "..." + text.substring(text.length() - tail);
    }
}
