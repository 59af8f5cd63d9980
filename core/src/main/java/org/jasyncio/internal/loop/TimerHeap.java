package org.jasyncio.internal.loop;

import java.util.Arrays;

/**
 * A binary min-heap of timers ordered by (when, sequence). Cancelled timers stay until they reach the top or until
 * they are the majority, when the whole heap is filtered and rebuilt in linear time, as asyncio does.
 */
final class TimerHeap {
    /** asyncio's _MIN_SCHEDULED_TIMER_HANDLES and _MIN_CANCELLED_TIMER_HANDLES_FRACTION. */
    static final int MIN_SCHEDULED_FOR_PURGE = 100;
    static final double MIN_CANCELLED_FRACTION_FOR_PURGE = 0.5;

    private ScheduledHandle[] heap = new ScheduledHandle[64];
    private int size;
    private int cancelledCount;

    int size() {
        return size;
    }

    int cancelledCount() {
        return cancelledCount;
    }

    ScheduledHandle peek() {
        return size == 0 ? null : heap[0];
    }

    void push(ScheduledHandle h) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        h.scheduled = true;
        siftUp(size++, h);
    }

    ScheduledHandle pop() {
        ScheduledHandle top = heap[0];
        ScheduledHandle last = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0, last);
        }
        top.scheduled = false;
        if (top.cancelled) {
            cancelledCount--;
        }
        return top;
    }

    /** A scheduled timer was cancelled. */
    void noteCancelled() {
        cancelledCount++;
    }

    /** Drops cancelled timers: all of them when they are many, else only those at the top. */
    void purgeCancelled() {
        if (size > MIN_SCHEDULED_FOR_PURGE && cancelledCount > size * MIN_CANCELLED_FRACTION_FOR_PURGE) {
            int kept = 0;
            for (int i = 0; i < size; i++) {
                ScheduledHandle h = heap[i];
                if (h.cancelled) {
                    h.scheduled = false;
                } else {
                    heap[kept++] = h;
                }
            }
            Arrays.fill(heap, kept, size, null);
            size = kept;
            cancelledCount = 0;
            for (int i = (size >>> 1) - 1; i >= 0; i--) {
                siftDown(i, heap[i]);
            }
        } else {
            while (size > 0 && heap[0].cancelled) {
                pop();
            }
        }
    }

    void clear() {
        for (int i = 0; i < size; i++) {
            heap[i].scheduled = false;
            heap[i] = null;
        }
        size = 0;
        cancelledCount = 0;
    }

    private void siftUp(int i, ScheduledHandle h) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            ScheduledHandle p = heap[parent];
            if (!h.runsBefore(p)) {
                break;
            }
            heap[i] = p;
            i = parent;
        }
        heap[i] = h;
    }

    private void siftDown(int i, ScheduledHandle h) {
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            ScheduledHandle c = heap[child];
            int right = child + 1;
            if (right < size && heap[right].runsBefore(c)) {
                child = right;
                c = heap[child];
            }
            if (!c.runsBefore(h)) {
                break;
            }
            heap[i] = c;
            i = child;
        }
        heap[i] = h;
    }
}
