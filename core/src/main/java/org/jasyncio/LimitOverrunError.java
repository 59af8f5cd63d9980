package org.jasyncio;

/**
 * {@link StreamReader#readuntil} looked for its separator past the reader's limit. The data stays in the reader, so
 * it can be read some other way; {@link #consumed()} says how many bytes to drop to get past the chunk (asyncio's
 * meaning: the bytes known not to start the separator, or where the separator starts).
 *
 * <p>asyncio: {@code asyncio.LimitOverrunError}.
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class LimitOverrunError extends Exception {
    private static final long serialVersionUID = 1L;

    /** The number of bytes to consume to get past the chunk. */
    private final int consumed;

    /**
     * An error with asyncio's message.
     *
     * @param message what went wrong (asyncio's messages: "Separator is not found, and chunk exceed the limit",
     *        "Separator is found, but chunk is longer than limit")
     * @param consumed the number of bytes to consume to get past the chunk
     */
    public LimitOverrunError(String message, int consumed) {
        super(message);
        this.consumed = consumed;
    }

    /**
     * The number of bytes to consume to get past the over-long chunk.
     *
     * @return the byte count
     */
    public int consumed() {
        return consumed;
    }
}
