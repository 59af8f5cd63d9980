package org.jasyncio.internal.loop;

/**
 * A handle scheduled with {@code callSoonThreadsafe}. Its caller may be on any thread and cannot see when the loop
 * closes, so the loop keeps a promise to it that asyncio does not: once accepted, it runs, even if the loop closes
 * before reaching it ({@link BaseEventLoop#close()} runs the ones still in the inbox). Plain {@code callSoon}
 * handles left over at close are dropped, as asyncio drops them.
 */
final class ThreadsafeHandle extends CallbackHandle {
    ThreadsafeHandle(BaseEventLoop loop, Runnable callback, Object context) {
        super(loop, callback, context);
    }
}
