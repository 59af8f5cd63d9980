package org.jasyncio.internal.tls;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.WeakHashMap;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * The working buffers of one loop's TLS connections: ciphertext read, plaintext unwrapped, records wrapped. A
 * connection borrows one for the length of one step (a read and its unwrapping, one wrap and its send) and gives it
 * back, so an idle connection holds none: its only buffer is a partial record, if the peer sent one. A step that
 * finds a buffer lent already (one connection's callback driving another's step) gets a fresh one of its own.
 *
 * <p>Loop only: the loop's steps never run at once (under either coroutine engine).
 */
final class TlsScratch {
    static final int NET_IN = 0;
    static final int APP_IN = 1;
    static final int NET_OUT = 2;

    private static final Map<SelectorEventLoop, TlsScratch> BY_LOOP = new WeakHashMap<>();

    private final ByteBuffer[] free = new ByteBuffer[3];
    private final boolean[] lent = new boolean[3];

    private TlsScratch() {
    }

    /** The loop's scratch, made on first use; looked up once per connection. */
    static TlsScratch of(SelectorEventLoop loop) {
        synchronized (BY_LOOP) {
            return BY_LOOP.computeIfAbsent(loop, l -> new TlsScratch());
        }
    }

    /** The loop's buffer of {@code kind}, cleared, of at least {@code capacity} bytes; null while it is lent. */
    ByteBuffer take(int kind, int capacity) {
        if (lent[kind]) {
            return null;
        }
        ByteBuffer b = free[kind];
        if (b == null || b.capacity() < capacity) {
            b = ByteBuffer.allocate(capacity);
        }
        free[kind] = null;
        lent[kind] = true;
        return b.clear();
    }

    /** Gives back what {@link #take} lent (or a bigger buffer that replaced it). */
    void giveBack(int kind, ByteBuffer b) {
        lent[kind] = false;
        ByteBuffer kept = free[kind];
        if (kept == null || kept.capacity() < b.capacity()) {
            free[kind] = b;
        }
    }
}
