package org.jasyncio;

import java.util.Map;

/**
 * Receives the errors the loop cannot hand to anyone else ({@code asyncio: loop.set_exception_handler}'s handler):
 * a callback that threw, a task whose exception was never retrieved, a protocol that failed. See
 * {@link EventLoop#setExceptionHandler}.
 *
 * <!-- sample: statements
 *      given: EventLoop loop; System.Logger log -->
 * <pre>{@code
 * loop.setExceptionHandler((l, ctx) ->
 *         log.log(System.Logger.Level.ERROR, (String) ctx.get("message"), (Throwable) ctx.get("exception")));
 * }</pre>
 *
 * <p>Loop-only: the loop calls it on its own thread, from {@link EventLoop#callExceptionHandler} (itself loop-only);
 * reports from other threads reach it through {@link EventLoop#callSoonThreadsafe}.
 */
@FunctionalInterface
public interface ExceptionHandler {
    /**
     * Handles one report. Called on the loop thread; an exception it throws is logged by the default handler.
     * Reports the garbage collector prompts ("Future exception was never retrieved", "Task was destroyed but it is
     * pending!", whose {@code "future"} or {@code "task"} is then a description, the object being gone) also arrive
     * on the loop thread, when the loop next runs; once the loop is closed they are only logged, never handled.
     *
     * @param loop the loop that reports
     * @param context asyncio's context dictionary: {@code "message"} always, and where they apply
     *     {@code "exception"}, {@code "future"}, {@code "task"}, {@code "handle"}, {@code "protocol"},
     *     {@code "transport"}, {@code "socket"}, {@code "source_traceback"}
     */
    void handle(EventLoop loop, Map<String, Object> context);
}
