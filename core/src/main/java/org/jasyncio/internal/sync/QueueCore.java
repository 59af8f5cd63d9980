package org.jasyncio.internal.sync;

import java.util.ArrayDeque;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.QueueEmpty;
import org.jasyncio.QueueFull;
import org.jasyncio.QueueShutDown;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code queues.Queue} (3.13+, with shutdown): getters and putters wait in FIFO deques; each put wakes one
 * getter, each get wakes one putter; the woken one takes the item (or puts its item) when its task resumes. A woken
 * getter (putter) awaited by a task alone finds the queue as asyncio's does when its task runs: should
 * {@code get_nowait}/{@code put_nowait} have taken the item (slot) meanwhile, it waits again at the end of the line,
 * in the task's step. A woken getter or putter with other awaiters (callbacks, combinators) cannot be sent back once
 * completed, so the item or slot that woke it is held for it until it decides. A woken getter or putter whose task
 * is cancelled passes the wake-up on, so no item and no free slot is ever lost.
 */
public final class QueueCore<T> {
    private final Object owner;
    private final int maxsize;
    private final QueueStorage<T> items;
    final ArrayDeque<Getter<T>> getters = new ArrayDeque<>();
    final ArrayDeque<Putter<T>> putters = new ArrayDeque<>();
    private final ArrayDeque<JoinWaiter> joiners = new ArrayDeque<>();
    private int unfinishedTasks;
    private boolean finished = true;
    private boolean shutdown;
    /** Getters woken and not yet resumed: that many items are promised to them. */
    int wokenGetters;
    /** Putters woken and not yet resumed: that many free slots are promised to them. */
    int wokenPutters;
    private SelectorEventLoop loop;
    private BaseFuture<Void> doneVoid;

    public QueueCore(Object owner, int maxsize, QueueStorage<T> items) {
        this.owner = owner;
        this.maxsize = maxsize;
        this.items = items;
    }

    public int qsize() {
        return items.size();
    }

    public int maxsize() {
        return maxsize;
    }

    public boolean empty() {
        return items.size() == 0;
    }

    public boolean full() {
        return maxsize > 0 && items.size() >= maxsize;
    }

    public boolean isShutdown() {
        return shutdown;
    }

    public int unfinishedTasks() {
        return unfinishedTasks;
    }

    /** No item free for a new getter (items promised to woken getters do not count). */
    private boolean noItemFree() {
        return items.size() <= wokenGetters;
    }

    /** No slot free for a new putter (slots promised to woken putters count as taken). */
    private boolean noSlotFree() {
        return maxsize > 0 && items.size() + wokenPutters >= maxsize;
    }

    private BaseFuture<Void> doneVoid(SelectorEventLoop running) {
        BaseFuture<Void> f = LoopBinding.done(doneVoid, running, null);
        doneVoid = f;
        return f;
    }

    private static <V> Future<V> failed(SelectorEventLoop loop, Throwable exc) {
        BaseFuture<V> f = new BaseFuture<>(loop);
        f.setException(exc);
        return f;
    }

    // ---- put

    public Future<Void> put(T item) {
        SelectorEventLoop running = LoopBinding.running();
        if (!noSlotFree()) {
            try {
                putNowait(item);
            } catch (RuntimeException e) {
                return failed(running, e);
            }
            return doneVoid(running);
        }
        if (shutdown) {
            return failed(running, new QueueShutDown());
        }
        loop = LoopBinding.bind(loop, running, owner);
        Putter<T> p = new Putter<>(this, item);
        putters.add(p);
        return p;
    }

    public void putNowait(T item) {
        if (shutdown) {
            throw new QueueShutDown();
        }
        if (noSlotFree()) {
            throw new QueueFull();
        }
        putItem(item);
    }

    private void putItem(T item) {
        items.put(item);
        unfinishedTasks++;
        finished = false;
        wakeUpNext(getters);
    }

    // ---- get

    public Future<T> get() {
        SelectorEventLoop running = LoopBinding.running();
        if (!noItemFree()) {
            BaseFuture<T> f = new BaseFuture<>(running);
            f.setResult(takeItem());
            return f;
        }
        if (shutdown) {
            return failed(running, new QueueShutDown());
        }
        loop = LoopBinding.bind(loop, running, owner);
        Getter<T> g = new Getter<>(this);
        getters.add(g);
        return g;
    }

    public T getNowait() {
        if (noItemFree()) {
            if (shutdown) {
                throw new QueueShutDown();
            }
            throw new QueueEmpty();
        }
        return takeItem();
    }

    private T takeItem() {
        T item = items.take();
        wakeUpNext(putters);
        return item;
    }

    /** Wakes the next waiter that was not cancelled, taking it off the deque. */
    private static void wakeUpNext(ArrayDeque<? extends QueueWaiter<?>> waiters) {
        while (!waiters.isEmpty()) {
            QueueWaiter<?> w = waiters.pollFirst();
            if (!w.done()) {
                w.wakeUp();
                break;
            }
        }
    }

    // ---- join

    public void taskDone() {
        if (unfinishedTasks <= 0) {
            throw new IllegalArgumentException("task_done() called too many times");
        }
        unfinishedTasks--;
        if (unfinishedTasks == 0) {
            setFinished();
        }
    }

    private void setFinished() {
        if (!finished) {
            finished = true;
            for (JoinWaiter j : joiners) {
                if (!j.done()) {
                    j.wakeUp();
                }
            }
        }
    }

    public Future<Void> join() {
        SelectorEventLoop running = LoopBinding.running();
        if (unfinishedTasks == 0) {
            return doneVoid(running);
        }
        loop = LoopBinding.bind(loop, running, owner);
        JoinWaiter j = new JoinWaiter(this);
        joiners.add(j);
        return j;
    }

    // ---- shutdown

    public void shutdown(boolean immediate) {
        shutdown = true;
        if (immediate) {
            while (items.size() > 0) {
                items.take();
                if (unfinishedTasks > 0) {
                    unfinishedTasks--;
                }
            }
            if (unfinishedTasks == 0) {
                setFinished();
            }
        }
        // Every getter and putter re-checks, and raises QueueShutDown.
        while (!getters.isEmpty()) {
            Getter<T> g = getters.pollFirst();
            if (!g.done()) {
                g.wakeUp();
            }
        }
        while (!putters.isEmpty()) {
            Putter<T> p = putters.pollFirst();
            if (!p.done()) {
                p.wakeUp();
            }
        }
    }

    /** asyncio's {@code _format()}: "maxsize=0 _queue=[1, 2] _getters[1] _putters[1] tasks=2 shutdown". */
    public String format() {
        StringBuilder sb = new StringBuilder("maxsize=").append(maxsize);
        if (items.size() > 0) {
            sb.append(" _queue=").append(items.snapshot());
        }
        if (!getters.isEmpty()) {
            sb.append(" _getters[").append(getters.size()).append(']');
        }
        if (!putters.isEmpty()) {
            sb.append(" _putters[").append(putters.size()).append(']');
        }
        if (unfinishedTasks > 0) {
            sb.append(" tasks=").append(unfinishedTasks);
        }
        if (shutdown) {
            sb.append(" shutdown");
        }
        return sb.toString();
    }

    abstract static class QueueWaiter<V> extends Waiter<V> {
        QueueWaiter(SelectorEventLoop loop) {
            super(loop);
        }

        abstract void wakeUp();
    }

    private static CancelledError cancellationOf(Future<?> f) {
        try {
            f.exception();
        } catch (CancelledError ce) {
            return ce;
        }
        return new CancelledError();
    }

    /** A get() that found no item. */
    static final class Getter<T> extends QueueWaiter<T> {
        private final QueueCore<T> q;
        /** Woken with its task alone awaiting it: no item is held for it. */
        private boolean taskMode;
        /** Task mode: the getter of the round the task waits for now (this one, or one made to wait again). */
        private Getter<T> current = this;

        Getter(QueueCore<T> q) {
            super(q.loop);
            this.q = q;
        }

        @Override
        void wakeUp() {
            taskMode = onlyATaskAwaits();
            if (!taskMode) {
                q.wokenGetters++;
            }
            wake(null);
        }

        /** asyncio's get() after {@code await getter}, in the task's step: take an item, or wait again. */
        @Override
        public Future<?> taskResumes(boolean cancelling) {
            if (!taskMode) {
                return super.taskResumes(cancelling);
            }
            Getter<T> w = current;
            current = null;
            if (w == null) {
                return null;
            }
            if (w.cancelled()) {
                q.getters.remove(w);
                if (w != this) {
                    fail(cancellationOf(w));
                }
                return null;
            }
            if (cancelling) {
                // Woken by a put, but the task will not take the item: wake the next getter for it.
                if (!q.noItemFree()) {
                    wakeUpNext(q.getters);
                }
                return null;
            }
            if (q.noItemFree()) {
                if (q.shutdown) {
                    fail(new QueueShutDown());
                    return null;
                }
                Getter<T> again = new Getter<>(q); // the item was taken meanwhile: back to the end of the line
                again.taskMode = true;
                q.getters.add(again);
                current = again;
                return again;
            }
            settle(q.takeItem());
            return null;
        }

        @Override
        protected void decide(boolean declined) {
            if (taskMode) {
                return; // decided in taskResumes
            }
            if (cancelled()) {
                q.getters.remove(this);
                return;
            }
            q.wokenGetters--;
            if (declined) {
                // Woken by a put, but the task will not take the item: wake the next getter for it.
                if (!q.noItemFree()) {
                    wakeUpNext(q.getters);
                }
                return;
            }
            if (q.noItemFree()) {
                // Only a shutdown takes items promised to woken getters (immediate mode drains the queue).
                fail(q.shutdown ? new QueueShutDown() : new QueueEmpty());
                return;
            }
            settle(q.takeItem());
        }
    }

    /** A put() that found the queue full. */
    static final class Putter<T> extends QueueWaiter<Void> {
        private final QueueCore<T> q;
        private final T item;
        /** Woken with its task alone awaiting it: no slot is held for it. */
        private boolean taskMode;
        /** Task mode: the putter of the round the task waits for now (this one, or one made to wait again). */
        private Putter<T> current = this;

        Putter(QueueCore<T> q, T item) {
            super(q.loop);
            this.q = q;
            this.item = item;
        }

        @Override
        void wakeUp() {
            taskMode = onlyATaskAwaits();
            if (!taskMode) {
                q.wokenPutters++;
            }
            wake(null);
        }

        /** asyncio's put() after {@code await putter}, in the task's step: put the item, or wait again. */
        @Override
        public Future<?> taskResumes(boolean cancelling) {
            if (!taskMode) {
                return super.taskResumes(cancelling);
            }
            Putter<T> w = current;
            current = null;
            if (w == null) {
                return null;
            }
            if (w.cancelled()) {
                q.putters.remove(w);
                if (w != this) {
                    fail(cancellationOf(w));
                }
                return null;
            }
            if (cancelling) {
                // Woken by a get, but the task will not put: the free slot goes to the next putter.
                if (!q.noSlotFree()) {
                    wakeUpNext(q.putters);
                }
                return null;
            }
            if (q.noSlotFree() && !q.shutdown) {
                Putter<T> again = new Putter<>(q, item); // the slot was taken meanwhile: back to the end of the line
                again.taskMode = true;
                q.putters.add(again);
                current = again;
                return again;
            }
            if (q.shutdown) {
                fail(new QueueShutDown());
                return null;
            }
            q.putItem(item);
            return null;
        }

        @Override
        protected void decide(boolean declined) {
            if (taskMode) {
                return; // decided in taskResumes
            }
            if (cancelled()) {
                q.putters.remove(this);
                return;
            }
            q.wokenPutters--;
            if (declined) {
                // Woken by a get, but the task will not put: the free slot goes to the next putter.
                if (!q.noSlotFree()) {
                    wakeUpNext(q.putters);
                }
                return;
            }
            if (q.shutdown) {
                fail(new QueueShutDown());
                return;
            }
            q.putItem(item);
        }
    }

    /** A join() waiting for every item to be marked done (asyncio waits on an Event). */
    static final class JoinWaiter extends QueueWaiter<Void> {
        private final QueueCore<?> q;

        JoinWaiter(QueueCore<?> q) {
            super(q.loop);
            this.q = q;
        }

        @Override
        void wakeUp() {
            wake(null);
        }

        @Override
        protected void decide(boolean declined) {
            q.joiners.remove(this);
        }
    }
}
