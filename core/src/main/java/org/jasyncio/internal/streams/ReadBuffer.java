package org.jasyncio.internal.streams;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The bytes a stream reader holds: one growable array with the unread bytes between {@code start} and {@code end}.
 * The transport reads straight into its free tail ({@link #freeTail}, {@link #commit}); reads copy out of the front.
 * An empty buffer starts again at index 0, a full one is compacted or grown, never shrunk. The tail it offers adapts
 * as a socket read allocator does: a read that filled the whole tail makes the next tail larger, up to the size hint.
 * Loop thread only.
 */
public final class ReadBuffer {
    private static final byte[] NONE = new byte[0];
    /** The first array's size: small, as most streams carry small messages. */
    static final int INITIAL_CAPACITY = 8 * 1024;
    /** A tail smaller than this is not worth a read: compact or grow first. */
    static final int MIN_ROOM = 2 * 1024;

    private byte[] buf = NONE;
    /** {@code buf} wrapped once, reused for every {@link #freeTail} on the same array. */
    private ByteBuffer view;
    private int start;
    private int end;
    /** The room the last {@link #freeTail} offered, to see whether the read filled it. */
    private int offered;
    private boolean growNext;
    /** Bytes ever taken from the front: a reader compares it to know whether its scan position still holds. */
    private long consumed;

    /** How many unread bytes there are. */
    public int size() {
        return end - start;
    }

    /** Bytes ever taken or discarded from the front. */
    public long consumed() {
        return consumed;
    }

    /** The capacity of the array now (for tests and repr). */
    public int capacity() {
        return buf.length;
    }

    /** Appends {@code len} bytes of {@code data} from {@code off}. */
    public void append(byte[] data, int off, int len) {
        ensureRoom(len);
        System.arraycopy(data, off, buf, end, len);
        end += len;
    }

    /**
     * The free tail of the array as a buffer positioned at the first free byte: at least {@link #MIN_ROOM} bytes,
     * more after a read that filled the previous tail (up to {@code sizeHint}). Fill it, then call {@link #commit}.
     */
    public ByteBuffer freeTail(int sizeHint) {
        if (start == end) {
            start = 0;
            end = 0;
        }
        int want = MIN_ROOM;
        if (growNext) {
            growNext = false;
            want = Math.max(MIN_ROOM, Math.min(Math.max(sizeHint, MIN_ROOM), buf.length * 2));
        }
        if (buf.length - end < want) {
            ensureRoom(want);
        }
        ByteBuffer v = view;
        if (v == null || v.array() != buf) {
            v = ByteBuffer.wrap(buf);
            view = v;
        }
        v.clear().position(end);
        offered = buf.length - end;
        return v;
    }

    /** {@code n} bytes were written into the tail {@link #freeTail} returned. */
    public void commit(int n) {
        if (n < 0 || n > buf.length - end) {
            throw new IllegalArgumentException("buffer_updated(" + n + ") is more than the " + (buf.length - end)
                    + " free bytes the buffer offered");
        }
        end += n;
        if (n == offered && n > 0) {
            growNext = true;
        }
    }

    /** Room for {@code len} more bytes at the end: compacts when that frees at least half the array, else grows. */
    private void ensureRoom(int len) {
        if (buf.length - end >= len) {
            return;
        }
        int size = end - start;
        if (buf.length - size >= len && buf.length - size >= buf.length / 2) {
            System.arraycopy(buf, start, buf, 0, size);
        } else {
            int cap = Math.max(buf.length == 0 ? INITIAL_CAPACITY : buf.length * 2, size + len);
            byte[] bigger = new byte[cap];
            System.arraycopy(buf, start, bigger, 0, size);
            buf = bigger;
        }
        start = 0;
        end = size;
    }

    /** Removes and returns the first {@code n} bytes ({@code n <= size()}). */
    public byte[] take(int n) {
        if (n == 0) {
            return NONE;
        }
        byte[] out = Arrays.copyOfRange(buf, start, start + n);
        discard(n);
        return out;
    }

    /** Removes and returns every unread byte. */
    public byte[] takeAll() {
        return take(size());
    }

    /** Drops the first {@code n} bytes. */
    public void discard(int n) {
        start += n;
        consumed += n;
        if (start == end) {
            start = 0;
            end = 0;
        }
    }

    /** Drops every unread byte. */
    public void clear() {
        discard(size());
    }

    /** Moves every unread byte of {@code other} to the end of this one. */
    public void moveFrom(ReadBuffer other) {
        int n = other.size();
        if (n > 0) {
            append(other.buf, other.start, n);
            other.discard(n);
        }
    }

    /** Where {@code sep} first occurs at or after {@code from} (relative to the first unread byte), or -1. */
    public int indexOf(byte[] sep, int from) {
        int last = end - sep.length;
        byte first = sep[0];
        for (int i = start + from; i <= last; i++) {
            if (buf[i] != first) {
                continue;
            }
            int j = 1;
            while (j < sep.length && buf[i + j] == sep[j]) {
                j++;
            }
            if (j == sep.length) {
                return i - start;
            }
        }
        return -1;
    }

    /** Whether the unread bytes hold {@code sep} at {@code at} (relative to the first unread byte). */
    public boolean startsWith(byte[] sep, int at) {
        if (at < 0 || at + sep.length > size()) {
            return false;
        }
        return Arrays.equals(buf, start + at, start + at + sep.length, sep, 0, sep.length);
    }
}
