package org.jasyncio.internal.process;

import java.util.function.BiFunction;
import java.util.function.Supplier;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.sync.LoopBinding;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code create_subprocess_exec}/{@code create_subprocess_shell}: starts the child with a
 * {@link SubprocessStreamProtocol} on the running loop and hands the transport and protocol to {@code wrap} (which
 * makes the public {@code Subprocess}) once the child runs.
 */
public final class SubprocessStreams {
    private SubprocessStreams() {
    }

    /** How the loop starts the child, given the protocol factory. */
    @FunctionalInterface
    public interface Launch {
        Future<Connection<SubprocessTransport, SubprocessStreamProtocol>> start(
                Supplier<SubprocessStreamProtocol> factory);
    }

    public static <R> Future<R> create(int limit, Launch launch,
            BiFunction<SubprocessTransport, SubprocessStreamProtocol, R> wrap) {
        SelectorEventLoop loop = LoopBinding.running();
        Future<Connection<SubprocessTransport, SubprocessStreamProtocol>> started =
                launch.start(() -> new SubprocessStreamProtocol(loop, limit));
        Created<R> created = new Created<>(loop, started);
        started.addDoneCallback(f -> {
            if (created.done()) {
                if (!f.cancelled() && f.exception() == null) {
                    try {
                        f.result().transport().close(); // nobody will get this process: kill it, as asyncio does
                    } catch (Exception ignored) {
                        // reported by the future itself
                    }
                }
                return;
            }
            if (f.cancelled()) {
                created.cancelCreated();
                return;
            }
            Throwable exc = f.exception();
            if (exc != null) {
                created.failCreated(exc);
                return;
            }
            try {
                Connection<SubprocessTransport, SubprocessStreamProtocol> c = f.result();
                created.finish(wrap.apply(c.transport(), c.protocol()));
            } catch (Exception e) {
                created.failCreated(e);
            }
        });
        return created;
    }

    private static final class Created<R> extends BaseFuture<R> {
        private final Future<?> started;

        Created(SelectorEventLoop loop, Future<?> started) {
            super(loop);
            this.started = started;
        }

        void finish(R value) {
            super.setResult(value);
        }

        void failCreated(Throwable exc) {
            super.setException(exc);
        }

        void cancelCreated() {
            cancelFuture(null);
        }

        @Override
        public boolean cancel(String msg) {
            started.cancel(msg);
            return cancelFuture(msg);
        }

        @Override
        public void setResult(R value) {
            throw new IllegalStateException("completed by the process launch only");
        }

        @Override
        public void setException(Throwable exc) {
            throw new IllegalStateException("completed by the process launch only");
        }
    }
}
