package org.jasyncio.internal.sync;

import java.util.ArrayDeque;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code locks.Lock}: FIFO, with fair hand-over. A free lock is taken at once unless a waiter that was not
 * cancelled is queued; a release wakes the first waiter, which takes the lock when its task resumes; a waiter that is
 * cancelled (before or after it was woken) wakes the next one if the lock is free.
 */
public final class LockCore {
    private final Object owner;
    boolean locked;
    /** Created with the first waiter, as asyncio's. */
    ArrayDeque<LockSlot> waiters;
    SelectorEventLoop loop;
    private BaseFuture<Boolean> acquired;

    public LockCore(Object owner) {
        this.owner = owner;
    }

    public boolean locked() {
        return locked;
    }

    public Future<Boolean> acquire() {
        SelectorEventLoop running = LoopBinding.running();
        if (!locked && allCancelled()) {
            locked = true;
            BaseFuture<Boolean> f = LoopBinding.done(acquired, running, Boolean.TRUE);
            acquired = f;
            return f;
        }
        loop = LoopBinding.bind(loop, running, owner);
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        LockWaiter w = new LockWaiter(this);
        waiters.add(w);
        return w;
    }

    /** asyncio's "fair scheduling" test: no waiter, or only cancelled ones (jumping them is an optimisation). */
    boolean allCancelled() {
        if (waiters == null) {
            return true;
        }
        for (LockSlot w : waiters) {
            if (!w.slotCancelled()) {
                return false;
            }
        }
        return true;
    }

    public void release() {
        if (!locked) {
            throw new IllegalStateException("Lock is not acquired.");
        }
        locked = false;
        wakeUpFirst();
    }

    /** Makes sure the first waiter will wake up; a done first waiter is already set to. */
    void wakeUpFirst() {
        if (waiters == null) {
            return;
        }
        LockSlot first = waiters.peekFirst();
        if (first != null && !first.slotDone()) {
            first.grant();
        }
    }

    SelectorEventLoop bind() {
        loop = LoopBinding.bind(loop, owner);
        return loop;
    }

    void enqueue(LockSlot slot) {
        if (waiters == null) {
            waiters = new ArrayDeque<>();
        }
        waiters.add(slot);
    }

    int waiterCount() {
        return waiters == null ? 0 : waiters.size();
    }

    public String describe() {
        String extra = locked ? "locked" : "unlocked";
        int n = waiterCount();
        return n > 0 ? extra + ", waiters:" + n : extra;
    }

    /** A plain {@code acquire()} that had to wait. */
    static final class LockWaiter extends LockSlot {
        private final LockCore lock;

        LockWaiter(LockCore lock) {
            super(lock.loop);
            this.lock = lock;
        }

        @Override
        boolean slotDone() {
            return done();
        }

        @Override
        boolean slotCancelled() {
            return cancelled();
        }

        @Override
        void grant() {
            wake(Boolean.TRUE);
        }

        @Override
        protected void decide(boolean declined) {
            lock.waiters.remove(this);
            if (cancelled() || declined) {
                // The lock invariant: if nobody holds or is about to take the lock, the first waiter must run.
                if (!lock.locked) {
                    lock.wakeUpFirst();
                }
            } else {
                lock.locked = true;
            }
        }

        @Override
        public String toString() {
            return "<LockWaiter " + describeState() + ">";
        }
    }
}
