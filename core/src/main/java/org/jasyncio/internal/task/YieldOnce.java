package org.jasyncio.internal.task;

import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * What {@code Asyncio.sleep(0)} returns: awaiting it suspends the task for exactly one loop iteration (asyncio's bare
 * yield), letting every other ready callback run first. Anyone else sees a future already done with null.
 */
public final class YieldOnce extends BaseFuture<Void> {
    public YieldOnce(SelectorEventLoop loop) {
        super(loop);
        setResult(null);
    }
}
