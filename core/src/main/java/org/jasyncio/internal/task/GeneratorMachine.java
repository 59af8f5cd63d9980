package org.jasyncio.internal.task;

import java.lang.ref.WeakReference;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jasyncio.AsyncGenerator;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.StopAsyncIteration;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * The state of one {@link AsyncGenerator}: NEW until the first request, then RUNNING while a request is served and
 * SUSPENDED while the body waits in {@code emit}, CLOSED for good once the body has ended. The body is the coroutine
 * of a hidden task; at each emit it completes the pending request and awaits a fresh "gate" future that the next
 * request completes (with null to go on, or with the exception to throw in). It never references the public
 * generator object, so that object can become unreachable and be finalized.
 */
public final class GeneratorMachine<T> implements AsyncGenerator.Emitter<T> {
    private enum State { NEW, RUNNING, SUSPENDED, CLOSED }

    private enum Kind { NEXT, THROW, CLOSE }

    private final AsyncGenerator.Body<T> body;
    private State state = State.NEW;
    private SelectorEventLoop loop;
    private CoroutineTask<Void> bodyTask;
    private WeakReference<AsyncGenerator<?>> owner;
    /** Completed by the next request to resume the body waiting in emit. */
    private BaseFuture<Void> gate;
    private RequestFuture<?> request;
    private Kind kind;

    public GeneratorMachine(AsyncGenerator.Body<T> body) {
        this.body = body;
    }

    public boolean isClosed() {
        return state == State.CLOSED;
    }

    public String describe() {
        return state.name().toLowerCase() + " body=" + body;
    }

    // ------------------------------------------------------------------ requests (consumer side)

    public Future<T> next(AsyncGenerator<?> self) {
        SelectorEventLoop l = loopForRequest();
        switch (state) {
            case RUNNING:
                return failed(l, new IllegalStateException("anext(): asynchronous generator is already running"));
            case CLOSED:
                return failed(l, new StopAsyncIteration());
            default:
                RequestFuture<T> r = begin(l, Kind.NEXT);
                if (bodyTask == null) {
                    start(self);
                } else {
                    gateOpen(null);
                }
                return r;
        }
    }

    public Future<T> athrow(AsyncGenerator<?> self, Throwable exc) {
        SelectorEventLoop l = loopForRequest();
        switch (state) {
            case RUNNING:
                return failed(l, new IllegalStateException("athrow(): asynchronous generator is already running"));
            case CLOSED:
                return failed(l, new StopAsyncIteration());
            case NEW:
                state = State.CLOSED; // thrown into a body that never started: it ends at once
                return failed(l, exc);
            default:
                RequestFuture<T> r = begin(l, Kind.THROW);
                gateOpen(exc);
                return r;
        }
    }

    public Future<Void> aclose(AsyncGenerator<?> self) {
        SelectorEventLoop l = loopForRequest();
        switch (state) {
            case RUNNING:
                return failed(l, new IllegalStateException("aclose(): asynchronous generator is already running"));
            case NEW:
            case CLOSED:
                state = State.CLOSED;
                BaseFuture<Void> done = new BaseFuture<>(l);
                done.setResult(null);
                return done;
            default:
                RequestFuture<Void> r = begin(l, Kind.CLOSE);
                gateOpen(new AsyncGenerator.GeneratorExit());
                return r;
        }
    }

    private SelectorEventLoop loopForRequest() {
        if (loop != null) {
            return loop;
        }
        SelectorEventLoop running = SelectorEventLoop.running();
        return running != null ? running : (SelectorEventLoop) Asyncio.getEventLoop();
    }

    private <R> RequestFuture<R> begin(SelectorEventLoop l, Kind k) {
        RequestFuture<R> r = new RequestFuture<>(l, this);
        request = r;
        kind = k;
        state = State.RUNNING;
        return r;
    }

    private static <R> Future<R> failed(SelectorEventLoop l, Throwable exc) {
        BaseFuture<R> f = new BaseFuture<>(l);
        f.setException(exc);
        return f;
    }

    /** The first request: register with the loop (asyncio's firstiter hook) and start the body's task. */
    private void start(AsyncGenerator<?> self) {
        loop = loopForRequest();
        owner = new WeakReference<>(self);
        loop.asyncgens().firstIteration(loop, self);
        BaseFuture.CLEANER.register(self, new Finalizer(this));
        bodyTask = CoroutineTask.createHidden(loop, this::runBody, null, "asyncgen " + body);
        bodyTask.addDoneCallback(this::bodyTaskDone);
    }

    private void gateOpen(Throwable exc) {
        BaseFuture<Void> g = gate;
        gate = null;
        if (exc == null) {
            g.setResult(null);
        } else {
            g.setException(exc);
        }
    }

    // ------------------------------------------------------------------ the body (its hidden task)

    private Void runBody() {
        Throwable failure = null;
        try {
            body.run(this);
        } catch (Throwable t) {
            failure = t;
        }
        ended(failure);
        return null;
    }

    @Override
    public void emit(T value) throws Exception {
        SelectorEventLoop running = SelectorEventLoop.running();
        if (state != State.RUNNING || running == null || running.currentTask() != bodyTask) {
            throw new IllegalStateException("emit() must be called by the async generator's own body, while it runs");
        }
        RequestFuture<?> r = request;
        Kind k = kind;
        request = null;
        BaseFuture<Void> g = new BaseFuture<>(loop);
        gate = g;
        state = State.SUSPENDED;
        if (k == Kind.CLOSE) {
            r.setException(new IllegalStateException("async generator ignored GeneratorExit"));
        } else {
            r.complete(value);
        }
        bodyTask.await(g);
    }

    /** The body returned (failure null) or threw: settle the pending request, and the generator is closed. */
    private void ended(Throwable failure) {
        state = State.CLOSED;
        gate = null;
        RequestFuture<?> r = request;
        Kind k = kind;
        request = null;
        AsyncGenerator<?> self = owner == null ? null : owner.get();
        if (self != null) {
            loop.asyncgens().closed(self);
        }
        if (r == null) {
            return;
        }
        if (failure == null) {
            if (k == Kind.CLOSE) {
                r.complete(null);
            } else {
                r.setException(new StopAsyncIteration());
            }
        } else if (failure instanceof StopAsyncIteration) {
            r.setException(new IllegalStateException("async generator raised StopAsyncIteration", failure));
        } else if (k == Kind.CLOSE && failure instanceof AsyncGenerator.GeneratorExit) {
            r.complete(null);
        } else if (failure instanceof CancelledError ce) {
            r.cancelWith(ce);
        } else {
            r.setException(failure);
        }
    }

    /** The hidden task is done; only when it was cancelled before its first step has the body not ended itself. */
    private void bodyTaskDone(Future<Void> task) {
        if (state != State.CLOSED) {
            ended(task.cancelled() ? bodyTask.makeCancelledError() : new IllegalStateException("async generator body lost"));
        }
    }

    /** A request's future: cancelling it cancels the body where it waits, as cancelling the consumer would. */
    static final class RequestFuture<R> extends BaseFuture<R> {
        private final GeneratorMachine<?> machine;

        RequestFuture(SelectorEventLoop loop, GeneratorMachine<?> machine) {
            super(loop);
            this.machine = machine;
        }

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            setResult((R) value);
        }

        void cancelWith(CancelledError exc) {
            cancelledExc = exc;
            cancelFuture(null);
        }

        @Override
        public boolean cancel(String msg) {
            if (done()) {
                return false;
            }
            CoroutineTask<?> task = machine.bodyTask;
            if (task != null && !task.done() && machine.request == this && task.cancel(msg)) {
                return true; // settled when the body reacts
            }
            return cancelFuture(msg);
        }
    }

    /** asyncio's finalizer hook: a generator dropped while suspended is closed on its loop. */
    private static final class Finalizer implements Runnable {
        private final GeneratorMachine<?> machine;

        Finalizer(GeneratorMachine<?> machine) {
            this.machine = machine;
        }

        @Override
        public void run() {
            SelectorEventLoop l = machine.loop;
            if (machine.state == State.CLOSED || l == null || l.isClosed()) {
                return;
            }
            try {
                l.callSoonThreadsafe(this::close);
            } catch (IllegalStateException closed) {
                // The loop closed meanwhile: nothing can run the body any more.
            }
        }

        private void close() {
            if (machine.state != State.SUSPENDED) {
                return;
            }
            machine.aclose(null).addDoneCallback(f -> {
                if (!f.cancelled() && f.exception() != null) {
                    Map<String, Object> ctx = new LinkedHashMap<>();
                    ctx.put("message", "an error occurred during closing of asynchronous generator " + machine.describe());
                    ctx.put("exception", f.exception());
                    machine.loop.callExceptionHandler(ctx);
                }
            });
        }
    }
}
