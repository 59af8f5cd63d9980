package org.jasyncio.internal.sync;

import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * An entry in a lock's queue of waiters: a plain {@code acquire()} ({@link LockWaiter}) or a condition waiter that
 * re-acquires the lock ({@link ConditionWait}). The lock only asks whether the entry was already woken or cancelled,
 * and wakes it.
 */
abstract class LockSlot extends Waiter<Boolean> {
    LockSlot(SelectorEventLoop loop) {
        super(loop);
    }

    /** asyncio's {@code fut.done()} for the lock's future: woken or cancelled. */
    abstract boolean slotDone();

    /** asyncio's {@code fut.cancelled()} for the lock's future. */
    abstract boolean slotCancelled();

    /** asyncio's {@code fut.set_result(True)}: the lock is this entry's once it resumes. */
    abstract void grant();
}
