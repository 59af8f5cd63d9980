package org.jasyncio;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.Await;
import org.jasyncio.internal.task.Bridges;
import org.jasyncio.internal.task.Gathering;
import org.jasyncio.internal.task.Runner;
import org.jasyncio.internal.task.TaskDump;
import org.jasyncio.internal.task.Sleeping;
import org.jasyncio.internal.task.Timeouts;

/** The module-level functions of asyncio: obtaining loops, policies, and the helpers used with the low-level API. */
public final class Asyncio {
    private static volatile EventLoopPolicy policy;

    private Asyncio() {
    }

    // ---- Obtaining the event loop

    /** The loop running in this thread; IllegalStateException("no running event loop") otherwise. */
    public static EventLoop getRunningLoop() {
        SelectorEventLoop loop = SelectorEventLoop.running();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /** The running loop, else the policy's current loop for this thread (never created implicitly). */
    public static EventLoop getEventLoop() {
        SelectorEventLoop loop = SelectorEventLoop.running();
        return loop != null ? loop : getEventLoopPolicy().getEventLoop();
    }

    public static void setEventLoop(EventLoop loop) {
        getEventLoopPolicy().setEventLoop(loop);
    }

    public static EventLoop newEventLoop() {
        return getEventLoopPolicy().newEventLoop();
    }

    public static EventLoopPolicy getEventLoopPolicy() {
        EventLoopPolicy p = policy;
        if (p == null) {
            synchronized (Asyncio.class) {
                if (policy == null) {
                    policy = new DefaultEventLoopPolicy();
                }
                p = policy;
            }
        }
        return p;
    }

    /** Sets the policy; null restores a fresh default policy. */
    public static void setEventLoopPolicy(EventLoopPolicy p) {
        policy = p;
    }

    // ---- Running and awaiting

    /**
     * Runs {@code main} in a new loop and returns its result: afterwards every task left is cancelled, async
     * generators and the default executor are shut down and the loop is closed. Ctrl-C cancels {@code main}.
     */
    public static <T> T run(Coroutine<T> main) throws Exception {
        return Runner.run(main, null, getEventLoopPolicy());
    }

    /** {@link #run(Coroutine)} with the loop's debug mode set. */
    public static <T> T run(Coroutine<T> main, boolean debug) throws Exception {
        return Runner.run(main, debug, getEventLoopPolicy());
    }

    /**
     * {@code await f}: inside a task, suspends it until {@code f} is done, then returns its result or throws its
     * exception (CancelledError when the task or {@code f} is cancelled). Outside a task: IllegalStateException.
     */
    public static <T> T await(Future<T> f) throws Exception {
        return Await.await(f);
    }

    /**
     * A future done after {@code seconds}; {@code sleep(0)} (or less) yields to the loop for exactly one iteration.
     * Cancelling the future (or the task awaiting it) cancels its timer at once.
     */
    public static Future<Void> sleep(double seconds) {
        return Sleeping.sleep((SelectorEventLoop) getRunningLoop(), seconds);
    }

    /** The task running now, or null when a plain callback runs. */
    public static Task<?> currentTask() {
        return ((SelectorEventLoop) getRunningLoop()).currentTask();
    }

    /** The task running now on {@code loop} (null: the running loop), or null when none runs. */
    public static Task<?> currentTask(EventLoop loop) {
        return loopOrRunning(loop).currentTask();
    }

    /** The running loop's tasks that are not done yet. */
    public static Set<Task<?>> allTasks() {
        return allTasks(getRunningLoop());
    }

    /** The tasks of {@code loop} (null: the running loop) that are not done yet. */
    public static Set<Task<?>> allTasks(EventLoop loop) {
        return loopOrRunning(loop).tasks().pending();
    }

    private static SelectorEventLoop loopOrRunning(EventLoop loop) {
        if (loop == null) {
            return (SelectorEventLoop) getRunningLoop();
        }
        if (!(loop instanceof SelectorEventLoop l)) {
            throw new IllegalArgumentException("not a jasyncio event loop: " + loop);
        }
        return l;
    }

    /** A future of the running (or current) loop that follows {@code f}; cancelling it cancels {@code f}. */
    public static <T> Future<T> wrapFuture(CompletableFuture<T> f) {
        return Bridges.wrap((SelectorEventLoop) getEventLoop(), f);
    }

    /** Runs {@code coro} as a task of {@code loop} from any thread; the CompletableFuture follows the task. */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        return Bridges.runThreadsafe(coro, loop);
    }

    /**
     * The results of all futures, in order; the first exception (or a child's CancelledError) fails the whole without
     * cancelling the others. A future passed twice is awaited once. Cancelling the returned future cancels every
     * child. With no futures: a future of the running (else current) loop, done with an empty list.
     */
    public static Future<List<Object>> gather(Future<?>... fs) {
        return Gathering.gather(Asyncio::getEventLoop, false, fs);
    }

    /** {@code gather(..., return_exceptions=True)}: exceptions are returned in the list instead of raised. */
    public static Future<List<Object>> gather(boolean returnExceptions, Future<?>... fs) {
        return Gathering.gather(Asyncio::getEventLoop, returnExceptions, fs);
    }

    /**
     * {@code f}'s outcome, or TimeoutException after {@code timeout} seconds: then {@code f} is cancelled and the
     * TimeoutException comes once it has finished cancelling (if it swallows the cancellation, its own outcome wins).
     * The timer starts now; {@code timeout <= 0} cancels at once unless {@code f} is done; infinity never times out.
     * Cancelling the returned future cancels {@code f} and completes when {@code f} has.
     */
    public static <T> Future<T> waitFor(Future<T> f, double timeout) {
        return Timeouts.waitFor(f, timeout);
    }

    // ---- Observability (task dump)

    /**
     * Prints every live task of {@code loop} (created and not yet done) to {@code out}: its name, its state (not
     * started, running, suspended; how many cancellations are pending), the future it waits for, and the frames where
     * it is suspended, innermost first, under either coroutine engine (see {@link Task#getStack()}). Not an asyncio
     * function (its nearest kin: printing each of {@code asyncio.all_tasks()} with {@code print_stack()}).
     *
     * <p>Thread-safe. On the loop's thread, or while the loop does not run, it prints at once. From another thread
     * (a monitoring endpoint, a signal handler's thread) it asks the running loop to make the dump and waits up to
     * 5 seconds; if the loop is stuck in a callback meanwhile, it prints the loop thread's own stack instead, which
     * shows what blocks it.
     *
     * @param loop whose tasks to print
     * @param out  where to print
     * @throws IllegalArgumentException when {@code loop} is not one of this library's loops
     */
    public static void dumpTasks(EventLoop loop, PrintStream out) {
        TaskDump.print(loop, out);
    }
}
