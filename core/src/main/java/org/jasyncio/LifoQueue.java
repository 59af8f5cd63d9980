package org.jasyncio;

import org.jasyncio.internal.sync.QueueStorage;

/**
 * A {@link Queue} that hands out the most recently put item first (asyncio: {@code asyncio.LifoQueue}).
 *
 * <p>Loop-only, as {@link Queue} (asyncio's queues are not thread-safe either).
 *
 * @param <T> the items' type
 */
public class LifoQueue<T> extends Queue<T> {
    /** An unbounded LIFO queue (asyncio: {@code asyncio.LifoQueue()}). */
    public LifoQueue() {
        this(0);
    }

    /**
     * A LIFO queue of at most {@code maxsize} items (0 or less: unbounded).
     *
     * @param maxsize the most items it holds
     */
    public LifoQueue(int maxsize) {
        super(maxsize, QueueStorage.lifo());
    }
}
