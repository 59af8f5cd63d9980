package org.jasyncio;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A result that will be set later, bound to one loop ({@code asyncio: asyncio.Future}). Inside a task,
 * {@link Asyncio#await} waits for it; elsewhere, {@link #addDoneCallback} hears when it is done. Done callbacks are
 * always scheduled with {@link EventLoop#callSoon}, never run inline.
 *
 * <!-- sample: statements runs
 *      given: EventLoop loop -->
 * <pre>{@code
 * Future<String> f = loop.createFuture();
 * loop.callLater(0.5, () -> f.setResult("ready"));
 * String s = await(f);                       // inside a task
 * }</pre>
 *
 * <p>States: pending, then exactly one of finished with a result, finished with an exception, or cancelled.
 *
 * <p>Loop-only (not thread-safe, as asyncio's): use a future on its loop's thread only; {@link #getLoop()} alone may
 * be called from any thread. From another thread, go through {@link EventLoop#callSoonThreadsafe}
 * ({@code loop.callSoonThreadsafe(() -> f.setResult(v))}), or hand the other thread the stage that
 * {@link #toCompletionStage()} returns.
 *
 * @param <T> the result type
 */
public interface Future<T> {
    /**
     * The result. asyncio: {@code Future.result()}.
     *
     * @return the result that was set
     * @throws Exception the exception that was set, rethrown as it is
     * @throws CancelledError when the future was cancelled
     * @throws InvalidStateError "Result is not set." when it is not done
     */
    T result() throws Exception;

    /**
     * The exception that was set; reading it means it will not be reported as never retrieved. asyncio:
     * {@code Future.exception()}.
     *
     * @return the exception, or null when a result was set
     * @throws CancelledError when the future was cancelled
     * @throws InvalidStateError "Exception is not set." when it is not done
     */
    Throwable exception();

    /**
     * Whether the future is done: it has a result or an exception, or was cancelled. asyncio: {@code Future.done()}.
     *
     * @return true once done
     */
    boolean done();

    /**
     * Whether the future was cancelled. asyncio: {@code Future.cancelled()}.
     *
     * @return true when cancelled
     */
    boolean cancelled();

    /**
     * Cancels the future and schedules its callbacks; for a task, asks it to stop (see {@link Task}). asyncio:
     * {@code Future.cancel()}.
     *
     * @return false when already done, true otherwise
     */
    boolean cancel();

    /**
     * {@link #cancel()} with a message, which the CancelledError carries. asyncio: {@code Future.cancel(msg)}.
     *
     * @param msg the message, may be null
     * @return false when already done, true otherwise
     */
    boolean cancel(String msg);

    /**
     * Marks the future done with {@code value} and schedules its callbacks. asyncio: {@code Future.set_result()}.
     *
     * @param value the result (may be null)
     * @throws InvalidStateError "invalid state" when the future is already done
     */
    void setResult(T value);

    /**
     * Marks the future done with {@code exc} and schedules its callbacks. An exception nobody retrieves is reported
     * to the exception handler when the future is collected. asyncio: {@code Future.set_exception()}.
     *
     * @param exc the exception
     * @throws InvalidStateError "invalid state" when the future is already done
     * @throws IllegalArgumentException when {@code exc} is null
     */
    void setException(Throwable exc);

    /**
     * Calls {@code cb} with this future once it is done (in a later loop iteration, even when it is done already),
     * in a copy of the context current now. asyncio: {@code Future.add_done_callback(cb)}.
     *
     * @param cb the callback; what it throws goes to the exception handler
     * @throws IllegalArgumentException when {@code cb} is null
     */
    void addDoneCallback(Consumer<? super Future<T>> cb);

    /**
     * {@link #addDoneCallback(Consumer)} in {@code ctx}. asyncio: {@code Future.add_done_callback(cb, context=ctx)}.
     *
     * @param cb the callback
     * @param ctx the context to run it in; null means a copy of the current context
     * @throws IllegalArgumentException when {@code cb} is null
     */
    void addDoneCallback(Consumer<? super Future<T>> cb, Context ctx);

    /**
     * Removes every registration of {@code cb} (compared by identity of the object passed). asyncio:
     * {@code Future.remove_done_callback(cb)}.
     *
     * @param cb the callback
     * @return how many registrations were removed
     */
    int removeDoneCallback(Consumer<? super Future<T>> cb);

    /**
     * The loop this future is bound to. asyncio: {@code Future.get_loop()}. Thread-safe.
     *
     * @return its loop
     */
    EventLoop getLoop();

    /**
     * The result of a future known to have completed with one, without a checked exception: the shape of
     * {@link java.util.concurrent.Future#resultNow()}. asyncio has no counterpart ({@code result()} is already
     * unchecked in Python).
     *
     * @return the result
     * @throws IllegalStateException "Task has not completed", "Task was cancelled", or "Task completed with
     *     exception" (the exception as its cause; it is then no longer reported as never retrieved)
     */
    default T resultNow() {
        if (!done()) {
            throw new IllegalStateException("Task has not completed");
        }
        if (cancelled()) {
            throw new IllegalStateException("Task was cancelled");
        }
        Throwable exc = exception();
        if (exc != null) {
            throw new IllegalStateException("Task completed with exception", exc);
        }
        try {
            return result();
        } catch (Exception e) {
            throw new IllegalStateException("Task completed with exception", e);
        }
    }

    /**
     * The exception of a future known to have failed: the shape of
     * {@link java.util.concurrent.Future#exceptionNow()}.
     *
     * @return the exception
     * @throws IllegalStateException "Task has not completed", "Task was cancelled", or "Task completed with a
     *     result"
     */
    default Throwable exceptionNow() {
        if (!done()) {
            throw new IllegalStateException("Task has not completed");
        }
        if (cancelled()) {
            throw new IllegalStateException("Task was cancelled");
        }
        Throwable exc = exception();
        if (exc == null) {
            throw new IllegalStateException("Task completed with a result");
        }
        return exc;
    }

    /**
     * The future's state in {@link java.util.concurrent.Future.State}'s words: {@code RUNNING} while pending, then
     * {@code SUCCESS}, {@code FAILED} or {@code CANCELLED}. The library's futures and tasks answer without marking an
     * exception retrieved; this default, for other implementations, reads {@link #exception()}.
     *
     * @return the state
     */
    default java.util.concurrent.Future.State state() {
        if (!done()) {
            return java.util.concurrent.Future.State.RUNNING;
        }
        if (cancelled()) {
            return java.util.concurrent.Future.State.CANCELLED;
        }
        return exception() != null ? java.util.concurrent.Future.State.FAILED : java.util.concurrent.Future.State.SUCCESS;
    }

    /**
     * A {@link CompletionStage} that completes, on this future's loop thread, as this future does: with its result,
     * its exception, or its {@link CancelledError} (a {@link CancellationException}, so the stage's
     * {@code toCompletableFuture().isCancelled()} is true). Cancelling {@code toCompletableFuture()} from any thread
     * cancels this future on its loop. The way to hand a loop's result to code that speaks
     * {@code java.util.concurrent}; {@link Asyncio#wrapFuture(CompletionStage)} goes the other way.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; String url; byte[] fetch(String url)
     *      given: java.util.concurrent.Executor uiExecutor; void render(byte[] page) -->
     * <pre>{@code
     * CompletionStage<byte[]> page = loop.createTask(() -> fetch(url)).toCompletionStage();
     * page.thenAcceptAsync(this::render, uiExecutor);   // non-async stages run on the loop thread: keep them short
     * }</pre>
     *
     * <p>Loop-only: call it on the loop thread (it adds a done callback); the stage it returns is thread-safe, a
     * {@link CompletableFuture} for any thread to wait on, chain or cancel. Each call makes a new stage.
     *
     * @return a new stage that follows this future
     */
    default CompletionStage<T> toCompletionStage() {
        CompletableFuture<T> stage = new CompletableFuture<>();
        EventLoop loop = getLoop();
        addDoneCallback(f -> {
            Throwable exc;
            try {
                exc = f.exception();
            } catch (CancellationException cancelled) {
                exc = cancelled;
            }
            if (exc != null) {
                stage.completeExceptionally(exc);
            } else {
                stage.complete(f.resultNow());
            }
        });
        stage.whenComplete((value, exc) -> {
            if (stage.isCancelled() && !loop.isClosed()) {
                loop.callSoonThreadsafe(() -> cancel()); // a no-op when this future was the one cancelled
            }
        });
        return stage;
    }
}
