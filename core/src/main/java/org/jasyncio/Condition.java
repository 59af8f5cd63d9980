package org.jasyncio;

import java.util.function.Supplier;
import org.jasyncio.internal.sync.ConditionCore;
import org.jasyncio.internal.sync.LoopBinding;

/**
 * A condition variable for tasks (asyncio: {@code asyncio.Condition}): holding its lock, a task waits with
 * {@link #waitAsync()} until another task calls {@link #signal()}; the wait gives the lock up meanwhile and has it
 * again when it returns, even when it ends with a cancellation. {@code notify()} is named {@link #signal()} here,
 * {@code notify_all()} {@link #signalAll()}, {@code wait()} {@link #waitAsync()}: {@code java.lang.Object} owns
 * those names.
 *
 * <!-- sample: statements
 *      given: List<String> items -->
 * <pre>{@code
 * Condition changed = new Condition();
 * // consumer task: waits, lock held, until an item is there
 * String item = changed.withLock(() -> {
 *     await(changed.waitFor(() -> !items.isEmpty()));
 *     return items.removeFirst();
 * });
 * // producer task:
 * changed.withLock(() -> { items.add("x"); changed.signal(); return null; });
 * }</pre>
 *
 * <p>Loop-only. Bound to the loop of the first wait; waiting from another loop after that fails with
 * IllegalStateException("... is bound to a different event loop").
 */
public class Condition {
    private final Lock lock;
    private final ConditionCore core;

    /** A condition with a new lock of its own (asyncio: {@code asyncio.Condition()}). */
    public Condition() {
        this(new Lock());
    }

    /**
     * A condition on {@code lock}, which other code may also acquire directly.
     *
     * <p>asyncio: {@code asyncio.Condition(lock)}.
     *
     * @param lock the underlying lock
     * @throws IllegalArgumentException when {@code lock} is null
     */
    public Condition(Lock lock) {
        if (lock == null) {
            throw new IllegalArgumentException("lock must not be null");
        }
        this.lock = lock;
        this.core = new ConditionCore(this, lock.core);
    }

    /**
     * Acquires the underlying lock, as {@link Lock#acquire()}.
     *
     * <p>asyncio: {@code asyncio.Condition.acquire}; loop-only.
     *
     * @return a future of {@code true}
     */
    public Future<Boolean> acquire() {
        return lock.acquire();
    }

    /**
     * Releases the underlying lock, as {@link Lock#release()}.
     *
     * <p>asyncio: {@code asyncio.Condition.release}; loop-only.
     *
     * @throws IllegalStateException "Lock is not acquired."
     */
    public void release() {
        lock.release();
    }

    /**
     * Whether the underlying lock is held.
     *
     * <p>asyncio: {@code asyncio.Condition.locked}.
     *
     * @return true when locked
     */
    public boolean locked() {
        return lock.locked();
    }

    /**
     * Runs {@code body} in the current task while holding the underlying lock (asyncio: {@code async with cond:}).
     *
     * <p>asyncio: {@code async with condition}; only inside a task of the loop.
     *
     * @param body what to run
     * @param <T> what the body returns
     * @return what the body returned
     * @throws Exception what the body threw; CancelledError when cancelled while waiting for the lock
     */
    public <T> T withLock(Coroutine<T> body) throws Exception {
        return lock.withLock(body);
    }

    /**
     * Waits until signalled: releases the lock, waits for {@link #signal()}/{@link #signalAll()}, then re-acquires
     * the lock; the future is done with {@code true} when the lock is held again. Cancelled meanwhile, it still
     * re-acquires the lock before it ends cancelled, and then signals one other waiter in its place (the spurious
     * wake-up asyncio allows). Awaited by a task alone, a notified wait re-acquires the lock in that task's next step,
     * as asyncio's; with other awaiters it queues for the lock at once. Always re-check your state after it.
     *
     * <p>asyncio: {@code asyncio.Condition.wait}; loop-only.
     *
     * @return a future of {@code true}, done with the lock held
     * @throws IllegalStateException "cannot wait on un-acquired lock" when the lock is not held; "no running event
     *     loop"; "... is bound to a different event loop"
     */
    public Future<Boolean> waitAsync() {
        return core.waitAsync();
    }

    /**
     * Waits until {@code predicate} returns a truthy value (not null and not {@code Boolean.FALSE}): evaluates it now
     * and after every wake-up, with the lock held; the future is done with that value. A predicate that is truthy at
     * once needs no lock and does not wait. An exception from the predicate fails the future (the lock stays held).
     *
     * <p>asyncio: {@code asyncio.Condition.wait_for}; loop-only.
     *
     * @param predicate the condition to wait for, called on the loop with the lock held
     * @param <T> what the predicate returns
     * @return a future of the first truthy value
     * @throws IllegalStateException "cannot wait on un-acquired lock" when it has to wait and the lock is not held
     */
    public <T> Future<T> waitFor(Supplier<T> predicate) {
        return core.waitFor(predicate);
    }

    /**
     * Wakes one waiting task, if any; it returns from its wait once it has the lock again (so release the lock).
     *
     * <p>asyncio: {@code asyncio.Condition.notify()}; loop-only.
     *
     * @throws IllegalStateException "cannot notify on un-acquired lock"
     */
    public void signal() {
        core.notify(1);
    }

    /**
     * Wakes up to {@code n} waiting tasks, first come first.
     *
     * <p>asyncio: {@code asyncio.Condition.notify(n)}; loop-only.
     *
     * @param n how many to wake at most
     * @throws IllegalStateException "cannot notify on un-acquired lock"
     */
    public void signal(int n) {
        core.notify(n);
    }

    /**
     * Wakes every waiting task.
     *
     * <p>asyncio: {@code asyncio.Condition.notify_all}; loop-only.
     *
     * @throws IllegalStateException "cannot notify on un-acquired lock"
     */
    public void signalAll() {
        core.notifyAll_();
    }

    /** asyncio's repr: {@code <Condition object at 0x... [locked, waiters:1]>}. */
    @Override
    public String toString() {
        return LoopBinding.repr(this, core.describe());
    }
}
