package org.jasyncio;

import java.io.EOFException;

/**
 * The stream ended before a read got what it asked for: {@link StreamReader#readexactly} before {@code n} bytes,
 * {@link StreamReader#readuntil} before a separator. The bytes that did arrive are in {@link #partial()}, and the
 * reader no longer holds them. The message is asyncio's: "N bytes read on a total of M expected bytes" (M is
 * "undefined" for readuntil).
 *
 * <p>asyncio: {@code asyncio.IncompleteReadError} (an {@code EOFError}).
 *
 * <p>Thread-safe: what it carries is fixed when it is made ({@link #partial()} is the array itself, not a copy).
 */
public class IncompleteReadError extends EOFException {
    private static final long serialVersionUID = 1L;

    private final transient byte[] partial;
    /** How many bytes the read expected, or -1. */
    private final int expected;

    /**
     * An error with asyncio's message.
     *
     * @param partial the bytes read before the end of the stream (kept as given, not copied)
     * @param expected how many bytes were expected, or -1 when that is not known (asyncio's None)
     */
    public IncompleteReadError(byte[] partial, int expected) {
        super(partial.length + " bytes read on a total of " + (expected < 0 ? "undefined" : String.valueOf(expected))
                + " expected bytes");
        this.partial = partial;
        this.expected = expected;
    }

    /**
     * The bytes that arrived before the end of the stream (the array itself, not a copy).
     *
     * @return the partial bytes
     */
    public byte[] partial() {
        return partial;
    }

    /**
     * How many bytes the read expected, or -1 when it did not know (readuntil: asyncio's None).
     *
     * @return the expected count, or -1
     */
    public int expected() {
        return expected;
    }
}
