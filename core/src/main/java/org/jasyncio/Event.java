package org.jasyncio;

import org.jasyncio.internal.sync.EventCore;
import org.jasyncio.internal.sync.LoopBinding;

/**
 * A flag tasks can wait for (asyncio: {@code asyncio.Event}): {@link #set()} wakes every waiter; while set,
 * {@link #waitAsync()} is done at once; {@link #clear()} makes later waits block again.
 *
 * <!-- sample: statements
 *      given: String serve() -->
 * <pre>{@code
 * Event ready = new Event();
 * Asyncio.createTask(() -> { await(ready.waitAsync()); return serve(); });
 * ...
 * ready.set();                                       // wakes the waiting task
 * }</pre>
 *
 * <p>Loop-only. Bound to the loop of the first caller that has to wait; waiting from another loop after that fails
 * with IllegalStateException("... is bound to a different event loop").
 */
public class Event {
    private final EventCore core = new EventCore(this);

    /** A new event, not set (asyncio: {@code asyncio.Event()}). */
    public Event() {
    }

    /**
     * Waits until the flag is set: a future done with {@code true} (already done if the flag is set now). Cancelling
     * it only takes this waiter away.
     *
     * <p>asyncio: {@code asyncio.Event.wait} (named {@code waitAsync}: {@code Object.wait} is final); loop-only.
     *
     * @return a future of {@code true}
     * @throws IllegalStateException "no running event loop", or "... is bound to a different event loop"
     */
    public Future<Boolean> waitAsync() {
        return core.waitAsync();
    }

    /**
     * Sets the flag and wakes every task waiting; does nothing when already set.
     *
     * <p>asyncio: {@code asyncio.Event.set}; loop-only.
     */
    public void set() {
        core.set();
    }

    /**
     * Clears the flag: later waits block until the next {@link #set()}. Waiters already woken stay woken.
     *
     * <p>asyncio: {@code asyncio.Event.clear}; loop-only.
     */
    public void clear() {
        core.clear();
    }

    /**
     * Whether the flag is set.
     *
     * <p>asyncio: {@code asyncio.Event.is_set}.
     *
     * @return true when set
     */
    public boolean isSet() {
        return core.isSet();
    }

    /** asyncio's repr: {@code <Event object at 0x... [unset, waiters:2]>}. */
    @Override
    public String toString() {
        return LoopBinding.repr(this, core.describe());
    }
}
