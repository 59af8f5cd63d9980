package org.jasyncio.internal.os;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jasyncio.Context;
import org.jasyncio.EventLoop;

/**
 * The Unix signal handlers of one loop ({@code add_signal_handler}). A signal arrives on a JVM thread of its own;
 * {@link #deliver} hands the callback to the loop with {@code callSoonThreadsafe}, which wakes it, so the callback
 * runs on the loop thread as a handle and an exception goes to the loop's exception handler.
 * <p>
 * Unlike asyncio, any thread may add handlers and any number of loops may have them: a signal that several loops
 * handle reaches each of them. Closing the loop removes its handlers: the loop calls {@link #removeAll} as it closes.
 * It knows the loop only as an {@link EventLoop}, so this package stays a leaf under the loop core.
 */
public final class SignalHandlers {
    private final EventLoop loop;
    /** Short signal name to its callback; read by the JVM's signal threads. */
    private final Map<String, Registration> handlers = new ConcurrentHashMap<>();
    /**
     * Held while a change updates {@link #handlers} and the process-wide subscription together (taken before the
     * dispatch's own lock, never inside it). Deliveries read the map without it.
     */
    private final Object changes = new Object();

    /** A callback and the copy of the context it runs in, taken when it was added (as asyncio's Handle does). */
    private record Registration(Runnable callback, Context context) {
    }

    /** The handlers of {@code loop}; the loop owes {@link #removeAll} a call when it closes. */
    public SignalHandlers(EventLoop loop) {
        this.loop = loop;
    }

    /**
     * Runs {@code cb} on the loop each time {@code signal} arrives, replacing this loop's earlier handler for it. Any
     * thread: the map entry and the subscription change together, so that an add racing a remove of the same
     * signal can never leave a handler in the map that the dispatch no longer sends to.
     */
    public void add(String signal, Runnable cb) {
        String name = SignalNames.shortName(signal);
        SignalDispatch.checkCatchable(name);
        Registration registration = new Registration(cb, Context.copyCurrent());
        synchronized (changes) {
            if (handlers.put(name, registration) == null) {
                try {
                    SignalDispatch.subscribe(name, this);
                } catch (RuntimeException e) {
                    handlers.remove(name);
                    throw e;
                }
            }
        }
    }

    /**
     * True if this loop had a handler for {@code signal}; the signal's previous disposition comes back with the last.
     * Any thread.
     */
    public boolean remove(String signal) {
        String name = SignalNames.shortName(signal);
        synchronized (changes) {
            if (handlers.remove(name) == null) {
                return false;
            }
            SignalDispatch.unsubscribe(name, this);
            return true;
        }
    }

    /** Removes every handler of this loop, restoring each signal's previous disposition with its last. Any thread. */
    public void removeAll() {
        for (String name : List.copyOf(handlers.keySet())) {
            remove(name);
        }
    }

    /** On a JVM signal thread: schedule the handler of {@code signal}, if this loop still has one. */
    void deliver(String signal) {
        Registration r = handlers.get(signal);
        if (r == null) {
            return;
        }
        try {
            loop.callSoonThreadsafe(r.callback(), r.context());
        } catch (IllegalStateException closed) {
            // The loop closed while the signal was on its way: like asyncio, a closed loop has no handlers.
        }
    }
}
