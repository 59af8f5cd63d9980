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

    private ByteBuffer[] queue = new ByteBuffer[16];
    /** Reused for every gathering write, so that draining allocates nothing; made on first use. */
    private ByteBuffer[] batch;
    private int head;
    private int count;
    private long size;

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
        if (count == queue.length) {
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

    /** Writes as much as the channel takes now; returns the number of bytes written. */
    public long flushTo(WritableByteChannel channel) throws IOException {
        if (count == 0) {
            return 0;
        }
        long written;
        if (count == 1 || !(channel instanceof GatheringByteChannel gathering)) {
            written = channel.write(queue[head]);
        } else {
            int n = Math.min(count, MAX_GATHER);
            ByteBuffer[] b = batch;
            if (b == null || b.length < n) {
                b = batch = new ByteBuffer[MAX_GATHER];
            }
            for (int i = 0; i < n; i++) {
                b[i] = queue[(head + i) & (queue.length - 1)];
            }
            try {
                written = gathering.write(b, 0, n);
            } finally {
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

    /** Drops everything (abort). */
    public void clear() {
        Arrays.fill(queue, null);
        head = 0;
        count = 0;
        size = 0;
    }
}
