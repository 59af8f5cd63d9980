package org.jasyncio.internal.os;

import java.io.IOException;

/**
 * The errno behind an {@link IOException} that a JDK channel made out of one. NIO words such an error with the C
 * library's strerror(3) text, in the process's language, and keeps no number; the same C library, asked here for the
 * text of each number in question, gives it back. Without native access only the C library's English texts are
 * known (the JDK then offers nothing better).
 */
public final class ErrnoText {
    /** An input/output error: what reading a terminal or pseudo-terminal whose other side went away gives. */
    public static final int EIO = 5;
    /** Out of memory for the kernel's structures. */
    public static final int ENOMEM = 12;
    /** The system's file table is full. */
    public static final int ENFILE = 23;
    /** The process's descriptor limit is reached. */
    public static final int EMFILE = 24;
    /** No buffer space for a socket: 105 on Linux, 55 on the BSDs and macOS. */
    public static final int ENOBUFS = NativeAccess.onLinux() ? 105 : 55;

    private final int[] numbers;
    private final String[] texts;

    private ErrnoText(int[] numbers) {
        this.numbers = numbers.clone();
        this.texts = new String[numbers.length];
        for (int i = 0; i < numbers.length; i++) {
            String t = Errno.describe(numbers[i]);
            texts[i] = t.startsWith("errno ") ? english(numbers[i]) : t;
        }
    }

    /**
     * Recognises {@code numbers}; their texts are looked up now, once (call it before descriptors run short: the
     * lookup itself may need one).
     */
    public static ErrnoText of(int... numbers) {
        return new ErrnoText(numbers);
    }

    /** The errno among those given that {@code e} was made from, or 0 when it is none of them. */
    public int errnoOf(IOException e) {
        String m = e.getMessage();
        if (m == null) {
            return 0;
        }
        for (int i = 0; i < texts.length; i++) {
            String t = texts[i];
            if (t != null && (m.equals(t) || m.startsWith(t + " (") || m.endsWith(": " + t))) {
                return numbers[i];
            }
        }
        return 0;
    }

    private static String english(int errno) {
        if (errno == EIO) {
            return "Input/output error";
        }
        if (errno == ENOMEM) {
            return "Cannot allocate memory";
        }
        if (errno == ENFILE) {
            return "Too many open files in system";
        }
        if (errno == EMFILE) {
            return "Too many open files";
        }
        if (errno == ENOBUFS) {
            return "No buffer space available";
        }
        return null;
    }
}
