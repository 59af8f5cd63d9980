package org.jasyncio;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import org.jasyncio.internal.events.StandardEventLoop;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * The default policy ({@code asyncio: asyncio.DefaultEventLoopPolicy}): one current loop per thread, set
 * explicitly. As in asyncio 3.14, {@link #getEventLoop()} never creates a loop implicitly. Thread-safe.
 */
public class DefaultEventLoopPolicy implements EventLoopPolicy {
    /** A policy with no current loop in any thread. */
    public DefaultEventLoopPolicy() {
    }

    /** Current loops by thread, held weakly so finished threads go. */
    private final Map<Thread, EventLoop> current = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * The thread whose current loop the caller sees: its own, except for a task body on its own thread (portable
     * engine), which acts for the loop thread that runs it.
     */
    private static Thread owner() {
        Thread loopThread = SelectorEventLoop.runningThreadOf(SelectorEventLoop.running());
        return loopThread != null ? loopThread : Thread.currentThread();
    }

    /**
     * {@inheritDoc}
     *
     * <p>Inside a task body (under either coroutine engine) the loop thread's current loop is answered.
     *
     * @throws IllegalStateException "There is no current event loop in thread '&lt;name&gt;'." when none was set
     */
    @Override
    public EventLoop getEventLoop() {
        EventLoop loop = current.get(owner());
        if (loop == null) {
            throw new IllegalStateException(
                    "There is no current event loop in thread '" + Thread.currentThread().getName() + "'.");
        }
        return loop;
    }

    /** {@inheritDoc} */
    @Override
    public void setEventLoop(EventLoop loop) {
        if (loop == null) {
            current.remove(owner());
        } else {
            current.put(owner(), loop);
        }
    }

    /** {@inheritDoc} */
    @Override
    public EventLoop newEventLoop() {
        return new StandardEventLoop();
    }
}
