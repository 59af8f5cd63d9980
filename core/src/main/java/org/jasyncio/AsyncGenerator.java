package org.jasyncio;

import org.jasyncio.internal.task.GeneratorMachine;
import org.jasyncio.internal.task.TrackedGenerator;

/**
 * An asynchronous generator (Python's {@code async def} with {@code yield}): a body that hands values out one at a
 * time with {@link Emitter#emit} and may {@link Asyncio#await} between them.
 *
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
 */
public final class AsyncGenerator<T> implements TrackedGenerator {
    private final GeneratorMachine<T> machine;

    /** A generator that will run {@code body} on its first request. */
    public AsyncGenerator(Body<T> body) {
        if (body == null) {
            throw new IllegalArgumentException("an async generator body was expected, got null");
        }
        this.machine = new GeneratorMachine<>(body);
    }

    /**
     * asyncio's {@code __anext__}: the next emitted value. Fails with {@link StopAsyncIteration} when the body has
     * returned (or the generator is closed), with the body's exception when it fails, and with
     * IllegalStateException("anext(): asynchronous generator is already running") while another request is pending.
     */
    public Future<T> next() {
        return machine.next(this);
    }

    /**
     * Throws {@code exc} into the body at the {@code emit} where it is suspended. The future gets the next value the
     * body emits, or fails with what the body throws ({@link StopAsyncIteration} when it returns). On a generator not
     * yet started, the body never runs: the future fails with {@code exc} and the generator is closed.
     */
    public Future<T> athrow(Throwable exc) {
        if (exc == null) {
            throw new IllegalArgumentException("athrow() needs an exception, got null");
        }
        return machine.athrow(this, exc);
    }

    /**
     * Throws a {@link GeneratorExit} into the body at its {@code emit} and completes once the body has finished. A body
     * that emits again instead fails the future with IllegalStateException("async generator ignored GeneratorExit").
     * Closing a generator that never started or has finished is done at once.
     */
    public Future<Void> aclose() {
        return machine.aclose(this);
    }

    /** True once the body has finished, or the generator was closed before it started. */
    @Override
    public boolean isClosed() {
        return machine.isClosed();
    }

    @Override
    public String toString() {
        return "<AsyncGenerator " + machine.describe() + ">";
    }

    /** The code of a generator: emits values, may await, ends by returning or throwing. */
    @FunctionalInterface
    public interface Body<T> {
        void run(Emitter<T> emitter) throws Exception;
    }

    /** Python's {@code yield} inside an async generator. */
    public interface Emitter<T> {
        /**
         * Hands {@code value} to the pending request and suspends the body until the next one. Throws what
         * {@link #athrow} throws in, or {@link GeneratorExit} when the generator is being closed.
         */
        void emit(T value) throws Exception;
    }

    /** Thrown into a body at its {@code emit} by {@link #aclose()}: let it propagate (or return) to finish. */
    public static final class GeneratorExit extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public GeneratorExit() {
            super("async generator is being closed");
        }
    }
}
