package org.jasyncio.internal.task;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jasyncio.Future;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.as_completed} (tasks.py, 3.13's {@code _AsCompletedIterator}) as a plain iterator: each
 * {@code next()} gives a new future that takes the outcome of the next of the given futures to finish, in completion
 * order; after the timeout, each one left fails with TimeoutException. As asyncio's coroutines take their turn when they
 * are awaited, not when they are made, a future handed out takes its place in line when it is first awaited (by a
 * task, or when a first done callback is added to it, as {@code wait} and {@code gather} do); awaiting the second one
 * first gives it the first outcome. A task awaiting one follows asyncio's {@code await queue.get()} in that task: an
 * outcome already queued is taken at once, without suspending; otherwise the task waits in line, is woken by the next
 * outcome and takes one when it runs (one awaited in between may take it first), and cancelled before then it passes
 * the outcome on. One awaited otherwise (wait, gather, callbacks) is handed its outcome as it comes. One cancelled
 * before its outcome came gives its turn to the next, so no outcome is lost.
 * The iterable is its own iterator, and so is iterated once, as asyncio's.
 */
public final class AsCompleted<T> implements Iterable<Future<T>>, Iterator<Future<T>>, Consumer<Future<?>>, Runnable {
    private static final Object TIMED_OUT = new Object();

    private final SelectorEventLoop loop;
    private final Set<Future<? extends T>> todo = new LinkedHashSet<>();
    private int todoLeft;
    /** Futures done and not handed out yet, or TIMED_OUT markers (asyncio's queue). */
    private final ArrayDeque<Object> done = new ArrayDeque<>();
    /** Futures handed out and awaited that wait for an outcome, in the order they were first awaited. */
    private final ArrayDeque<Outcome> waiters = new ArrayDeque<>();
    private TimerHandle timeoutHandle;

    public AsCompleted(SelectorEventLoop loop, Collection<? extends Future<? extends T>> fs, double timeout) {
        if (fs == null) {
            throw new IllegalArgumentException("expects an iterable of futures, not null");
        }
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("Invalid timeout: NaN (not a number)");
        }
        this.loop = loop;
        for (Future<? extends T> f : fs) {
            if (f == null) {
                throw new IllegalArgumentException("asCompleted() got a null future");
            }
            if (f.getLoop() != loop) {
                throw new IllegalArgumentException("asCompleted() got a future of another event loop: " + f);
            }
            todo.add(f);
        }
        for (Future<? extends T> f : todo) {
            subscribe(f);
        }
        if (!todo.isEmpty() && timeout != Double.POSITIVE_INFINITY) {
            timeoutHandle = loop.callLater(timeout, this);
        }
        todoLeft = todo.size();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void subscribe(Future<?> f) {
        ((Future) f).addDoneCallback(this);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void unsubscribe(Future<?> f) {
        ((Future) f).removeDoneCallback(this);
    }

    @Override
    public Iterator<Future<T>> iterator() {
        return this;
    }

    @Override
    public boolean hasNext() {
        return todoLeft > 0;
    }

    /** The future of the next outcome; it takes its turn when it is first awaited. */
    @Override
    public Future<T> next() {
        if (todoLeft == 0) {
            throw new NoSuchElementException();
        }
        todoLeft--;
        return new Outcome(loop);
    }

    /** An outcome future is awaited for the first time, other than by a task (asyncio's {@code await self._done.get()}). */
    private void join(Outcome waiter) {
        Object item = done.poll();
        if (item != null) {
            deliver(waiter, item);
        } else {
            waiters.add(waiter);
        }
    }

    /** The timeout passed (asyncio's {@code _handle_timeout}). */
    @Override
    public void run() {
        timeoutHandle = null;
        for (Future<? extends T> f : todo) {
            unsubscribe(f);
            put(TIMED_OUT);
        }
        todo.clear();
    }

    /** One of the futures is done (asyncio's {@code _handle_completion}). */
    @Override
    public void accept(Future<?> f) {
        if (todo.isEmpty()) {
            return; // the timeout came first
        }
        todo.remove(f);
        put(f);
        if (todo.isEmpty() && timeoutHandle != null) {
            timeoutHandle.cancel();
            timeoutHandle = null;
        }
    }

    /** asyncio's {@code put_nowait}: the item joins the queue and the first in line is woken. */
    private void put(Object item) {
        done.add(item);
        wakeNext();
    }

    /**
     * asyncio's {@code _wakeup_next(getters)}: a task in line is woken and takes an item when it runs (so one that
     * gets there first may take it); a future awaited through callbacks is handed the first item at once.
     */
    private void wakeNext() {
        Outcome w;
        while ((w = waiters.poll()) != null) {
            if (w.done()) {
                continue;
            }
            if (w.getter == null) {
                deliver(w, done.poll());
                return;
            }
            if (!w.getter.done()) {
                w.getter.setResult(null);
                return;
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void deliver(BaseFuture<T> target, Object item) {
        if (item == TIMED_OUT) {
            target.setException(new TimeoutException());
            return;
        }
        Future<T> f = (Future<T>) item;
        if (f.cancelled()) {
            target.cancelledExc = f instanceof BaseFuture<?> bf ? bf.makeCancelledError() : new org.jasyncio.CancelledError();
            target.cancelFuture(null);
            return;
        }
        Throwable exc = f.exception();
        if (exc != null) {
            target.setException(exc);
            return;
        }
        try {
            target.setResult(f.result());
        } catch (Exception e) {
            target.setException(e);
        }
    }

    /**
     * A future handed out by {@link #next()}. Awaited by a task, it is asyncio's {@code await self._done.get()} run
     * in that task: an outcome already queued is taken at once, without suspending; otherwise the task waits in line
     * on a getter future of its own ({@link #awaitedVia()}), and takes an outcome when it runs ({@link #taskResumes}).
     */
    private final class Outcome extends BaseFuture<T> implements Handoff {
        private boolean joined;
        /** The future the awaiting task waits on while in line (asyncio's getter), or null. */
        private BaseFuture<Void> getter;

        Outcome(SelectorEventLoop loop) {
            super(loop);
        }

        @Override
        void beforeAwait() {
            if (joined || done()) {
                return;
            }
            joined = true;
            Object item = done.poll();
            if (item != null) {
                deliver(this, item);
            } else {
                getInLine();
            }
        }

        private BaseFuture<Void> getInLine() {
            getter = new BaseFuture<>(loop);
            waiters.add(this);
            return getter;
        }

        @Override
        Future<?> awaitedVia() {
            return getter != null && !done() ? getter : this;
        }

        /** The task waiting in line runs: it takes the first outcome, or goes back in line, or leaves it cancelled. */
        @Override
        public Future<?> taskResumes(boolean cancelling) {
            BaseFuture<Void> g = getter;
            if (g == null || done()) {
                return null;
            }
            if (cancelling || g.cancelled()) {
                // asyncio's except branch in Queue.get: leave the line, pass a wake-up on if an item waits
                getter = null;
                waiters.remove(this);
                if (!g.cancelled() && !done.isEmpty()) {
                    wakeNext();
                }
                cancelledExc = g.cancelled() ? g.makeCancelledError() : null;
                cancelFuture(null);
                return null;
            }
            Object item = done.poll();
            if (item == null) {
                return getInLine(); // another took it first
            }
            getter = null;
            deliver(this, item);
            return null;
        }

        /** Cancelling one a task waits in line for cancels its getter; the task ends it as it resumes. */
        @Override
        public boolean cancel(String msg) {
            if (getter != null && !done()) {
                return getter.cancel(msg); // false once woken: the task gets CancelledError and passes it on
            }
            return super.cancel(msg);
        }

        /** Awaited some other way (wait, gather, a callback): it takes its turn as it is subscribed to. */
        @Override
        public void addDoneCallback(Consumer<? super Future<T>> cb, org.jasyncio.Context ctx) {
            super.addDoneCallback(cb, ctx);
            joinOnce();
        }

        private void joinOnce() {
            if (!joined && !done()) {
                joined = true;
                join(this);
            }
        }

        @Override
        public String toString() {
            return "<as_completed outcome " + describeState() + ">";
        }
    }
}
