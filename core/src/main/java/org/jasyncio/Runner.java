package org.jasyncio;

import java.util.function.Supplier;
import org.jasyncio.internal.task.RunnerState;
import org.jasyncio.internal.task.Sneaky;

/**
 * Runs main coroutines on one loop of its own, one after the other (asyncio: {@code asyncio.Runner}, 3.11). The loop
 * is made on first use; {@link #close()} cancels the tasks left, finishes async generators and the default executor,
 * and closes the loop. {@link Asyncio#run(Coroutine)} is a runner used once.
 *
 * <!-- sample: statements
 *      given: Object setUp(); Object serve() -->
 * <pre>{@code
 * try (Runner runner = new Runner()) {
 *     runner.run(() -> setUp());
 *     runner.run(() -> serve());   // same loop, same context
 * }
 * }</pre>
 *
 * <p>Not thread-safe: use a runner from one thread, never from inside a running loop.
 */
public final class Runner implements AutoCloseable {
    private final RunnerState state;

    /**
     * A runner whose loop comes from the current policy ({@link Asyncio#newEventLoop()}), becomes the policy's
     * current loop while the runner is open, and keeps its default debug mode (asyncio: {@code Runner()}).
     */
    public Runner() {
        this.state = new RunnerState(null, null, Asyncio::getEventLoopPolicy);
    }

    /**
     * A runner whose loop has debug mode {@code debug} and is made by {@code loopFactory} (asyncio:
     * {@code Runner(debug=..., loop_factory=...)}). A loop from a factory is not made the policy's current loop.
     *
     * @param debug the loop's debug mode
     * @param loopFactory makes the loop; null: as {@link #Runner()}
     */
    public Runner(boolean debug, Supplier<EventLoop> loopFactory) {
        this.state = new RunnerState(debug, loopFactory, Asyncio::getEventLoopPolicy);
    }

    /**
     * A runner whose loop is made by {@code loopFactory}, its debug mode left as the factory made it (asyncio:
     * {@code Runner(loop_factory=...)}, with {@code debug=None}). A loop from a factory is not made the policy's
     * current loop.
     *
     * @param loopFactory makes the loop; null: as {@link #Runner()}
     */
    public Runner(Supplier<EventLoop> loopFactory) {
        this.state = new RunnerState(null, loopFactory, Asyncio::getEventLoopPolicy);
    }

    /**
     * Runs {@code main} as a task of the runner's loop until it is done and returns its result (asyncio:
     * {@code Runner.run(coro)}). Every run uses the same loop and the same context, so context variables set by one
     * main are seen by the next. Ctrl-C cancels {@code main}; if it ends cancelled by that, InterruptedException.
     *
     * @param main the coroutine to run
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw (CancelledError when it was cancelled)
     * @throws IllegalStateException "Runner.run() cannot be called from a running event loop", "Runner is closed"
     * @throws IllegalArgumentException when {@code main} is null
     */
    public <T> T run(Coroutine<T> main) throws Exception {
        return state.run(main, null);
    }

    /**
     * {@link #run(Coroutine)} in {@code context} instead of the runner's own context (asyncio:
     * {@code Runner.run(coro, context=ctx)}).
     *
     * @param main the coroutine to run
     * @param context the context its task runs in; null: the runner's
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws Exception as {@link #run(Coroutine)}
     */
    public <T> T run(Coroutine<T> main, Context context) throws Exception {
        return state.run(main, context);
    }

    /**
     * The runner's loop, made now if it was not yet (asyncio: {@code Runner.get_loop()}).
     *
     * @return the loop
     * @throws IllegalStateException "Runner is closed"
     */
    public EventLoop getLoop() {
        return state.getLoop();
    }

    /**
     * Cancels the loop's remaining tasks and waits for them, shuts down async generators and the default executor,
     * and closes the loop (asyncio: {@code Runner.close()}). Does nothing when the loop was never made or the runner
     * is already closed; afterwards {@link #run} and {@link #getLoop} fail with "Runner is closed".
     */
    @Override
    public void close() {
        try {
            state.close();
        } catch (Exception e) {
            throw Sneaky.<RuntimeException>rethrow(e);
        }
    }

    /**
     * The runner's state, as asyncio's {@code Runner} repr (created, initialized or closed). Thread-safe to call.
     *
     * @return a short description
     */
    @Override
    public String toString() {
        return state.toString();
    }
}
