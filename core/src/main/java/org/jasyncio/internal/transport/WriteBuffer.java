package org.jasyncio.internal.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * The bytes a write side could not send yet: a FIFO of buffers drained with gathering writes. Only what the channel
 * did not take is copied in (the caller's array may be reused after {@code write} returns), and the count of bytes
 * held is kept exact for flow control.
 */
public final class WriteBuffer {
    /** Buffers are gathered this many at a time (the kernel's IOV_MAX is 1024). */
    private static final int MAX_GATHER = 64;
    /**
     * Most bytes handed to one write call. The JDK copies a heap buffer's whole remainder into a temporary direct
     * buffer before every write (and keeps that buffer cached on the thread), while a socket or pipe often takes far
     * less: without this bound a 64 MiB buffer drained 64 KiB at a time would be copied a thousand times over, and
     * the loop thread would keep a 64 MiB direct buffer for good.
     */
    public static final int MAX_WRITE = 256 * 1024;

    /** A ring of buffers, its length a power of two; made on first use, as most write sides never queue. */
    private ByteBuffer[] queue;
    /** Reused for every gathering write, so that draining allocates nothing; made on first use. */
    private ByteBuffer[] batch;
    private int head;
    private int count;
    private long size;
    /** Bytes handed to the channel by the last write call. */
    private int offered;

    public boolean isEmpty() {
        return count == 0;
    }

    /** Bytes held, as asyncio's get_write_buffer_size(). */
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** Keeps a copy of {@code data}'s remaining bytes; {@code data} is consumed. */
    public void addCopy(ByteBuffer data) {
        int n = data.remaining();
        if (n == 0) {
            return;
        }
        ByteBuffer copy = ByteBuffer.allocate(n);
        copy.put(data).flip();
        add(copy);
    }

    /** Keeps {@code data} itself (the caller hands it over). */
    public void add(ByteBuffer data) {
        if (!data.hasRemaining()) {
            return;
        }
        if (queue == null) {
            queue = new ByteBuffer[8];
        } else if (count == queue.length) {
            ByteBuffer[] bigger = new ByteBuffer[queue.length * 2];
            for (int i = 0; i < count; i++) {
                bigger[i] = queue[(head + i) & (queue.length - 1)];
            }
            queue = bigger;
            head = 0;
        }
        queue[(head + count) & (queue.length - 1)] = data;
        count++;
        size += data.remaining();
    }

    /**
     * Writes as much as the channel takes now, at most {@link #MAX_WRITE} bytes per call, calling again while the
     * channel takes everything offered; returns the number of bytes written.
     */
    public long flushTo(WritableByteChannel channel) throws IOException {
        long total = 0;
        while (count > 0) {
            long written = writeOnce(channel);
            total += written;
            if (written < offered) {
                break;
            }
        }
        return total;
    }

    /**
     * Writes {@code data} as far as the channel takes it, handing over at most {@link #MAX_WRITE} bytes per call;
     * {@code data}'s position moves past what was written. Used for the first attempt before anything is queued.
     */
    public static long writeBounded(WritableByteChannel channel, ByteBuffer data) throws IOException {
        int limit = data.limit();
        if (limit - data.position() <= MAX_WRITE) {
            return channel.write(data);
        }
        long total = 0;
        try {
            while (data.hasRemaining()) {
                int offered = Math.min(limit - data.position(), MAX_WRITE);
                data.limit(data.position() + offered);
                int written = channel.write(data);
                total += written;
                data.limit(limit);
                if (written < offered) {
                    break;
                }
            }
        } finally {
            data.limit(limit);
        }
        return total;
    }

    /** One write or gathering write of the queue's first buffers, the last one cut so that at most MAX_WRITE go. */
    private long writeOnce(WritableByteChannel channel) throws IOException {
        ByteBuffer first = queue[head];
        long written;
        if (count == 1 || first.remaining() >= MAX_WRITE || !(channel instanceof GatheringByteChannel gathering)) {
            written = writeAtMost(channel, first, MAX_WRITE);
        } else {
            ByteBuffer[] b = batch;
            if (b == null) {
                b = batch = new ByteBuffer[MAX_GATHER];
            }
            int n = 0;
            int room = MAX_WRITE;
            int cutLimit = -1;
            while (n < count && n < MAX_GATHER && room > 0) {
                ByteBuffer next = queue[(head + n) & (queue.length - 1)];
                int r = next.remaining();
                if (r > room) {
                    cutLimit = next.limit();
                    next.limit(next.position() + room);
                    r = room;
                }
                b[n++] = next;
                room -= r;
            }
            offered = MAX_WRITE - room;
            try {
                written = gathering.write(b, 0, n);
            } finally {
                if (cutLimit >= 0) {
                    b[n - 1].limit(cutLimit);
                }
                Arrays.fill(b, 0, n, null); // hold no buffer longer than the queue does
            }
        }
        size -= written;
        while (count > 0 && !queue[head].hasRemaining()) {
            queue[head] = null;
            head = (head + 1) & (queue.length - 1);
            count--;
        }
        return written;
    }

    /** A single write of at most {@code max} bytes of {@code data}. */
    private int writeAtMost(WritableByteChannel channel, ByteBuffer data, int max) throws IOException {
        int limit = data.limit();
        if (limit - data.position() <= max) {
            offered = limit - data.position();
            return channel.write(data);
        }
        offered = max;
        data.limit(data.position() + max);
        try {
            return channel.write(data);
        } finally {
            data.limit(limit);
        }
    }

    /** Drops everything (abort). */
    public void clear() {
        if (queue != null) {
            Arrays.fill(queue, null);
        }
        head = 0;
        count = 0;
        size = 0;
    }
}
