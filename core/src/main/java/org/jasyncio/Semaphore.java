package org.jasyncio;

import org.jasyncio.internal.sync.LoopBinding;
import org.jasyncio.internal.sync.SemaphoreCore;

/**
 * A counter of permits (asyncio: {@code asyncio.Semaphore}): {@link #acquire()} takes one, waiting while there is
 * none; {@link #release()} gives one back and wakes the first waiter. Strictly first come, first served: while
 * waiters that were not cancelled are queued, a new caller queues too even if a permit is free. A waiter cancelled
 * after it was handed a permit gives it back to the next one.
 *
 * <!-- sample: statements
 *      given: String url; Future<byte[]> fetch(String url) -->
 * <pre>{@code
 * Semaphore slots = new Semaphore(10);               // at most 10 fetches at once
 * byte[] page = slots.withLock(() -> await(fetch(url)));
 * }</pre>
 *
 * <p>Loop-only. Bound to the loop of the first caller that has to wait; waiting from another loop after that fails
 * with IllegalStateException("... is bound to a different event loop").
 */
public class Semaphore {
    final SemaphoreCore core;

    /** A semaphore with one permit (asyncio: {@code asyncio.Semaphore()}). */
    public Semaphore() {
        this(1);
    }

    /**
     * A semaphore with {@code value} permits.
     *
     * <p>asyncio: {@code asyncio.Semaphore(value)}.
     *
     * @param value the initial number of permits
     * @throws IllegalArgumentException "Semaphore initial value must be >= 0"
     */
    public Semaphore(int value) {
        core = new SemaphoreCore(this, value);
    }

    /**
     * Takes a permit: a future done with {@code true} once this caller has one (already done when one was free and
     * nobody was queued). Cancelling it never loses a permit.
     *
     * <p>asyncio: {@code asyncio.Semaphore.acquire}; loop-only.
     *
     * @return a future of {@code true}
     * @throws IllegalStateException "no running event loop", or "... is bound to a different event loop"
     */
    public Future<Boolean> acquire() {
        return core.acquire();
    }

    /**
     * Gives a permit back and hands it to the first waiter, if any. Releasing more often than acquiring raises the
     * count above the initial value (see {@link BoundedSemaphore}).
     *
     * <p>asyncio: {@code asyncio.Semaphore.release}; loop-only.
     */
    public void release() {
        core.release();
    }

    /**
     * Whether {@link #acquire()} would have to wait: no permit left, or waiters queued ahead.
     *
     * <p>asyncio: {@code asyncio.Semaphore.locked}.
     *
     * @return true when an acquire cannot succeed at once
     */
    public boolean locked() {
        return core.locked();
    }

    /**
     * Runs {@code body} in the current task while holding a permit (asyncio: {@code async with sem:}).
     *
     * <p>asyncio: {@code async with semaphore}; only inside a task of the loop.
     *
     * @param body what to run
     * @param <T> what the body returns
     * @return what the body returned
     * @throws Exception what the body threw; CancelledError when cancelled while waiting; IllegalStateException
     *     outside a task
     */
    public <T> T withLock(Coroutine<T> body) throws Exception {
        Asyncio.await(acquire());
        try {
            return body.call();
        } finally {
            release();
        }
    }

    /** asyncio's repr: {@code <Semaphore object at 0x... [unlocked, value:2]>}. */
    @Override
    public String toString() {
        return LoopBinding.repr(this, core.describe());
    }
}
