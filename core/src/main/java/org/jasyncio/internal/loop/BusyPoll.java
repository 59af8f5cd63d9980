package org.jasyncio.internal.loop;

import java.lang.System.Logger.Level;

/**
 * Adaptive busy polling: before a poll that would block, go on polling without blocking for a few microseconds, but
 * only when the last wait was that short anyway. The loop's {@code spin} does the polling; this decides when, and
 * counts.
 *
 * <p>Why: a loop that spends little per event catches up with its peers and sleeps in the poller between their
 * messages, and every message that then arrives must wake it: the sender pays for the wake-up in its system call,
 * and the message waits for the sleeping core. Under load those sleeps last a few microseconds, and polling through
 * them is cheaper than sleeping (the idea of Linux's {@code net.core.busy_poll} and of a virtual machine's halt
 * polling, done in user space). Between polls the loop yields its core, so a spinning loop never keeps a runnable
 * thread off it.
 *
 * <p>The rule that keeps it from spending CPU for nothing: spin only if the previous wait ended within the budget,
 * or the previous spin found something. A loop whose events come further apart than the budget never spins; a loop
 * that goes idle spins once, for at most the budget, then blocks until it is busy again. An idle loop costs nothing.
 *
 * <p>The budget is the system property {@code jasyncio.busyPoll}, in microseconds as {@code net.core.busy_poll};
 * 0 turns busy polling off. Loop thread only.
 */
final class BusyPoll {
    /** Default budget in microseconds: a few times the gap between messages on a loaded loopback connection. */
    static final long DEFAULT_MICROS = 50;
    static final String PROPERTY = "jasyncio.busyPoll";
    /** The budget every loop of this JVM uses, from {@value #PROPERTY}. */
    static final long CONFIGURED_NANOS = configuredNanos(System.getProperty(PROPERTY));

    private final long budgetNanos;
    /** Whether the next would-be blocking poll spins first (decided by how the last one ended). */
    private boolean warm;
    private long hits;
    private long spentNanos;

    BusyPoll(long budgetNanos) {
        this.budgetNanos = budgetNanos;
    }

    /** True when the poll about to block should spin first. */
    boolean shouldSpin() {
        return warm;
    }

    /** How long the spin before a poll with {@code timeoutNanos} (negative: no limit) may last. */
    long budgetFor(long timeoutNanos) {
        return timeoutNanos > 0 ? Math.min(timeoutNanos, budgetNanos) : budgetNanos;
    }

    /** A spin of {@code nanos} found work: the loop did not block. Spin next time too. */
    void hit(long nanos) {
        hits++;
        spentNanos += nanos;
        warm = true;
    }

    /** A spin of {@code nanos} found nothing: the loop goes on to block. */
    void missed(long nanos) {
        spentNanos += nanos;
    }

    /**
     * A poll that was allowed to block returned after waiting {@code waitedNanos} (to its first ready event, or to its
     * end): spin next time only if that wait was short enough for a spin to have caught it.
     */
    void waited(long waitedNanos) {
        warm = budgetNanos > 0 && waitedNanos <= budgetNanos;
    }

    /** Stop spinning until a short wait warms the loop up again (a failing poller is not spun on). */
    void cool() {
        warm = false;
    }

    /** Spins that found work, each a sleep in the poller saved. */
    long hits() {
        return hits;
    }

    /** Time spent spinning, found work or not. */
    long spentNanos() {
        return spentNanos;
    }

    /** The budget {@code value} of {@value #PROPERTY} asks for, in nanoseconds; unset or blank means the default. */
    static long configuredNanos(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_MICROS * 1_000;
        }
        try {
            long micros = Long.parseLong(value.trim());
            if (micros >= 0 && micros <= 1_000_000) {
                return micros * 1_000;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.getLogger("org.jasyncio").log(Level.WARNING, PROPERTY
                + " must be a whole number of microseconds from 0 to 1000000, not \"" + value + "\"; using "
                + DEFAULT_MICROS);
        return DEFAULT_MICROS * 1_000;
    }
}
