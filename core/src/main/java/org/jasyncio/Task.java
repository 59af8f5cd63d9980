package org.jasyncio;

import java.io.PrintStream;
import java.util.List;
import org.jasyncio.internal.task.CoroutineTask;

/** asyncio.Task: a future that runs a {@link Coroutine} on its loop. */
public interface Task<T> extends Future<T> {
    String getName();

    void setName(String name);

    Coroutine<T> getCoro();

    /** How many cancellation requests are pending. */
    int cancelling();

    /** Withdraws one cancellation request; returns how many remain. */
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
     * A task of the library's own kind, scheduled on {@code loop} to run in {@code ctx} (null: a copy of the current
     * context). This is what a {@link TaskFactory} that only decorates tasks calls.
     */
    static <T> Task<T> create(EventLoop loop, Coroutine<T> coro, Context ctx) {
        return CoroutineTask.create(loop, coro, ctx, null);
    }
}
