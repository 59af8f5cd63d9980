package org.jasyncio.internal.streams;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.LimitOverrunError;

/**
 * The search of one {@code readuntil}/{@code readline}: asyncio's readuntil loop body, kept between wake-ups. Each
 * pass looks for the separators past the bytes already known to hold none (asyncio's {@code offset}), and applies the
 * limit: a separator found beyond it, or none within it, is a {@link LimitOverrunError}. Loop thread only.
 */
public final class SeparatorScan {
    private final byte[][] separators;
    /** The leading bytes known not to hold a separator (asyncio's {@code offset}). */
    private int offset;
    /** {@code buffer.consumed()} when {@link #offset} was last valid. */
    private long mark;
    /** Once a pass ended the search: where the matched chunk ends, or -1 (none found, at EOF or over the limit). */
    private int matchEnd = -1;
    private LimitOverrunError overrun;

    private SeparatorScan(byte[][] separators, long mark) {
        this.separators = separators;
        this.mark = mark;
    }

    /**
     * A search for whichever of {@code separators} ends first, starting at the front of {@code buffer}. The
     * separators are checked as asyncio checks them (at the await, so the caller turns the exception into a failed
     * future) and sorted shortest first, stably: the shortest wins a tie.
     *
     * @throws IllegalArgumentException for a null list or element, an empty list or an empty separator, with
     *     asyncio's messages
     */
    public static SeparatorScan of(List<byte[]> separators, ReadBuffer buffer) {
        if (separators == null) {
            throw new IllegalArgumentException("Separator should be bytes or a list of bytes, not null");
        }
        List<byte[]> sorted = new ArrayList<>(separators.size());
        for (byte[] s : separators) {
            if (s == null) {
                // asyncio's len(None) is a TypeError raised at the await
                throw new IllegalArgumentException("Separator should be bytes, not null");
            }
            sorted.add(s);
        }
        if (sorted.isEmpty()) {
            throw new IllegalArgumentException("Separator should contain at least one element");
        }
        sorted.sort((a, b) -> Integer.compare(a.length, b.length));
        if (sorted.get(0).length == 0) {
            throw new IllegalArgumentException("Separator should be at least one-byte string");
        }
        return new SeparatorScan(sorted.toArray(new byte[0][]), buffer.consumed());
    }

    /**
     * One pass over what {@code buffer} holds. True when the search is over: a separator was found
     * ({@link #matchEnd()}), the limit was overrun ({@link #overrun()}), or the stream ended without a separator
     * (both unset: asyncio's IncompleteReadError). The offset moves only when the search must wait for more.
     */
    public boolean scan(ReadBuffer buffer, int limit, boolean eof) {
        if (mark != buffer.consumed()) {
            offset = 0; // another read took bytes since: start over
            mark = buffer.consumed();
        }
        overrun = null;
        matchEnd = -1;
        int minLen = separators[0].length;
        int maxLen = separators[separators.length - 1].length;
        int buflen = buffer.size();
        if (buflen - offset >= minLen) {
            int start = -1;
            int end = -1;
            for (byte[] sep : separators) {
                int i = buffer.indexOf(sep, offset);
                if (i >= 0 && (end < 0 || i + sep.length < end)) {
                    start = i;
                    end = i + sep.length;
                }
            }
            if (end >= 0) {
                if (start > limit) {
                    overrun = new LimitOverrunError("Separator is found, but chunk is longer than limit", start);
                }
                matchEnd = end;
                return true;
            }
            int next = Math.max(0, buflen + 1 - maxLen);
            if (next > limit) {
                overrun = new LimitOverrunError("Separator is not found, and chunk exceed the limit", next);
                return true;
            }
            offset = next;
        }
        return eof;
    }

    /** After a pass that ended the search: where the chunk with its separator ends, or -1 when none was found. */
    public int matchEnd() {
        return matchEnd;
    }

    /** After a pass that ended the search: the limit error, or null when the limit held. */
    public LimitOverrunError overrun() {
        return overrun;
    }
}
