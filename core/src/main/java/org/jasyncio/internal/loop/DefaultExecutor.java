package org.jasyncio.internal.loop;

import java.lang.System.Logger.Level;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Future;
import org.jasyncio.internal.task.BaseFuture;

/**
 * A loop's {@code runInExecutor} and its default executor: made on first use, replaced by {@code setDefaultExecutor},
 * refused once shut down, shut down without waiting when the loop closes.
 *
 * <p>The default executor is asyncio's: a pool of at most min(32, cpus + 4) threads, and they are platform threads.
 * Virtual threads would share the carriers with the portable engine's task bodies, and a few CPU-bound calls would
 * take every carrier and stall every task until they ended.
 */
final class DefaultExecutor {
    /** asyncio's constants.THREAD_JOIN_TIMEOUT: how long shutdownDefaultExecutor waits for the threads. */
    private static final long THREAD_JOIN_TIMEOUT_SECONDS = 300;
    /** concurrent.futures.ThreadPoolExecutor's default max_workers; further calls wait in its queue. */
    static final int MAX_WORKERS = Math.min(32, Runtime.getRuntime().availableProcessors() + 4);
    /** A worker idle this long ends (asyncio's never do), so a burst of calls leaves no threads behind for good. */
    private static final long IDLE_SECONDS = 60;

    private final BaseEventLoop loop;
    private ExecutorService executor;
    private boolean shutdownCalled;

    DefaultExecutor(BaseEventLoop loop) {
        this.loop = loop;
    }

    <T> Future<T> run(Executor given, Callable<T> fn) {
        if (fn == null) {
            throw new IllegalArgumentException("a callable object was expected by run_in_executor(), got null");
        }
        Executor target = given;
        if (target == null) {
            if (shutdownCalled) {
                throw new IllegalStateException("Executor shutdown has been called");
            }
            if (executor == null) {
                executor = newPool();
            }
            target = executor;
        }
        BaseFuture<T> future = new BaseFuture<>(loop.self());
        ExecutorCall<T> call = new ExecutorCall<>(loop, future, fn);
        try {
            target.execute(call);
        } catch (RejectedExecutionException e) {
            throw new IllegalStateException("cannot schedule new futures after shutdown", e);
        }
        future.addDoneCallback(call, null); // a cancelled future abandons the call
        return future;
    }

    /**
     * Daemon threads, so that a call still blocked never keeps the JVM alive; they inherit no InheritableThreadLocal
     * values, since a pooled thread serves many callers.
     */
    private static ExecutorService newPool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(MAX_WORKERS, MAX_WORKERS, IDLE_SECONDS, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().daemon().name("jasyncio-executor-", 0)
                        .inheritInheritableThreadLocals(false).factory());
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    void set(ExecutorService replacement) {
        if (replacement == null) {
            throw new IllegalArgumentException("executor must not be null");
        }
        executor = replacement;
    }

    /** asyncio's shutdown_default_executor as asyncio.run calls it: waits up to THREAD_JOIN_TIMEOUT. */
    Future<Void> shutdown() {
        return shutdown(THREAD_JOIN_TIMEOUT_SECONDS);
    }

    /**
     * asyncio's shutdown_default_executor(timeout): a helper thread waits for the executor, then completes the
     * future. When the threads outlive {@code timeoutSeconds} (infinite: asyncio's None, wait as long as it takes)
     * it warns with asyncio's words and completes anyway, as asyncio does; the executor is then also told to
     * interrupt what still runs.
     */
    Future<Void> shutdown(double timeoutSeconds) {
        if (Double.isNaN(timeoutSeconds) || timeoutSeconds < 0) {
            throw new IllegalArgumentException("timeout must be a non-negative number of seconds, got " + timeoutSeconds);
        }
        shutdownCalled = true;
        BaseFuture<Void> done = new BaseFuture<>(loop.self());
        ExecutorService current = executor;
        if (current == null) {
            done.setResult(null);
            return done;
        }
        Thread.ofPlatform().daemon().name("jasyncio-executor-shutdown").start(() -> {
            Throwable failure = null;
            try {
                current.shutdown();
                boolean ended = Double.isInfinite(timeoutSeconds)
                        ? current.awaitTermination(Long.MAX_VALUE, TimeUnit.NANOSECONDS)
                        : current.awaitTermination((long) Math.ceil(timeoutSeconds * 1e9), TimeUnit.NANOSECONDS);
                if (!ended) {
                    ExceptionReporting.LOGGER.log(Level.WARNING, "The executor did not finishing joining its threads "
                            + "within " + asPython(timeoutSeconds) + " seconds.");
                    current.shutdownNow();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                failure = e;
            }
            Throwable error = failure;
            try {
                loop.callSoonThreadsafe(() -> {
                    if (done.done()) {
                        return;
                    }
                    if (error != null) {
                        done.setException(error);
                    } else {
                        done.setResult(null);
                    }
                });
            } catch (IllegalStateException closedMeanwhile) {
                // nobody is waiting any more
            }
        });
        return done;
    }

    /** A number of seconds as Python prints it: 300 for a whole number, 0.5 otherwise. */
    private static String asPython(double seconds) {
        return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
    }

    /** The loop closes: no more default executor, and the current one is told to stop without waiting for it. */
    void close() {
        shutdownCalled = true;
        ExecutorService current = executor;
        executor = null;
        if (current != null) {
            current.shutdown();
        }
    }
}
