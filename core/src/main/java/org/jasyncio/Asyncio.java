package org.jasyncio;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.streams.StreamConnections;
import org.jasyncio.internal.task.Await;
import org.jasyncio.internal.task.Bridges;
import org.jasyncio.internal.task.Gathering;
import org.jasyncio.internal.task.Runner;
import org.jasyncio.internal.task.Sleeping;
import org.jasyncio.internal.task.Timeouts;

/** The module-level functions of asyncio: obtaining loops, policies, and the helpers used with the low-level API. */
public final class Asyncio {
    private static volatile EventLoopPolicy policy;

    private Asyncio() {
    }

    // ---- Obtaining the event loop

    /** The loop running in this thread; IllegalStateException("no running event loop") otherwise. */
    public static EventLoop getRunningLoop() {
        SelectorEventLoop loop = SelectorEventLoop.running();
        if (loop == null) {
            throw new IllegalStateException("no running event loop");
        }
        return loop;
    }

    /** The running loop, else the policy's current loop for this thread (never created implicitly). */
    public static EventLoop getEventLoop() {
        SelectorEventLoop loop = SelectorEventLoop.running();
        return loop != null ? loop : getEventLoopPolicy().getEventLoop();
    }

    public static void setEventLoop(EventLoop loop) {
        getEventLoopPolicy().setEventLoop(loop);
    }

    public static EventLoop newEventLoop() {
        return getEventLoopPolicy().newEventLoop();
    }

    public static EventLoopPolicy getEventLoopPolicy() {
        EventLoopPolicy p = policy;
        if (p == null) {
            synchronized (Asyncio.class) {
                if (policy == null) {
                    policy = new DefaultEventLoopPolicy();
                }
                p = policy;
            }
        }
        return p;
    }

    /** Sets the policy; null restores a fresh default policy. */
    public static void setEventLoopPolicy(EventLoopPolicy p) {
        policy = p;
    }

    // ---- Running and awaiting

    /**
     * Runs {@code main} in a new loop and returns its result: afterwards every task left is cancelled, async
     * generators and the default executor are shut down and the loop is closed. Ctrl-C cancels {@code main}.
     */
    public static <T> T run(Coroutine<T> main) throws Exception {
        return Runner.run(main, null, getEventLoopPolicy());
    }

    /** {@link #run(Coroutine)} with the loop's debug mode set. */
    public static <T> T run(Coroutine<T> main, boolean debug) throws Exception {
        return Runner.run(main, debug, getEventLoopPolicy());
    }

    /**
     * {@code await f}: inside a task, suspends it until {@code f} is done, then returns its result or throws its
     * exception (CancelledError when the task or {@code f} is cancelled). Outside a task: IllegalStateException.
     */
    public static <T> T await(Future<T> f) throws Exception {
        return Await.await(f);
    }

    /**
     * A future done after {@code seconds}; {@code sleep(0)} (or less) yields to the loop for exactly one iteration.
     * Cancelling the future (or the task awaiting it) cancels its timer at once.
     */
    public static Future<Void> sleep(double seconds) {
        return Sleeping.sleep((SelectorEventLoop) getRunningLoop(), seconds);
    }

    /** The task running now, or null when a plain callback runs. */
    public static Task<?> currentTask() {
        return ((SelectorEventLoop) getRunningLoop()).currentTask();
    }

    /** The task running now on {@code loop} (null: the running loop), or null when none runs. */
    public static Task<?> currentTask(EventLoop loop) {
        return loopOrRunning(loop).currentTask();
    }

    /** The running loop's tasks that are not done yet. */
    public static Set<Task<?>> allTasks() {
        return allTasks(getRunningLoop());
    }

    /** The tasks of {@code loop} (null: the running loop) that are not done yet. */
    public static Set<Task<?>> allTasks(EventLoop loop) {
        return loopOrRunning(loop).tasks().pending();
    }

    private static SelectorEventLoop loopOrRunning(EventLoop loop) {
        if (loop == null) {
            return (SelectorEventLoop) getRunningLoop();
        }
        if (!(loop instanceof SelectorEventLoop l)) {
            throw new IllegalArgumentException("not a jasyncio event loop: " + loop);
        }
        return l;
    }

    /** A future of the running (or current) loop that follows {@code f}; cancelling it cancels {@code f}. */
    public static <T> Future<T> wrapFuture(CompletableFuture<T> f) {
        return Bridges.wrap((SelectorEventLoop) getEventLoop(), f);
    }

    /** Runs {@code coro} as a task of {@code loop} from any thread; the CompletableFuture follows the task. */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        return Bridges.runThreadsafe(coro, loop);
    }

    /**
     * The results of all futures, in order; the first exception (or a child's CancelledError) fails the whole without
     * cancelling the others. A future passed twice is awaited once. Cancelling the returned future cancels every
     * child. With no futures: a future of the running (else current) loop, done with an empty list.
     */
    public static Future<List<Object>> gather(Future<?>... fs) {
        return Gathering.gather(Asyncio::getEventLoop, false, fs);
    }

    /** {@code gather(..., return_exceptions=True)}: exceptions are returned in the list instead of raised. */
    public static Future<List<Object>> gather(boolean returnExceptions, Future<?>... fs) {
        return Gathering.gather(Asyncio::getEventLoop, returnExceptions, fs);
    }

    /**
     * {@code f}'s outcome, or TimeoutException after {@code timeout} seconds: then {@code f} is cancelled and the
     * TimeoutException comes once it has finished cancelling (if it swallows the cancellation, its own outcome wins).
     * The timer starts now; {@code timeout <= 0} cancels at once unless {@code f} is done; infinity never times out.
     * Cancelling the returned future cancels {@code f} and completes when {@code f} has.
     */
    public static <T> Future<T> waitFor(Future<T> f, double timeout) {
        return Timeouts.waitFor(f, timeout);
    }

    // ---- Streams (asyncio streams.py)

    /**
     * Connects to {@code host:port} and returns the connection's reader and writer (limit: 64 KiB). Loop thread only.
     *
     * <pre>{@code
     * Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", 8888));
     * s.writer().write("ping\n".getBytes());
     * byte[] line = Asyncio.await(s.reader().readline());
     * }</pre>
     *
     * <p>asyncio: {@code asyncio.open_connection(host, port)}.
     *
     * @return a future of the streams; it fails as {@link EventLoop#createConnection} does
     * @throws IllegalStateException when no loop runs in this thread
     */
    public static Future<Streams> openConnection(String host, int port) {
        return openConnection(host, port, ConnectOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #openConnection(String, int)} with {@code create_connection}'s options (TLS, local address, Happy
     * Eyeballs, an existing socket, ...).
     *
     * <p>asyncio: {@code asyncio.open_connection(host, port, **kwds)}.
     */
    public static Future<Streams> openConnection(String host, int port, ConnectOptions options) {
        return openConnection(host, port, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #openConnection(String, int, ConnectOptions)} with the reader's limit.
     *
     * <p>asyncio: {@code asyncio.open_connection(host, port, limit=limit, **kwds)}.
     *
     * @throws IllegalArgumentException "Limit cannot be <= 0"
     */
    public static Future<Streams> openConnection(String host, int port, ConnectOptions options, int limit) {
        return StreamConnections.openConnection(host, port, options, limit);
    }

    /**
     * Serves {@code host:port}: each accepted connection runs {@code handler} in a new task with its reader and
     * writer (limit: 64 KiB); a handler that throws is reported to the loop's exception handler and its connection
     * closed. Loop thread only.
     *
     * <pre>{@code
     * Server server = Asyncio.await(Asyncio.startServer((reader, writer) -> {
     *     byte[] line;
     *     while ((line = Asyncio.await(reader.readline())).length > 0) {
     *         writer.write(line);
     *         Asyncio.await(writer.drain());
     *     }
     *     writer.close();
     * }, "127.0.0.1", 8888));
     * }</pre>
     *
     * <p>asyncio: {@code asyncio.start_server(client_connected_cb, host, port)}.
     *
     * @return a future of the listening server; it fails as {@link EventLoop#createServer} does
     */
    public static Future<Server> startServer(StreamHandler handler, String host, int port) {
        return startServer(handler, host, port, ServerOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #startServer(StreamHandler, String, int)} with {@code create_server}'s options (TLS, backlog, ...).
     *
     * <p>asyncio: {@code asyncio.start_server(client_connected_cb, host, port, **kwds)}.
     */
    public static Future<Server> startServer(StreamHandler handler, String host, int port, ServerOptions options) {
        return startServer(handler, host, port, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #startServer(StreamHandler, String, int, ServerOptions)} with each reader's limit.
     *
     * <p>asyncio: {@code asyncio.start_server(client_connected_cb, host, port, limit=limit, **kwds)}.
     *
     * @throws IllegalArgumentException "Limit cannot be <= 0", or a null handler
     */
    public static Future<Server> startServer(StreamHandler handler, String host, int port, ServerOptions options,
            int limit) {
        return StreamConnections.startServer(handler, host, port, options, limit);
    }

    /**
     * {@link #openConnection(String, int)} to a Unix domain socket.
     *
     * <p>asyncio: {@code asyncio.open_unix_connection(path)}.
     */
    public static Future<Streams> openUnixConnection(java.nio.file.Path path) {
        return openUnixConnection(path, ConnectOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #openUnixConnection(java.nio.file.Path)} with options (TLS, an existing socket, ...).
     *
     * <p>asyncio: {@code asyncio.open_unix_connection(path, **kwds)}.
     */
    public static Future<Streams> openUnixConnection(java.nio.file.Path path, ConnectOptions options) {
        return openUnixConnection(path, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #openUnixConnection(java.nio.file.Path, ConnectOptions)} with the reader's limit.
     *
     * <p>asyncio: {@code asyncio.open_unix_connection(path, limit=limit, **kwds)}.
     */
    public static Future<Streams> openUnixConnection(java.nio.file.Path path, ConnectOptions options, int limit) {
        return StreamConnections.openUnixConnection(path, options, limit);
    }

    /**
     * {@link #startServer(StreamHandler, String, int)} on a Unix domain socket.
     *
     * <p>asyncio: {@code asyncio.start_unix_server(client_connected_cb, path)}.
     */
    public static Future<Server> startUnixServer(StreamHandler handler, java.nio.file.Path path) {
        return startUnixServer(handler, path, ServerOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #startUnixServer(StreamHandler, java.nio.file.Path)} with options.
     *
     * <p>asyncio: {@code asyncio.start_unix_server(client_connected_cb, path, **kwds)}.
     */
    public static Future<Server> startUnixServer(StreamHandler handler, java.nio.file.Path path, ServerOptions options) {
        return startUnixServer(handler, path, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #startUnixServer(StreamHandler, java.nio.file.Path, ServerOptions)} with each reader's limit.
     *
     * <p>asyncio: {@code asyncio.start_unix_server(client_connected_cb, path, limit=limit, **kwds)}.
     */
    public static Future<Server> startUnixServer(StreamHandler handler, java.nio.file.Path path, ServerOptions options,
            int limit) {
        return StreamConnections.startUnixServer(handler, path, options, limit);
    }
}
