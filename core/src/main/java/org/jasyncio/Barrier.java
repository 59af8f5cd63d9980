package org.jasyncio;

import org.jasyncio.internal.sync.BarrierCore;
import org.jasyncio.internal.sync.LoopBinding;

/**
 * A meeting point for a fixed number of tasks (asyncio: {@code asyncio.Barrier}): each calls {@link #waitAsync()};
 * when the last of {@code parties} arrives, all are released together, each with its arrival index, and the barrier
 * fills again for the next round. {@link #reset()} and {@link #abort()} fail the tasks waiting at it with
 * {@link BrokenBarrierError}.
 *
 * <!-- sample: statements
 *      given: String run() -->
 * <pre>{@code
 * Barrier start = new Barrier(3);
 * for (int i = 0; i < 3; i++) {
 *     Asyncio.createTask(() -> { await(start.waitAsync()); return run(); });   // all three start together
 * }
 * }</pre>
 *
 * <p>Loop-only. Bound to the loop of its first use by a waiting task.
 */
public class Barrier {
    private final BarrierCore core;

    /**
     * A barrier for {@code parties} tasks.
     *
     * <p>asyncio: {@code asyncio.Barrier(parties)}.
     *
     * @param parties how many tasks must arrive to release them
     * @throws IllegalArgumentException "parties must be >= 1"
     */
    public Barrier(int parties) {
        core = new BarrierCore(this, parties, BrokenBarrierError::new);
    }

    /**
     * Waits at the barrier until {@code parties} tasks are waiting, then releases them all: the future is done with
     * this caller's arrival index, 0 to {@code parties - 1} (the last to arrive gets {@code parties - 1}). While the
     * barrier drains (its released tasks are leaving) or resets, a new arrival waits for the next round.
     *
     * <p>asyncio: {@code asyncio.Barrier.wait}; loop-only.
     *
     * @return a future of the arrival index; it fails with BrokenBarrierError("Barrier aborted") when the barrier is
     *     broken, and ("Abort or reset of barrier") when it is reset or aborted while waiting
     * @throws IllegalStateException "no running event loop"
     */
    public Future<Integer> waitAsync() {
        return core.waitAsync();
    }

    /**
     * Returns the barrier to its empty, filling state; tasks waiting at it fail with BrokenBarrierError. A broken
     * barrier becomes usable again.
     *
     * <p>asyncio: {@code asyncio.Barrier.reset}; loop-only.
     *
     * @return a future, already done: the reset is made at once
     */
    public Future<Void> reset() {
        return core.reset();
    }

    /**
     * Breaks the barrier: tasks waiting at it and every later {@link #waitAsync()} fail with BrokenBarrierError,
     * until {@link #reset()}.
     *
     * <p>asyncio: {@code asyncio.Barrier.abort}; loop-only.
     *
     * @return a future done once the barrier is broken
     */
    public Future<Void> abort() {
        return core.abort();
    }

    /**
     * How many tasks must arrive to release them.
     *
     * <p>asyncio: {@code asyncio.Barrier.parties}.
     *
     * @return the number of parties
     */
    public int parties() {
        return core.parties();
    }

    /**
     * How many tasks wait at the barrier while it fills (0 while it drains, resets or is broken).
     *
     * <p>asyncio: {@code asyncio.Barrier.n_waiting}.
     *
     * @return the number of waiting tasks
     */
    public int nWaiting() {
        return core.nWaiting();
    }

    /**
     * Whether the barrier is broken (aborted and not reset since).
     *
     * <p>asyncio: {@code asyncio.Barrier.broken}.
     *
     * @return true when broken
     */
    public boolean broken() {
        return core.broken();
    }

    /** asyncio's repr: {@code <Barrier object at 0x... [filling, waiters:1/3]>}. */
    @Override
    public String toString() {
        return LoopBinding.repr(this, core.describe());
    }
}
