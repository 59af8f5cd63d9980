package org.jasyncio.internal.task;

/** Short descriptions of values for reprs, as asyncio's reprlib keeps a future's repr readable. */
final class Reprs {
    /** reprlib's maxstring and maxother. */
    private static final int MAX = 30;

    private Reprs() {
    }

    /** A string in quotes, anything else as its toString, middle elided with "..." past 30 characters. */
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
