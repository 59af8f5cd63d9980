package org.jasyncio;

/**
 * The body of {@link TaskGroup#run}: the block of {@code async with asyncio.TaskGroup() as tg:}. It runs inline in the
 * calling task and may await; the tasks it starts with {@code tg.createTask(...)} belong to the group.
 *
 * <p>Loop-only: it runs in the calling task, on that task's loop.
 *
 * @param <T> what the body returns, and so what {@link TaskGroup#run} returns
 */
@FunctionalInterface
public interface TaskGroupBody<T> {
    /**
     * Runs the block.
     *
     * @param tg the group, to start tasks in
     * @return the block's result
     * @throws Exception anything: it aborts the group and comes out inside its {@link ExceptionGroup}
     */
    T run(TaskGroup tg) throws Exception;
}
