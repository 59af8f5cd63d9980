package org.jasyncio.internal.loop;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Handles scheduled by threads other than the running loop's (or before it runs), and the wake-up rule.
 *
 * <p>A producer enqueues, then reads {@code blocking}; the loop, before a poll that may block, announces it by
 * writing {@code blocking}, then reads the queue. Both are volatile, so at least one side sees the other: either the
 * loop finds the handle and does not block, or the producer sees the announcement and wakes the poller. Per
 * announcement only the producer that flips {@code wakeupPending} calls {@link Poller#wakeup()} (one syscall per
 * batch); a loop that announced nothing (busy running callbacks) is never woken.
 *
 * <p>The flag is cleared when the loop announces, never after the poll: a producer that read {@code blocking} just
 * before a poll ended may set the flag late, and a flag cleared after the poll would then stay set through the next
 * blocking poll and swallow its wake-up (the late {@code wakeup()} having been used up by a {@code selectNow}).
 * Cleared at each announcement, a set flag always belongs to a producer whose wake-up call is still to come.
 *
 * <p>Closing seals the inbox with the same two-sided rule: a producer enqueues, then reads {@code sealed}; the
 * closer writes {@code sealed}, then drains. A producer that still saw it open has its handle in the closer's drain;
 * one that saw it sealed takes its handle back, and only if it got it back (the closer did not drain it first) is
 * the add refused. So every handle is either drained exactly once or refused to its producer, without a lock.
 */
final class Inbox {
    private static final VarHandle WAKEUP_PENDING;
    private static final VarHandle WAKEUPS;

    static {
        try {
            WAKEUP_PENDING = MethodHandles.lookup().findVarHandle(Inbox.class, "wakeupPending", boolean.class);
            WAKEUPS = MethodHandles.lookup().findVarHandle(Inbox.class, "wakeups", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ConcurrentLinkedQueue<CallbackHandle> queue = new ConcurrentLinkedQueue<>();
    private final Poller poller;
    private volatile boolean blocking;
    private volatile boolean sealed;
    @SuppressWarnings("unused") // accessed through WAKEUP_PENDING
    private volatile boolean wakeupPending;
    /** How many times producers woke the poller, and how many times the loop announced it may block (for tests). */
    @SuppressWarnings("unused") // accessed through WAKEUPS
    private volatile long wakeups;
    private long announcements;

    Inbox(Poller poller) {
        this.poller = poller;
    }

    /**
     * Any thread.
     *
     * @throws IllegalStateException "Event loop is closed" when {@link #seal} came first and did not take the handle
     */
    void add(CallbackHandle h) {
        queue.add(h);
        if (sealed) {
            if (queue.remove(h)) {
                throw new IllegalStateException("Event loop is closed");
            }
            return; // the closer drained it: it is the closer's to run
        }
        if (blocking && WAKEUP_PENDING.compareAndSet(this, false, true)) {
            WAKEUPS.getAndAdd(this, 1L);
            poller.wakeup();
        }
    }

    /** Loop thread, right before a poll that may block: false when something arrived, so it must not block. */
    boolean prepareToBlock() {
        if (!queue.isEmpty()) {
            return false; // no need to announce anything
        }
        announcements++;
        wakeupPending = false;
        blocking = true;
        if (!queue.isEmpty()) {
            blocking = false;
            return false;
        }
        return true;
    }

    /** Wake-ups so far: never more than {@link #announcements()}, one per announcement at most. */
    long wakeups() {
        return wakeups;
    }

    /** How many times the loop announced it may block; loop thread only. */
    long announcements() {
        return announcements;
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

    /**
     * The loop closes (it is not running): refuses every later add and returns, in arrival order, the handles added
     * before, each exactly once.
     */
    List<CallbackHandle> seal() {
        sealed = true;
        List<CallbackHandle> left = new ArrayList<>();
        CallbackHandle h;
        while ((h = queue.poll()) != null) {
            left.add(h);
        }
        return left;
    }
}
