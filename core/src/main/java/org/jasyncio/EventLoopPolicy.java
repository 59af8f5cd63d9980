package org.jasyncio;

/** asyncio's AbstractEventLoopPolicy: where the "current" loop of a thread comes from. */
public interface EventLoopPolicy {
    /** The current loop of the calling thread; IllegalStateException when none was set. */
    EventLoop getEventLoop();

    void setEventLoop(EventLoop loop);

    EventLoop newEventLoop();
}
