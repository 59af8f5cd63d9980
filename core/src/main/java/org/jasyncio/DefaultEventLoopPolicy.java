package org.jasyncio;

import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * The default policy: one current loop per thread, set explicitly. As in asyncio 3.14, {@link #getEventLoop()} never
 * creates a loop implicitly.
 */
public class DefaultEventLoopPolicy implements EventLoopPolicy {
    private final ThreadLocal<EventLoop> current = new ThreadLocal<>();

    @Override
    public EventLoop getEventLoop() {
        EventLoop loop = current.get();
        if (loop == null) {
            throw new IllegalStateException(
                    "There is no current event loop in thread '" + Thread.currentThread().getName() + "'.");
        }
        return loop;
    }

    @Override
    public void setEventLoop(EventLoop loop) {
        if (loop == null) {
            current.remove();
        } else {
            current.set(loop);
        }
    }

    @Override
    public EventLoop newEventLoop() {
        return new SelectorEventLoop();
    }
}
