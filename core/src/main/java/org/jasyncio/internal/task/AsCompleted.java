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
 * first gives it the first outcome. A task awaiting one whose outcome is already queued takes it at once and goes on
 * without suspending, as asyncio's coroutine does ({@code await queue.get()} on a non-empty queue). One cancelled
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
    private final ArrayDeque<BaseFuture<T>> waiters = new ArrayDeque<>();
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

    /** An outcome future is awaited for the first time (asyncio's {@code await self._done.get()}). */
    private void join(BaseFuture<T> waiter) {
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

    private void put(Object item) {
        BaseFuture<T> w;
        while ((w = waiters.poll()) != null) {
            if (!w.done()) {
                deliver(w, item);
                return;
            }
        }
        done.add(item);
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

    /** A future handed out by {@link #next()}. */
    private final class Outcome extends BaseFuture<T> {
        private boolean joined;

        Outcome(SelectorEventLoop loop) {
            super(loop);
        }

        /** Awaited by a task: an outcome already queued is taken now, and the await does not suspend. */
        @Override
        void beforeAwait() {
            joinOnce();
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
