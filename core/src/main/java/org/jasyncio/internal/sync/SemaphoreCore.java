package org.jasyncio.internal.sync;

import java.util.ArrayDeque;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code locks.Semaphore} (3.11.1+ bookkeeping): FIFO even when the value is above zero while waiters
 * queue; {@code release()} hands a permit to the first waiter at once ({@code _wake_up_next} counts it), a woken
 * waiter whose task is cancelled gives the permit back, and every finished wait wakes as many as the value allows.
 */
public final class SemaphoreCore {
    private final Object owner;
    int value;
    ArrayDeque<SemaphoreWaiter> waiters;
    private SelectorEventLoop loop;
    private BaseFuture<Boolean> acquired;

    public SemaphoreCore(Object owner, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("Semaphore initial value must be >= 0");
        }
        this.owner = owner;
        this.value = value;
    }

    public int value() {
        return value;
    }

    /** Cannot be acquired at once: the value is zero, or a waiter that was not cancelled comes first. */
    public boolean locked() {
        if (value == 0) {
            return true;
        }
        if (waiters != null) {
            for (SemaphoreWaiter w : waiters) {
                if (!w.cancelled()) {
                    return true;
                }
            }
        }
        return false;
    }

    public Future<Boolean> acquire() {
        SelectorEventLoop running = LoopBinding.running();
        if (!locked()) {
            value--;
            BaseFuture<Boolean> f = LoopBinding.done(acquired, running, Boolean.TRUE);
            acquired = f;
            return f;
        }
        loop = LoopBinding.bind(loop, running, owner);
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        SemaphoreWaiter w = new SemaphoreWaiter(this);
        waiters.add(w);
        return w;
    }

    public void release() {
        value++;
        wakeUpNext();
    }

    /** Wakes the first waiter that is not done, counting its permit; false when there was none. */
    boolean wakeUpNext() {
        if (waiters == null) {
            return false;
        }
        for (SemaphoreWaiter w : waiters) {
            if (!w.done()) {
                value--;
                w.grant();
                return true;
            }
        }
        return false;
    }

    public String describe() {
        String extra = locked() ? "locked" : "unlocked, value:" + value;
        int n = waiters == null ? 0 : waiters.size();
        return n > 0 ? extra + ", waiters:" + n : extra;
    }

    static final class SemaphoreWaiter extends Waiter<Boolean> {
        private final SemaphoreCore sem;

        SemaphoreWaiter(SemaphoreCore sem) {
            super(sem.loop);
            this.sem = sem;
        }

        void grant() {
            wake(Boolean.TRUE);
        }

        @Override
        protected void decide(boolean declined) {
            sem.waiters.remove(this);
            if (declined) {
                sem.value++; // woken, but the task will not take the permit: undo _wake_up_next's count
            }
            // New waiters may have queued behind us because of FIFO: wake as many as the value allows.
            while (sem.value > 0) {
                if (!sem.wakeUpNext()) {
                    break;
                }
            }
        }
    }
}
