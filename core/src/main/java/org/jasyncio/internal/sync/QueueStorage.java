package org.jasyncio.internal.sync;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/** Where a queue keeps its items: asyncio's overridable {@code _init}, {@code _put} and {@code _get}. */
public abstract class QueueStorage<T> {
    abstract int size();

    abstract void put(T item);

    abstract T take();

    /** The items in the order a repr shows them. */
    abstract List<T> snapshot();

    private static final Object NULL = new Object();

    /** First in, first out (null items allowed, as asyncio's None). */
    public static <T> QueueStorage<T> fifo() {
        return new QueueStorage<>() {
            private final ArrayDeque<Object> items = new ArrayDeque<>();

            @Override
            int size() {
                return items.size();
            }

            @Override
            void put(T item) {
                items.addLast(item == null ? NULL : item);
            }

            @SuppressWarnings("unchecked")
            @Override
            T take() {
                Object o = items.pollFirst();
                return o == NULL ? null : (T) o;
            }

            @SuppressWarnings("unchecked")
            @Override
            List<T> snapshot() {
                List<T> out = new ArrayList<>(items.size());
                for (Object o : items) {
                    out.add(o == NULL ? null : (T) o);
                }
                return out;
            }
        };
    }

    /** Last in, first out. */
    public static <T> QueueStorage<T> lifo() {
        return new QueueStorage<>() {
            private final ArrayList<T> items = new ArrayList<>();

            @Override
            int size() {
                return items.size();
            }

            @Override
            void put(T item) {
                items.add(item);
            }

            @Override
            T take() {
                return items.remove(items.size() - 1);
            }

            @Override
            List<T> snapshot() {
                return new ArrayList<>(items);
            }
        };
    }

    /**
     * Lowest first by {@code comparator}, or by the items' natural order when it is null; equal items come out in
     * the order they went in (each carries its insertion number).
     */
    public static <T> QueueStorage<T> priority(Comparator<? super T> comparator) {
        return new PriorityStorage<>(comparator);
    }

    private static final class PriorityStorage<T> extends QueueStorage<T> {
        private record Entry<T>(T item, long seq) {
        }

        private final Comparator<? super T> comparator;
        private final PriorityQueue<Entry<T>> heap;
        private long nextSeq;

        @SuppressWarnings("unchecked")
        PriorityStorage(Comparator<? super T> comparator) {
            this.comparator = comparator;
            Comparator<? super T> order = comparator != null ? comparator
                    : (a, b) -> ((Comparable<Object>) a).compareTo(b);
            Comparator<Entry<T>> byItem = (x, y) -> order.compare(x.item(), y.item());
            this.heap = new PriorityQueue<>(byItem.thenComparingLong(Entry::seq));
        }

        @Override
        int size() {
            return heap.size();
        }

        @Override
        void put(T item) {
            if (item == null) {
                throw new IllegalArgumentException("a PriorityQueue item must not be null");
            }
            if (comparator == null && !(item instanceof Comparable)) {
                throw new IllegalArgumentException("PriorityQueue items must be Comparable, or the queue needs a "
                        + "Comparator: got " + item.getClass().getName());
            }
            heap.add(new Entry<>(item, nextSeq++));
        }

        @Override
        T take() {
            return heap.poll().item();
        }

        @Override
        List<T> snapshot() {
            List<Entry<T>> sorted = new ArrayList<>(heap);
            sorted.sort(heap.comparator());
            List<T> out = new ArrayList<>(sorted.size());
            for (Entry<T> e : sorted) {
                out.add(e.item());
            }
            return out;
        }
    }
}
