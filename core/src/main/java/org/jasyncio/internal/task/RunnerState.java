package org.jasyncio.internal.task;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.EventLoopPolicy;
import org.jasyncio.Task;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.Runner} (runners.py, 3.11+), which {@code asyncio.run} is made of: one loop, made on first use, on
 * which {@link #run} runs main coroutines one after the other, each in the same context; {@link #close} cancels the
 * tasks left, shuts down async generators and the default executor and closes the loop. States: created, initialized,
 * closed.
 */
public final class RunnerState {
    private enum State { CREATED, INITIALIZED, CLOSED }

    private final Boolean debug;
    private final Supplier<EventLoop> loopFactory;
    private final Supplier<EventLoopPolicy> policy;
    private State state = State.CREATED;
    private EventLoop loop;
    private Context context;
    private boolean setEventLoop;

    /**
     * @param debug the loop's debug mode, or null to leave it
     * @param loopFactory makes the loop; null: the policy's new loop, also made the policy's current loop
     * @param policy the policy in force
     */
    public RunnerState(Boolean debug, Supplier<EventLoop> loopFactory, Supplier<EventLoopPolicy> policy) {
        this.debug = debug;
        this.loopFactory = loopFactory;
        this.policy = policy;
    }

    /** {@code asyncio.run(main, debug=..., loop_factory=...)}: a runner used once. */
    public static <T> T runOnce(Coroutine<T> main, Boolean debug, Supplier<EventLoop> loopFactory,
            Supplier<EventLoopPolicy> policy) throws Exception {
        if (SelectorEventLoop.running() != null) {
            throw new IllegalStateException("asyncio.run() cannot be called from a running event loop");
        }
        if (main == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        RunnerState runner = new RunnerState(debug, loopFactory, policy);
        try {
            return runner.run(main, null);
        } finally {
            runner.close();
        }
    }

    /** {@code Runner.run(coro, context=ctx)}: ctx null runs it in the runner's own context. */
    public <T> T run(Coroutine<T> main, Context ctx) throws Exception {
        if (SelectorEventLoop.running() != null) {
            throw new IllegalStateException("Runner.run() cannot be called from a running event loop");
        }
        lazyInit();
        if (main == null) {
            throw new IllegalArgumentException("a coroutine was expected, got null");
        }
        Task<T> task = loop.createTask(main, null, ctx == null ? context : ctx);
        try (InterruptHandling interrupts = InterruptHandling.install(loop, task)) {
            try {
                return loop.runUntilComplete(task);
            } catch (CancelledError e) {
                if (interrupts.interrupted() && task.uncancel() == 0) {
                    throw new InterruptedException("interrupted (SIGINT)");
                }
                throw e;
            }
        }
    }

    /** {@code Runner.get_loop()}. */
    public EventLoop getLoop() {
        lazyInit();
        return loop;
    }

    /** {@code Runner.close()}: does nothing unless the loop was made and is not closed yet. */
    public void close() throws Exception {
        if (state != State.INITIALIZED) {
            return;
        }
        EventLoop l = loop;
        try {
            cancelAllTasks(l);
            l.runUntilComplete(l.shutdownAsyncgens());
            l.runUntilComplete(l.shutdownDefaultExecutor());
        } finally {
            if (setEventLoop) {
                policy.get().setEventLoop(null);
            }
            l.close();
            loop = null;
            state = State.CLOSED;
        }
    }

    private void lazyInit() {
        if (state == State.CLOSED) {
            throw new IllegalStateException("Runner is closed");
        }
        if (state == State.INITIALIZED) {
            return;
        }
        if (loopFactory == null) {
            EventLoopPolicy p = policy.get();
            loop = p.newEventLoop();
            if (!setEventLoop) {
                p.setEventLoop(loop);
                setEventLoop = true;
            }
        } else {
            loop = loopFactory.get();
            if (loop == null) {
                throw new IllegalStateException("the loop factory returned null");
            }
        }
        if (debug != null) {
            loop.setDebug(debug);
        }
        context = Context.copyCurrent();
        state = State.INITIALIZED;
    }

    /** asyncio's repr has none; this one says the state. */
    @Override
    public String toString() {
        return "<Runner " + state.name().toLowerCase() + ">";
    }

    static void cancelAllTasks(EventLoop loop) throws Exception {
        Set<Task<?>> toCancel = ((SelectorEventLoop) loop).tasks().pending();
        if (toCancel.isEmpty()) {
            return;
        }
        for (Task<?> t : toCancel) {
            t.cancel();
        }
        loop.runUntilComplete(Gathering.gather(() -> loop, true, toCancel.toArray(new Task<?>[0])));
        for (Task<?> t : toCancel) {
            if (t.cancelled()) {
                continue;
            }
            if (t.exception() != null) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("message", "unhandled exception during asyncio.run() shutdown");
                ctx.put("exception", t.exception());
                ctx.put("task", t);
                loop.callExceptionHandler(ctx);
            }
        }
    }
}
