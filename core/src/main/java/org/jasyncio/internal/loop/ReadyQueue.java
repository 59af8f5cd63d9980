package org.jasyncio.internal.loop;

/**
 * The loop thread's own FIFO of runnable handles: a growable ring buffer, no locks, no nodes.
 */
final class ReadyQueue {
    private CallbackHandle[] items = new CallbackHandle[1024];
    private int head;
    private int size;

    void add(CallbackHandle h) {
        if (size == items.length) {
            grow();
        }
        items[(head + size) & (items.length - 1)] = h;
        size++;
    }

    CallbackHandle poll() {
        CallbackHandle h = items[head];
        items[head] = null;
        head = (head + 1) & (items.length - 1);
        size--;
        return h;
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    void clear() {
        while (size > 0) {
            poll();
        }
    }

    private void grow() {
        CallbackHandle[] bigger = new CallbackHandle[items.length * 2];
        for (int i = 0; i < size; i++) {
            bigger[i] = items[(head + i) & (items.length - 1)];
        }
        items = bigger;
        head = 0;
    }
}
