package org.jasyncio.internal.loop;

import java.lang.System.Logger.Level;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What runs when a loop closes, before its poller goes: hooks added and removed from any thread, run in the order
 * they were added, on the closing thread. A hook that fails is logged and the next one runs.
 */
final class CloseHooks {
    /** Insertion-ordered, and cheap to remove from: a thread-safe coroutine run leaves its hook once it is done. */
    private final Set<Runnable> hooks = new LinkedHashSet<>();

    /** Any thread. */
    void add(Runnable hook) {
        synchronized (hooks) {
            hooks.add(hook);
        }
    }

    /** Any thread. */
    void remove(Runnable hook) {
        synchronized (hooks) {
            hooks.remove(hook);
        }
    }

    /** Runs the hooks there are now (one added or removed by a hook changes nothing for this run). */
    void runAll(BaseEventLoop loop) {
        List<Runnable> now;
        synchronized (hooks) {
            now = List.copyOf(hooks);
        }
        for (Runnable hook : now) {
            try {
                hook.run();
            } catch (RuntimeException e) {
                ExceptionReporting.LOGGER.log(Level.WARNING, "error while closing " + loop, e);
            }
        }
    }
}
