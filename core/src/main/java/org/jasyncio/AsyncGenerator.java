package org.jasyncio;

import org.jasyncio.internal.task.GeneratorMachine;

/**
 * An asynchronous generator (Python's {@code async def} with {@code yield}): a body that hands values out one at a
 * time with {@link Emitter#emit} and may {@link Asyncio#await} between them.
 *
 * <!-- sample: statements runs -->
 * <pre>{@code
 * AsyncGenerator<Integer> ticks = new AsyncGenerator<>(out -> {
 *     for (int i = 0; i < 3; i++) {
 *         await(Asyncio.sleep(0.1));
 *         out.emit(i);
 *     }
 * });
 * // inside a task:
 * while (true) {
 *     int i;
 *     try { i = await(ticks.next()); } catch (StopAsyncIteration end) { break; }
 *     ...
 * }
 * }</pre>
 *
 * <p>The body runs as a coroutine of its own on the loop (not inside the consumer's task as in Python): each request
 * ({@link #next()}, {@link #athrow}, {@link #aclose()}) resumes it and its future completes when the body emits,
 * returns or fails. Inside the body {@link Asyncio#currentTask()} is the generator's own hidden task (not listed by
 * {@code allTasks()}), and its context is a copy of the one current at the first request. Cancelling a request's
 * future throws CancelledError into the body where it waits, as cancelling the consumer would in Python.
 *
 * <p>The first request registers the generator with its loop, so {@link EventLoop#shutdownAsyncgens()} (and
 * {@link Asyncio#run}) close it if it is still open. One that becomes unreachable while suspended is closed on its
 * loop too, as asyncio's finalizer hook does.
 *
 * <p>asyncio: an async generator object ({@code async def} with {@code yield}). Loop-only: requests are made from a
 * task or callback of the loop.
 *
 * @param <T> the type of the emitted values
 */
public final class AsyncGenerator<T> {
    private final GeneratorMachine<T> machine;

    /**
     * A generator that will run {@code body} on its first request; nothing runs before.
     *
     * @param body the generator's code
     * @throws IllegalArgumentException when {@code body} is null
     */
    public AsyncGenerator(Body<T> body) {
        if (body == null) {
            throw new IllegalArgumentException("an async generator body was expected, got null");
        }
        this.machine = new GeneratorMachine<>(body);
    }

    /**
     * The next emitted value. asyncio: {@code agen.__anext__()}.
     *
     * @return a future with the value; it fails with {@link StopAsyncIteration} when the body has returned (or the
     *     generator is closed), with the body's exception when it fails, and with
     *     IllegalStateException("anext(): asynchronous generator is already running") while another request is
     *     pending
     */
    public Future<T> next() {
        return machine.next(this);
    }

    /**
     * Throws {@code exc} into the body at the {@code emit} where it is suspended. On a generator not yet started,
     * the body never runs: the future fails with {@code exc} and the generator is closed. asyncio:
     * {@code agen.athrow(exc)}.
     *
     * @param exc the exception to throw in
     * @return a future with the next value the body emits, failed with what the body throws
     *     ({@link StopAsyncIteration} when it returns)
     * @throws IllegalArgumentException when {@code exc} is null
     */
    public Future<T> athrow(Throwable exc) {
        if (exc == null) {
            throw new IllegalArgumentException("athrow() needs an exception, got null");
        }
        return machine.athrow(this, exc);
    }

    /**
     * Throws a {@link GeneratorExit} into the body at its {@code emit}. Closing a generator that never started or has
     * finished is done at once. asyncio: {@code agen.aclose()}.
     *
     * @return a future done once the body has finished; a body that emits again instead fails it with
     *     IllegalStateException("async generator ignored GeneratorExit")
     */
    public Future<Void> aclose() {
        return machine.aclose(this);
    }

    /**
     * Whether the generator is done.
     *
     * @return true once the body has finished, or the generator was closed before it started
     */
    public boolean isClosed() {
        return machine.isClosed();
    }

    /**
     * asyncio's repr of an async generator: its state, for logs and debugging. Loop-only, as the generator is.
     *
     * @return {@code <AsyncGenerator ...>}
     */
    @Override
    public String toString() {
        return "<AsyncGenerator " + machine.describe() + ">";
    }

    /**
     * The code of a generator: emits values, may await, ends by returning or throwing.
     *
     * <p>Loop-only: it runs as the generator's own coroutine on the loop of its first request.
     *
     * @param <T> the type of the emitted values
     */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs the generator's code.
         *
         * @param emitter where values are emitted ({@code yield})
         * @throws Exception what ends the generator with a failure
         */
        void run(Emitter<T> emitter) throws Exception;
    }

    /**
     * Python's {@code yield} inside an async generator.
     *
     * <p>Loop-only: call it from the body only, where the generator runs.
     *
     * @param <T> the type of the emitted values
     */
    public interface Emitter<T> {
        /**
         * Hands {@code value} to the pending request and suspends the body until the next one.
         *
         * @param value the value the pending request's future completes with
         * @throws Exception what {@link #athrow} throws in, or {@link GeneratorExit} when the generator is being
         *     closed
         */
        void emit(T value) throws Exception;
    }

    /**
     * Thrown into a body at its {@code emit} by {@link #aclose()}: let it propagate (or return) to finish.
     *
     * <p>Thread-safe: it carries nothing but its type.
     */
    public static final class GeneratorExit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        /** The exception {@link #aclose()} throws in. */
        public GeneratorExit() {
            super("async generator is being closed");
        }
    }
}
