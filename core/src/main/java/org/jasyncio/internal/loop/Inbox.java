package org.jasyncio.internal.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Handles scheduled from other threads, and the wake-up rule: a producer wakes the poller only when the loop may be
 * blocked in it, and only the first producer of a batch does. The loop side announces "about to block" and
 * re-checks the inbox after; producers enqueue first and check the flag after, so one of the two always sees the other.
 */
final class Inbox {
    private static final VarHandle WAKEUP_PENDING;

    static {
        try {
            WAKEUP_PENDING = MethodHandles.lookup().findVarHandle(Inbox.class, "wakeupPending", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<CallbackHandle> queue = new ConcurrentLinkedQueue<>();
    private final Poller poller;
    private volatile boolean blocking;
    @SuppressWarnings("unused") // accessed through WAKEUP_PENDING
    private volatile boolean wakeupPending;

    Inbox(Poller poller) {
        this.poller = poller;
    }

    /** Any thread. */
    void add(CallbackHandle h) {
        queue.add(h);
        if (blocking && WAKEUP_PENDING.compareAndSet(this, false, true)) {
            poller.wakeup();
        }
    }

    /** Loop thread: true when the loop may block (nothing arrived in the meantime). */
    boolean prepareToBlock() {
        blocking = true;
        if (!queue.isEmpty()) {
            blocking = false;
            return false;
        }
        return true;
    }

    /** Loop thread, after the poll. */
    void doneBlocking() {
        blocking = false;
        wakeupPending = false;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Loop thread: moves what arrived into the ready queue. */
    void drainTo(ReadyQueue ready) {
        CallbackHandle h;
        while ((h = queue.poll()) != null) {
            ready.add(h);
        }
    }

    void clear() {
        queue.clear();
    }
}
