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

    /**
     * A get() or put() waiting for its turn: an item to take, or a slot to fill. The two differ only in which line
     * they wait in, what counts as free, and what they do with their turn; the rules of waking, passing a turn on,
     * waiting again and failing are the same, and live here.
     *
     * @param <V> what the get() or put() completes with
     * @param <W> the concrete kind, so that a waiter made to wait again joins its own line
     */
    abstract static class TurnWaiter<V, W extends TurnWaiter<V, W>> extends QueueWaiter<V> {
        /** Woken with its task alone awaiting it: no turn is held for it. */
        private boolean taskMode;
        /** Task mode: the waiter of the round the task waits for now (this one, or one made to wait again). */
        private TurnWaiter<V, W> current = this;

        TurnWaiter(SelectorEventLoop loop) {
            super(loop);
        }

        /** The line this kind waits in. */
        abstract ArrayDeque<W> line();

        /** No turn free for a new waiter of this kind. */
        abstract boolean noneFree();

        /** Counts a turn held for a woken waiter (+1), or given back (-1). */
        abstract void holdTurn(int delta);

        /** A waiter of this kind for the next round, with what this one carries. */
        abstract W another();

        /** In task mode, once the queue has a turn free: why the turn is refused (shut down), or null. */
        abstract Throwable refusal();

        /** Outside task mode, with its turn held: why the turn was lost meanwhile, or null. */
        abstract Throwable heldTurnLost();

        /** Takes the turn: gets the item, or puts this one's. */
        abstract void takeTurn();

        @Override
        final void wakeUp() {
            taskMode = onlyATaskAwaits();
            if (!taskMode) {
                holdTurn(1);
            }
            wake(null);
        }

        /** What a get() or put() does after {@code await waiter}, in the task's step: its turn, or wait again. */
        @Override
        public final Future<?> taskResumes(boolean cancelling) {
            if (!taskMode) {
                return super.taskResumes(cancelling);
            }
            TurnWaiter<V, W> w = current;
            current = null;
            if (w == null) {
                return null;
            }
            if (w.cancelled()) {
                line().remove(w);
                if (w != this) {
                    fail(cancellationOf(w));
                }
                return null;
            }
            if (cancelling) {
                passOn(); // woken, but the task will not take its turn
                return null;
            }
            Throwable refused = refusal();
            if (refused != null) {
                fail(refused);
                return null;
            }
            if (noneFree()) {
                W again = another(); // the turn was taken meanwhile: back to the end of the line
                TurnWaiter<V, W> next = again;
                next.taskMode = true;
                line().add(again);
                current = next;
                return again;
            }
            takeTurn();
            return null;
        }

        @Override
        protected final void decide(boolean declined) {
            if (taskMode) {
                return; // decided in taskResumes
            }
            if (cancelled()) {
                line().remove(this);
                return;
            }
            holdTurn(-1);
            if (declined) {
                passOn();
                return;
            }
            Throwable lost = heldTurnLost();
            if (lost != null) {
                fail(lost);
                return;
            }
            takeTurn();
        }

        /** The turn this one will not take goes to the next in line. */
        private void passOn() {
            if (!noneFree()) {
                wakeUpNext(line());
            }
        }
    }

    /** A get() that found no item. */
    static final class Getter<T> extends TurnWaiter<T, Getter<T>> {
        private final QueueCore<T> q;

        Getter(QueueCore<T> q) {
            super(q.loop);
            this.q = q;
        }

        @Override
        ArrayDeque<Getter<T>> line() {
            return q.getters;
        }

        @Override
        boolean noneFree() {
            return q.noItemFree();
        }

        @Override
        void holdTurn(int delta) {
            q.wokenGetters += delta;
        }

        @Override
        Getter<T> another() {
            return new Getter<>(q);
        }

        @Override
        Throwable refusal() {
            return q.noItemFree() && q.shutdown ? new QueueShutDown() : null; // what is left can still be got
        }

        @Override
        Throwable heldTurnLost() {
            // Only a shutdown takes items promised to woken getters (immediate mode drains the queue).
            return !q.noItemFree() ? null : q.shutdown ? new QueueShutDown() : new QueueEmpty();
        }

        @Override
        void takeTurn() {
            settle(q.takeItem());
        }
    }

    /** A put() that found the queue full. */
    static final class Putter<T> extends TurnWaiter<Void, Putter<T>> {
        private final QueueCore<T> q;
        private final T item;

        Putter(QueueCore<T> q, T item) {
            super(q.loop);
            this.q = q;
            this.item = item;
        }

        @Override
        ArrayDeque<Putter<T>> line() {
            return q.putters;
        }

        @Override
        boolean noneFree() {
            return q.noSlotFree();
        }

        @Override
        void holdTurn(int delta) {
            q.wokenPutters += delta;
        }

        @Override
        Putter<T> another() {
            return new Putter<>(q, item);
        }

        @Override
        Throwable refusal() {
            return q.shutdown ? new QueueShutDown() : null;
        }

        @Override
        Throwable heldTurnLost() {
            return refusal();
        }

        @Override
        void takeTurn() {
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
