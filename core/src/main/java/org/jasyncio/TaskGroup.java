package org.jasyncio;

import org.jasyncio.internal.task.TaskGroupState;

/**
 * Structured concurrency (asyncio: {@code asyncio.TaskGroup}): a body and the tasks it starts, which all end before
 * {@link #run} returns.
 *
 * <!-- sample: statements
 *      given: String fetch(String name) -->
 * <pre>{@code
 * List<Task<String>> fetches = TaskGroup.run(tg -> List.of(
 *         tg.createTask(() -> fetch("a")),
 *         tg.createTask(() -> fetch("b"))));
 * // run returned once both tasks were done, so their results are there
 * String both = fetches.get(0).result() + fetches.get(1).result();
 * }</pre>
 *
 * <p>As asyncio 3.14's: the first task that fails cancels the body and every other task of the group; once all have
 * finished, the failures (not the cancellations) come out together as one {@link ExceptionGroup}("unhandled errors in
 * a TaskGroup", ...), an exception of the body itself last. A cancellation of the calling task from outside cancels
 * every task of the group and then propagates as the CancelledError, unless some task failed, whose errors win. The
 * group cancels the calling task itself to interrupt the body and takes that request back ({@link Task#uncancel()})
 * before it returns, so an enclosing {@code Asyncio.timeout} or group sees only its own cancellations. Loop-only:
 * use it only from tasks of the loop it runs on.
 */
public final class TaskGroup {
    private final TaskGroupState state = new TaskGroupState();

    private TaskGroup() {
    }

    /**
     * Runs {@code body} inline in the current task with a new group, waits for every task of the group, and returns
     * the body's result (asyncio: {@code async with asyncio.TaskGroup() as tg:}). It suspends the caller like
     * {@code await}.
     *
     * @param body the block; it may await and start tasks with {@code tg.createTask}
     * @param <T> the body's result type
     * @return what the body returned; null when the body was interrupted by a cancellation the group absorbed
     * @throws ExceptionGroup when a task or the body failed: the tasks' failures in the order they happened, then
     *     the body's own exception last (asyncio's {@code __aexit__} appends it after the tasks have finished)
     * @throws CancelledError when the calling task was cancelled from outside (after the tasks were cancelled and
     *     had finished) and nothing failed
     * @throws IllegalStateException outside a task ("no running event loop", or "TaskGroup ... cannot determine the
     *     parent task")
     */
    public static <T> T run(TaskGroupBody<T> body) {
        if (body == null) {
            throw new IllegalArgumentException("TaskGroup.run needs a body, got null");
        }
        TaskGroup tg = new TaskGroup();
        return tg.state.run(() -> body.run(tg));
    }

    /**
     * Starts {@code coro} as a task of this group, in a copy of the current context (asyncio:
     * {@code tg.create_task(coro)}). Loop-only. With the loop's task factory (an eager one runs it at once).
     *
     * @param coro the task's body
     * @param <R> its result type
     * @return the new task
     * @throws IllegalStateException "TaskGroup ... is finished" once {@link #run} has returned (or is returning with
     *     no task left), "TaskGroup ... is shutting down" once the group was aborted by a failure or cancellation
     */
    public <R> Task<R> createTask(Coroutine<R> coro) {
        return state.createTask(coro, null, null);
    }

    /**
     * {@link #createTask(Coroutine)} with a task name (asyncio: {@code tg.create_task(coro, name=name)}).
     *
     * @param coro the task's body
     * @param name the task's name; null: "Task-N"
     * @param <R> its result type
     * @return the new task
     * @throws IllegalStateException as {@link #createTask(Coroutine)}
     */
    public <R> Task<R> createTask(Coroutine<R> coro, String name) {
        return state.createTask(coro, name, null);
    }

    /**
     * {@link #createTask(Coroutine)} with a task name and the context it runs in (asyncio:
     * {@code tg.create_task(coro, name=name, context=context)}).
     *
     * @param coro the task's body
     * @param name the task's name; null: "Task-N"
     * @param context the context the task runs in; null: a copy of the current one
     * @param <R> its result type
     * @return the new task
     * @throws IllegalStateException as {@link #createTask(Coroutine)}
     */
    public <R> Task<R> createTask(Coroutine<R> coro, String name, Context context) {
        return state.createTask(coro, name, context);
    }

    /**
     * {@link #createTask(Coroutine, String, Context)} that says whether the task starts eagerly, as
     * {@link EventLoop#createTask(Coroutine, String, Context, boolean)} (asyncio 3.14:
     * {@code tg.create_task(coro, name=name, context=context, eager_start=eagerStart)}). A task that fails during its
     * eager step aborts the group as any failing task does.
     *
     * @param coro the task's body
     * @param name the task's name; null: "Task-N"
     * @param context the context the task runs in; null: a copy of the current one
     * @param eagerStart whether to run the body's first step now
     * @param <R> its result type
     * @return the new task
     * @throws IllegalStateException as {@link #createTask(Coroutine)}
     */
    public <R> Task<R> createTask(Coroutine<R> coro, String name, Context context, boolean eagerStart) {
        return state.createTask(coro, name, context, eagerStart);
    }

    /** asyncio's repr: {@code <TaskGroup tasks=2 errors=1 cancelling>}, {@code <TaskGroup entered>}. */
    @Override
    public String toString() {
        return state.toString();
    }
}
