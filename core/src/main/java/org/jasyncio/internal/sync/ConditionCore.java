package org.jasyncio.internal.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code locks.Condition} on a {@link LockCore}: {@code wait()} releases the lock, waits to be notified,
 * then re-acquires the lock (even when cancelled, re-raising the cancellation afterwards); a wait that ends with an
 * exception notifies one other waiter, since it may have consumed a notification.
 */
public final class ConditionCore {
    private final Object owner;
    final LockCore lock;
    final ArrayDeque<ConditionWait> waiters = new ArrayDeque<>();
    /** Waits notified or cancelled whose task has not run yet: asyncio's _waiters still holds them (repr). */
    int resuming;
    private SelectorEventLoop loop;

    public ConditionCore(Object owner, LockCore lock) {
        this.owner = owner;
        this.lock = lock;
    }

    public LockCore lock() {
        return lock;
    }

    public Future<Boolean> waitAsync() {
        if (!lock.locked) {
            throw new IllegalStateException("cannot wait on un-acquired lock");
        }
        loop = LoopBinding.bind(loop, owner);
        ConditionWait w = new ConditionWait(this, loop);
        lock.release();
        waiters.add(w);
        return w;
    }

    public <T> Future<T> waitFor(Supplier<T> predicate) {
        if (predicate == null) {
            throw new IllegalArgumentException("predicate must not be null");
        }
        SelectorEventLoop running = LoopBinding.running();
        T result = predicate.get();
        if (truthy(result)) {
            BaseFuture<T> f = new BaseFuture<>(running);
            f.setResult(result);
            return f;
        }
        // The first wait() starts here: it throws "cannot wait on un-acquired lock" when the lock is not held.
        return new ConditionWaitFor<>(this, predicate, running);
    }

    /** Python truthiness for what a predicate returns: not null and not {@code Boolean.FALSE}. */
    static boolean truthy(Object value) {
        return value != null && !Boolean.FALSE.equals(value);
    }

    public void notify(int n) {
        if (!lock.locked) {
            throw new IllegalStateException("cannot notify on un-acquired lock");
        }
        notifyWaiters(n);
    }

    public void notifyAll_() {
        notify(waiters.size());
    }

    /** Wakes up to {@code n} waiters, first come first: each goes on to wait for the lock. */
    void notifyWaiters(int n) {
        if (n <= 0 || waiters.isEmpty()) {
            return;
        }
        List<ConditionWait> woken = new ArrayList<>(Math.min(n, waiters.size()));
        for (ConditionWait w : waiters) {
            if (woken.size() >= n) {
                break;
            }
            woken.add(w);
        }
        for (ConditionWait w : woken) {
            w.notified();
        }
    }

    public String describe() {
        String extra = lock.locked ? "locked" : "unlocked";
        int n = waiters.size() + resuming;
        return n == 0 ? extra : extra + ", waiters:" + n;
    }
}
