package org.jasyncio.internal.loop;

import java.util.Map;

/**
 * The poll step's mechanics (what asyncio's {@code _run_once} does around {@code selector.select(timeout)}): how
 * often a loop with callbacks ready still polls, the busy-poll spin before a wait, the wake-up handshake with other
 * threads, the running thread's interrupt flag, and the time spent blocked. The loop decides how long it may wait;
 * this class waits, and moves what other threads sent meanwhile to the ready queue. Loop thread only.
 */
final class IoWait {
    /**
     * While callbacks are ready the loop does not need to wait for I/O, so it polls (a syscall) only every
     * {@value #POLL_EVERY_ITERATIONS} iterations or every {@value #POLL_EVERY_NANOS} ns, whichever comes first.
     */
    static final int POLL_EVERY_ITERATIONS = 32;
    static final long POLL_EVERY_NANOS = 50_000;

    private final BaseEventLoop loop;
    private final Poller poller;
    private final Inbox inbox;
    private final ReadyQueue ready;
    private final BusyPoll busyPoll = new BusyPoll(BusyPoll.CONFIGURED_NANOS);
    private int iterationsSincePoll;
    private long lastPollNanos;
    /**
     * The running thread's interrupt flag, taken off it before each poll that may block (a set flag makes every
     * select return at once: a busy loop while idle) and put back when runForever returns.
     */
    private boolean interruptTaken;
    // Statistics (see BaseEventLoop.stats()): plain fields, written only by the thread running the loop.
    private long ioEvents;
    private long blockedNanos;

    IoWait(BaseEventLoop loop, Poller poller, Inbox inbox, ReadyQueue ready) {
        this.loop = loop;
        this.poller = poller;
        this.inbox = inbox;
        this.ready = ready;
    }

    long ioEvents() {
        return ioEvents;
    }

    long blockedNanos() {
        return blockedNanos;
    }

    BusyPoll busyPoll() {
        return busyPoll;
    }

    /** True when the loop, with callbacks ready, may skip this iteration's poll (see POLL_EVERY_*). */
    boolean maySkipPoll() {
        return poller.registrations() == 0 || ++iterationsSincePoll < POLL_EVERY_ITERATIONS
                && System.nanoTime() - lastPollNanos < POLL_EVERY_NANOS;
    }

    /** Gives the caller's interrupt back to the thread that ran the loop (when runForever returns). */
    void restoreInterrupt() {
        if (interruptTaken) {
            interruptTaken = false;
            Thread.currentThread().interrupt(); // the caller's interrupt stays the caller's
        }
    }

    /**
     * Polls for I/O, running the handlers of what is ready: at once when {@code timeout} is 0, else waiting up to
     * {@code timeout} ns (-1: no bound) for I/O or another thread's callback, spinning first when that pays.
     */
    void poll(long timeout) {
        if (timeout != 0 && busyPoll.shouldSpin()) {
            long spun = spin(timeout);
            iterationsSincePoll = 0;
            lastPollNanos = System.nanoTime();
            if (spun < 0) {
                return; // found I/O or a thread-safe callback without blocking
            }
            if (timeout > 0) {
                timeout -= spun;
                if (timeout <= 0) {
                    return; // a timer is due: the spin's polls were this iteration's
                }
            }
        }
        if (timeout != 0 && !inbox.prepareToBlock()) {
            timeout = 0;
        }
        if (timeout != 0 && Thread.interrupted()) {
            interruptTaken = true; // else this poll, and every one after, would return at once
        }
        long blockedFrom = timeout != 0 ? System.nanoTime() : 0;
        try {
            ioEvents += poller.poll(timeout);
        } catch (java.io.IOException e) {
            loop.callExceptionHandler(Map.of("message", "poller failed", "exception", e));
        } finally {
            if (timeout != 0) {
                inbox.doneBlocking();
            }
            iterationsSincePoll = 0;
            lastPollNanos = System.nanoTime();
        }
        if (blockedFrom != 0) {
            long woke = poller.firstReadyNanos(); // handlers run inside the poll: they are not blocked time
            long waited = (woke != 0 ? woke : lastPollNanos) - blockedFrom;
            blockedNanos += waited;
            busyPoll.waited(waited);
        }
        inbox.drainTo(ready);
    }

    /**
     * Polls without blocking for up to the busy-poll budget (never past {@code timeoutNanos} when that is positive),
     * yielding the core between polls. Returns -1 when it found I/O or a thread-safe callback (handlers run, the
     * callbacks moved to the ready queue), else the nanoseconds it spent finding nothing.
     */
    private long spin(long timeoutNanos) {
        long start = System.nanoTime();
        long budget = busyPoll.budgetFor(timeoutNanos);
        long now = start;
        do {
            int n;
            try {
                n = poller.poll(0);
            } catch (java.io.IOException e) {
                loop.callExceptionHandler(Map.of("message", "poller failed", "exception", e));
                busyPoll.cool(); // a failing poller is not polled in a spin again
                break;
            }
            if (n > 0 || !inbox.isEmpty()) {
                ioEvents += n;
                busyPoll.hit(System.nanoTime() - start);
                inbox.drainTo(ready);
                return -1;
            }
            Thread.yield(); // a thread that wants this core gets it: spinning never keeps a runnable peer waiting
            now = System.nanoTime();
        } while (now - start < budget);
        busyPoll.missed(now - start);
        return now - start;
    }
}
