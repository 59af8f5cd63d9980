package org.jasyncio.internal.task;

import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * What {@code Asyncio.sleep(0)} returns: awaiting it suspends the task for exactly one loop iteration (asyncio's bare
 * yield), letting every other ready callback run first, and then gives its value. Anyone else sees a future already
 * done with that value.
 */
public final class YieldOnce<T> extends BaseFuture<T> {
    public YieldOnce(SelectorEventLoop loop) {
        this(loop, null);
    }

    public YieldOnce(SelectorEventLoop loop, T value) {
        super(loop);
        setResult(value);
    }
}
