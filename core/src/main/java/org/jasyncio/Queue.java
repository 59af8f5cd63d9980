package org.jasyncio;

import org.jasyncio.internal.sync.QueueCore;
import org.jasyncio.internal.sync.QueueStorage;

/**
 * A first-in, first-out queue between tasks of one loop (asyncio: {@code asyncio.Queue}), bounded or not, with
 * {@link #taskDone()}/{@link #join()} accounting and {@link #shutdown()} (3.13). Getters and putters are served first
 * come, first served; a cancelled {@link #get()} never loses an item and a cancelled {@link #put(Object)} never
 * loses a free slot: a waiter woken and then cancelled passes the wake-up to the next one. An item (or a free slot)
 * that woke a waiting getter (or putter) is kept for it until its task runs; {@link #getNowait()} and
 * {@link #putNowait(Object)} cannot take it meanwhile. Items may be null.
 *
 * <!-- sample: statements
 *      given: List<String> urls; void handle(String job) -->
 * <pre>{@code
 * Queue<String> jobs = new Queue<>(100);
 * for (int i = 0; i < 3; i++) {
 *     Asyncio.createTask(() -> {                    // workers
 *         while (true) {
 *             String job = await(jobs.get());
 *             try { handle(job); } finally { jobs.taskDone(); }
 *         }
 *     });
 * }
 * for (String url : urls) {
 *     await(jobs.put(url));                          // waits while the queue is full
 * }
 * await(jobs.join());                                // every job handled
 * }</pre>
 *
 * <p>Loop-only. Bound to the loop of the first caller that has to wait; waiting from another loop after that fails
 * with IllegalStateException("... is bound to a different event loop").
 *
 * @param <T> the items' type
 */
public class Queue<T> {
    final QueueCore<T> core;

    /** An unbounded queue (asyncio: {@code asyncio.Queue()}). */
    public Queue() {
        this(0);
    }

    /**
     * A queue of at most {@code maxsize} items; {@code maxsize <= 0} means unbounded.
     *
     * <p>asyncio: {@code asyncio.Queue(maxsize)}.
     *
     * @param maxsize the most items it holds; 0 or less: no limit
     */
    public Queue(int maxsize) {
        this.core = new QueueCore<>(this, maxsize, QueueStorage.fifo());
    }

    Queue(int maxsize, QueueStorage<T> storage) {
        this.core = new QueueCore<>(this, maxsize, storage);
    }

    /**
     * Puts {@code item}, waiting while the queue is full: the future is done once the item is in the queue (already
     * done when there was room). Woken by a get, it puts its item when its task runs; should {@link #putNowait}
     * have taken the slot meanwhile, it waits again at the end of the line, as asyncio's. Cancelled while waiting,
     * the item is not put and the free slot that woke it goes to the next putter.
     *
     * <p>asyncio: {@code asyncio.Queue.put}; loop-only.
     *
     * @param item the item (may be null)
     * @return a future done when the item is in; it fails with QueueShutDown when the queue is (or gets) shut down
     * @throws IllegalStateException "no running event loop", or "... is bound to a different event loop"
     */
    public Future<Void> put(T item) {
        return core.put(item);
    }

    /**
     * Puts {@code item} if there is room now.
     *
     * <p>asyncio: {@code asyncio.Queue.put_nowait}; loop-only.
     *
     * @param item the item (may be null)
     * @throws QueueFull when the queue is full
     * @throws QueueShutDown when the queue was shut down
     */
    public void putNowait(T item) {
        core.putNowait(item);
    }

    /**
     * Takes the next item, waiting while there is none: the future is done with the item (already done when one was
     * there). Woken by a put, it takes an item when its task runs; should {@link #getNowait} have taken it
     * meanwhile, it waits again at the end of the line, as asyncio's. Cancelled while waiting, no item is lost: the
     * one that woke it goes to the next getter.
     *
     * <p>asyncio: {@code asyncio.Queue.get}; loop-only.
     *
     * @return a future of the item; it fails with QueueShutDown when the queue is shut down and empty
     * @throws IllegalStateException "no running event loop", or "... is bound to a different event loop"
     */
    public Future<T> get() {
        return core.get();
    }

    /**
     * Takes the next item if there is one now.
     *
     * <p>asyncio: {@code asyncio.Queue.get_nowait}; loop-only.
     *
     * @return the item
     * @throws QueueEmpty when there is none (an item held for a woken getter that is not awaited by a task alone
     *     does not count)
     * @throws QueueShutDown when the queue is shut down and empty
     */
    public T getNowait() {
        return core.getNowait();
    }

    /**
     * Marks one item taken with {@link #get()} as processed; when every item put so far is processed,
     * {@link #join()} completes.
     *
     * <p>asyncio: {@code asyncio.Queue.task_done}; loop-only.
     *
     * @throws IllegalArgumentException "task_done() called too many times"
     */
    public void taskDone() {
        core.taskDone();
    }

    /**
     * Waits until every item put so far has been marked processed with {@link #taskDone()} (at once when none is
     * outstanding).
     *
     * <p>asyncio: {@code asyncio.Queue.join}; loop-only.
     *
     * @return a future done when the count of unfinished items is zero
     */
    public Future<Void> join() {
        return core.join();
    }

    /**
     * How many items are in the queue (including ones promised to woken getters).
     *
     * <p>asyncio: {@code asyncio.Queue.qsize}.
     *
     * @return the number of items
     */
    public int qsize() {
        return core.qsize();
    }

    /**
     * The most items the queue holds; 0 or less means unbounded.
     *
     * <p>asyncio: {@code asyncio.Queue.maxsize}.
     *
     * @return the bound given to the constructor
     */
    public int maxsize() {
        return core.maxsize();
    }

    /**
     * Whether the queue holds no item.
     *
     * <p>asyncio: {@code asyncio.Queue.empty}.
     *
     * @return true when empty
     */
    public boolean empty() {
        return core.empty();
    }

    /**
     * Whether the queue holds {@code maxsize} items; never for an unbounded queue.
     *
     * <p>asyncio: {@code asyncio.Queue.full}.
     *
     * @return true when full
     */
    public boolean full() {
        return core.full();
    }

    /**
     * Shuts the queue down, keeping its items: puts fail with QueueShutDown from now on; gets go on until the queue
     * is empty, then fail with QueueShutDown; every task waiting in get or put is woken to find that out.
     *
     * <p>asyncio: {@code asyncio.Queue.shutdown()} (3.13); loop-only.
     */
    public void shutdown() {
        core.shutdown(false);
    }

    /**
     * Shuts the queue down; {@code immediate} also drops every item still queued, counting each as processed for
     * {@link #join()} (which completes when nothing else is outstanding), so waiting getters fail at once.
     *
     * <p>asyncio: {@code asyncio.Queue.shutdown(immediate)} (3.13); loop-only.
     *
     * @param immediate drop the items still in the queue
     */
    public void shutdown(boolean immediate) {
        core.shutdown(immediate);
    }

    /** asyncio's repr: {@code <Queue at 0x... maxsize=0 _queue=[1, 2] _getters[1] tasks=2>}. */
    @Override
    public String toString() {
        return "<" + getClass().getSimpleName() + " at 0x" + Integer.toHexString(System.identityHashCode(this)) + " "
                + core.format() + ">";
    }
}
