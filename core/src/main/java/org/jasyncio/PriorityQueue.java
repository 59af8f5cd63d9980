package org.jasyncio;

import java.util.Comparator;
import org.jasyncio.internal.sync.QueueStorage;

/**
 * A {@link Queue} that hands out the lowest item first (asyncio: {@code asyncio.PriorityQueue}), by the items'
 * natural order or by a {@link Comparator}; equal items come out in the order they were put. Items must not be
 * null; without a comparator they must be {@link Comparable} (IllegalArgumentException at the put otherwise).
 *
 * <p>Loop-only, as {@link Queue} (asyncio's queues are not thread-safe either).
 *
 * @param <T> the items' type
 */
public class PriorityQueue<T> extends Queue<T> {
    /** An unbounded priority queue in natural order (asyncio: {@code asyncio.PriorityQueue()}). */
    public PriorityQueue() {
        this(0);
    }

    /**
     * A priority queue in natural order of at most {@code maxsize} items (0 or less: unbounded).
     *
     * @param maxsize the most items it holds
     */
    public PriorityQueue(int maxsize) {
        super(maxsize, QueueStorage.priority(null));
    }

    /**
     * An unbounded priority queue ordered by {@code comparator}.
     *
     * @param comparator the order, lowest first
     * @throws IllegalArgumentException when {@code comparator} is null
     */
    public PriorityQueue(Comparator<? super T> comparator) {
        this(0, comparator);
    }

    /**
     * A priority queue ordered by {@code comparator} of at most {@code maxsize} items (0 or less: unbounded).
     *
     * @param maxsize the most items it holds
     * @param comparator the order, lowest first
     * @throws IllegalArgumentException when {@code comparator} is null
     */
    public PriorityQueue(int maxsize, Comparator<? super T> comparator) {
        super(maxsize, QueueStorage.priority(requireComparator(comparator)));
    }

    private static <T> Comparator<T> requireComparator(Comparator<T> c) {
        if (c == null) {
            throw new IllegalArgumentException("comparator must not be null");
        }
        return c;
    }
}
