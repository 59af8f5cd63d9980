package org.jasyncio;

import org.jasyncio.internal.sync.LockCore;
import org.jasyncio.internal.sync.LoopBinding;

/**
 * A mutual-exclusion lock for tasks of one loop (asyncio: {@code asyncio.Lock}). Not owned by a task: any task may
 * release it. Waiters are served first come, first served; a waiter that is cancelled never takes a wake-up from
 * the others, and one cancelled after it was woken passes the lock on.
 *
 * <!-- sample: statements runs -->
 * <pre>{@code
 * Lock lock = new Lock();
 * Asyncio.await(lock.acquire());
 * try {
 *     ...
 * } finally {
 *     lock.release();
 * }
 * // or: lock.withLock(() -> ...);
 * }</pre>
 *
 * <p>Loop-only: use it from tasks and callbacks of one loop. It is bound to that loop the first time a caller has to
 * wait; after that, waiting from another loop fails with IllegalStateException("... is bound to a different event
 * loop"). It can be created anywhere, with or without a running loop.
 */
public class Lock {
    final LockCore core = new LockCore(this);

    /** A new, unlocked lock (asyncio: {@code asyncio.Lock()}). */
    public Lock() {
    }

    /**
     * Acquires the lock: a future done with {@code true} once this caller holds it. A free lock with nobody queued
     * (or only cancelled waiters) is taken at once and the future is already done; otherwise the caller queues and
     * takes the lock when its task resumes after a release. Cancelling the future (or the task awaiting it) leaves
     * the queue as if the caller had never come.
     *
     * <p>asyncio: {@code asyncio.Lock.acquire}; loop-only.
     *
     * @return a future of {@code true}
     * @throws IllegalStateException "no running event loop", or "... is bound to a different event loop"
     */
    public Future<Boolean> acquire() {
        return core.acquire();
    }

    /**
     * Releases the lock and wakes the first waiter, if any. Any task may release it.
     *
     * <p>asyncio: {@code asyncio.Lock.release}; loop-only.
     *
     * @throws IllegalStateException "Lock is not acquired." when it is not locked
     */
    public void release() {
        core.release();
    }

    /**
     * Whether the lock is held.
     *
     * <p>asyncio: {@code asyncio.Lock.locked}.
     *
     * @return true when locked
     */
    public boolean locked() {
        return core.locked();
    }

    /**
     * Runs {@code body} in the current task while holding the lock: acquires (suspending the task while it waits),
     * runs the body and releases the lock however the body ends (asyncio: {@code async with lock:}).
     *
     * <p>asyncio: {@code async with lock}; only inside a task of the loop.
     *
     * @param body what to run while holding the lock
     * @param <T> what the body returns
     * @return what the body returned
     * @throws Exception what the body threw; CancelledError when cancelled while waiting; IllegalStateException
     *     outside a task
     */
    public <T> T withLock(Coroutine<T> body) throws Exception {
        Asyncio.await(core.acquire());
        try {
            return body.call();
        } finally {
            core.release();
        }
    }

    /** asyncio's repr: {@code <Lock object at 0x... [locked, waiters:1]>}. */
    @Override
    public String toString() {
        return LoopBinding.repr(this, core.describe());
    }
}
