package org.jasyncio.internal.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Handles scheduled by threads other than the running loop's, and the wake-up rule.
 *
 * <p>A producer enqueues, then reads {@code blocking}; the loop writes {@code blocking}, then reads the queue. Both
 * are volatile, so at least one side sees the other: either the loop finds the handle and does not block, or the
 * producer sees the loop may block and wakes it. Of all producers during one blocking poll only the first to flip
 * {@code wakeupPending} calls {@link Poller#wakeup()} (one syscall per batch). The flag is cleared when the loop
 * prepares to block, never after the poll: a producer that read {@code blocking} just before the poll ended may set
 * it late, and a flag cleared after the poll would then stay set through the next blocking poll and swallow its
 * wake-up. Cleared before {@code blocking} is raised, any late setter's wake-up call still lands, at worst making one
 * later poll return early.
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

    /** Loop thread, right before a poll that may block: false when something arrived, so it must not block. */
    boolean prepareToBlock() {
        wakeupPending = false;
        blocking = true;
        if (!queue.isEmpty()) {
            blocking = false;
            return false;
        }
        return true;
    }

    /** Loop thread, after a poll that was allowed to block. */
    void doneBlocking() {
        blocking = false;
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }

    /** Loop thread: moves what arrived into the ready queue, in arrival order. */
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
