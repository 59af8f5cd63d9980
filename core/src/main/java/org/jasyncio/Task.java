package org.jasyncio;

import java.io.PrintStream;
import java.util.List;
import org.jasyncio.internal.task.CoroutineTask;

/**
 * A future that runs a {@link Coroutine} on its loop ({@code asyncio: asyncio.Task}). Made by
 * {@link EventLoop#createTask} or {@link Asyncio#createTask}; its result is what the body returns, its exception what
 * the body throws.
 *
 * <!-- sample: statements
 *      given: EventLoop loop -->
 * <pre>{@code
 * Task<String> t = loop.createTask(() -> {
 *     await(Asyncio.sleep(1));
 *     return "done";
 * }, "worker");
 * t.cancel("no longer needed");              // CancelledError("no longer needed") at the body's await
 * }</pre>
 *
 * <p>Cancelling a task ({@link #cancel()}) throws {@link CancelledError} into its body at the {@code await} where it
 * is suspended (or at its next one); the task ends cancelled if the body lets the error out. A body that catches
 * it must rethrow it: a {@code catch (Exception e)} around an {@code await} swallows it (see
 * {@link CancelledError}). {@link #cancelling()} and {@link #uncancel()} count the requests, as asyncio 3.11's.
 *
 * <p>Loop-only, as {@link Future}.
 *
 * @param <T> the result type
 */
public interface Task<T> extends Future<T> {
    /**
     * The task's name. asyncio: {@code Task.get_name()}.
     *
     * @return the name given, or "Task-N"
     */
    String getName();

    /**
     * Renames the task. asyncio: {@code Task.set_name(value)}.
     *
     * @param name the new name (null becomes "null", as asyncio's {@code str(value)})
     */
    void setName(String name);

    /**
     * The task's body. asyncio: {@code Task.get_coro()}.
     *
     * @return the coroutine the task runs
     */
    Coroutine<T> getCoro();

    /**
     * The context the task runs its body in: the one given to {@code createTask}, else the copy of the creator's
     * context made when the task was created. asyncio: {@code Task.get_context()} (3.12). Any thread.
     *
     * @return the task's context, never null
     */
    Context getContext();

    /**
     * How many cancellation requests are pending: each {@link #cancel()} of a task not done adds one, each
     * {@link #uncancel()} withdraws one. asyncio: {@code Task.cancelling()}.
     *
     * @return the number of pending requests
     */
    int cancelling();

    /**
     * Withdraws one cancellation request; at zero, a cancellation requested but not yet delivered is dropped. What
     * {@code timeout} and {@code TaskGroup} use to tell their own cancellation from an outer one. asyncio:
     * {@code Task.uncancel()}.
     *
     * @return how many requests remain
     */
    int uncancel();

    /**
     * Where the task stands, as stack frames, innermost first (as {@link Throwable#getStackTrace()}): while it is
     * suspended, the frames of its coroutine down to the {@code Asyncio.await} it waits in (under either coroutine
     * engine; the library's own frames are left out); when it failed, the frames of its exception; otherwise (not
     * started yet, returned, cancelled) none. Loop-only: call it on the loop's thread, or while the loop is not
     * running. A task of another kind (a {@link TaskFactory}'s) returns no frames.
     *
     * <p>asyncio: {@code Task.get_stack()}. <b>Deviation:</b> innermost frame first, Java's order, where asyncio
     * lists the oldest first.
     *
     * @return the frames; an empty list when there are none
     */
    default List<StackTraceElement> getStack() {
        return getStack(Integer.MAX_VALUE);
    }

    /**
     * {@link #getStack()} cut to the {@code limit} innermost frames.
     *
     * @param limit the most frames to return; not negative
     * @return at most {@code limit} frames
     * @throws IllegalArgumentException when {@code limit} is negative
     */
    default List<StackTraceElement> getStack(int limit) {
        return List.of();
    }

    /**
     * Prints {@link #getStack()} to {@code out}: a header line naming the task and its state, then one
     * {@code "\tat frame"} line per frame (or the exception the task failed with and its frames). Loop-only, like
     * {@link #getStack()}. asyncio: {@code Task.print_stack(file=...)}.
     *
     * @param out where to print
     */
    default void printStack(PrintStream out) {
        List<StackTraceElement> frames = getStack();
        if (frames.isEmpty()) {
            out.println("No stack for " + this);
            return;
        }
        boolean failed = done() && !cancelled() && exception() != null;
        out.println((failed ? "Traceback for " : "Stack for ") + this + " (most recent call first):");
        if (failed) {
            out.println(exception());
        }
        for (StackTraceElement f : frames) {
            out.println("\tat " + f);
        }
    }

    /** {@link #printStack(PrintStream)} to {@code System.err}, as asyncio's {@code Task.print_stack()} does. */
    default void printStack() {
        printStack(System.err);
    }

    /**
     * A task of the library's own kind, scheduled on {@code loop} to run in {@code ctx}. This is what a
     * {@link TaskFactory} that only decorates tasks calls. asyncio: {@code asyncio.Task(coro, loop=loop,
     * context=ctx)}.
     *
     * @param <T> the result type
     * @param loop the loop the task belongs to
     * @param coro the task's body
     * @param ctx the context it runs in; null means a copy of the current context
     * @return the new task, already scheduled
     */
    static <T> Task<T> create(EventLoop loop, Coroutine<T> coro, Context ctx) {
        return CoroutineTask.create(loop, coro, ctx, null);
    }

    /**
     * {@link #create(EventLoop, Coroutine, Context)} with a name and asyncio 3.14's {@code eager_start}: with
     * {@code eagerStart} true and {@code loop} running, the body runs now, inside this call, until it first suspends
     * (see {@link EventLoop#createTask(Coroutine, String, Context, boolean)}); otherwise the task is scheduled. What a
     * {@link TaskFactory} that decorates tasks calls to forward {@code eager_start}. asyncio:
     * {@code asyncio.Task(coro, loop=loop, name=name, context=ctx, eager_start=eagerStart)}. Loop-only.
     *
     * @param <T> the result type
     * @param loop the loop the task belongs to
     * @param coro the task's body
     * @param name the task's name; null means "Task-N"
     * @param ctx the context it runs in; null means a copy of the current context
     * @param eagerStart whether to run the first step now
     * @return the new task, already scheduled, or started (and perhaps done) when eager
     * @throws IllegalArgumentException when {@code coro} is null or {@code loop} is not one of this library's loops
     */
    static <T> Task<T> create(EventLoop loop, Coroutine<T> coro, String name, Context ctx, boolean eagerStart) {
        return eagerStart ? CoroutineTask.createEager(loop, coro, ctx, name) : CoroutineTask.create(loop, coro, ctx, name);
    }
}
