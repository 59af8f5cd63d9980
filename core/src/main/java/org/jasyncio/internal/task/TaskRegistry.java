package org.jasyncio.internal.task;

import java.lang.ref.WeakReference;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jasyncio.Task;

/**
 * The pending tasks of one loop, for {@code allTasks()}, held weakly: a task nobody references can be collected, and
 * its reference then reports it ({@link PendingTaskReport}). Slots are reused through a free list, so registering
 * costs one reference.
 */
public final class TaskRegistry {
    private WeakReference<?>[] slots = new WeakReference<?>[64];
    private int[] free = new int[64];
    private int freeCount;
    private int used;
    /** Registered tasks not yet unregistered nor found collected. */
    private int live;
    private boolean watchingClose;

    void register(CoroutineTask<?> task) {
        if (!watchingClose) {
            watchingClose = true;
            task.loop.onClose(this::loopClosing);
        }
        int slot;
        if (freeCount > 0) {
            slot = free[--freeCount];
        } else {
            if (used == slots.length) {
                compactOrGrow();
            }
            slot = freeCount > 0 ? free[--freeCount] : used++;
        }
        slots[slot] = new PendingTaskReport(task);
        task.registrySlot = slot;
        live++;
    }

    void unregister(CoroutineTask<?> task) {
        int slot = task.registrySlot;
        if (slot >= 0) {
            slots[slot] = null;
            task.registrySlot = -1;
            pushFree(slot);
            live--;
        }
    }

    /** The task may be collected pending without a report (asyncio's {@code _log_destroy_pending = False}). */
    void silence(CoroutineTask<?> task) {
        if (task.registrySlot >= 0) {
            ((PendingTaskReport) slots[task.registrySlot]).silence();
        }
    }

    /** The task was renamed: a report names it as it is called now. */
    void renamed(CoroutineTask<?> task, String name) {
        if (task.registrySlot >= 0) {
            ((PendingTaskReport) slots[task.registrySlot]).renamed(name);
        }
    }

    /**
     * The loop closes: the tasks still pending will be reported when collected even if the loop, and this registry
     * with it, are dropped first (asyncio reports a task a closed loop left pending when it is collected).
     */
    private void loopClosing() {
        for (int i = 0; i < used; i++) {
            if (slots[i] instanceof PendingTaskReport report && report.get() != null) {
                report.outliveLoop();
            }
        }
    }

    private void pushFree(int slot) {
        if (freeCount == free.length) {
            free = Arrays.copyOf(free, free.length * 2);
        }
        free[freeCount++] = slot;
    }

    private void compactOrGrow() {
        for (int i = 0; i < used; i++) {
            if (slots[i] != null && slots[i].get() == null) {
                slots[i] = null;
                pushFree(i);
                live--;
            }
        }
        if (freeCount == 0) {
            slots = Arrays.copyOf(slots, slots.length * 2);
        }
    }

    /** How many tasks are registered and not yet done (collected ones that never finished count until found). */
    public int liveCount() {
        return live;
    }

    /** The tasks not yet done. */
    public Set<Task<?>> pending() {
        Set<Task<?>> result = new LinkedHashSet<>();
        for (int i = 0; i < used; i++) {
            WeakReference<?> ref = slots[i];
            Object t = ref == null ? null : ref.get();
            if (t instanceof CoroutineTask<?> task && !task.done()) {
                result.add(task);
            }
        }
        return result;
    }
}
