package org.jasyncio;

import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * An event loop: runs callbacks, timers, tasks and I/O on one thread ({@code asyncio: asyncio.AbstractEventLoop}).
 * Get the running one with {@link Asyncio#getRunningLoop()}; most programs let {@link Asyncio#run} make, run and
 * close it.
 *
 * <!-- sample: statements
 *      given: class Echo implements Protocol {} -->
 * <pre>{@code
 * Asyncio.run(() -> {
 *     EventLoop loop = Asyncio.getRunningLoop();
 *     loop.callLater(Duration.ofMillis(100), () -> System.out.println("a timer fired"));
 *     Server server = await(loop.createServer(Echo::new, "127.0.0.1", 8888));
 *     await(server.serveForever());
 *     return null;
 * });
 * }</pre>
 *
 * <p><b>Threads.</b> Everything here is loop-only — call it from the loop's own callbacks and tasks, or while the
 * loop is not running — except the members marked thread-safe: {@link #callSoonThreadsafe}, the one door in from
 * other threads (and {@link Asyncio#runCoroutineThreadsafe}, built on it), and the read-only {@link #isRunning()},
 * {@link #isClosed()}, {@link #time()} and {@link #stats()}. Debug mode checks the scheduling calls (callbacks,
 * timers, tasks, name resolution, {@code sock*}): from another thread while the loop runs they throw
 * IllegalStateException("Non-thread-safe operation invoked on an event loop other than the current one").
 *
 * <p><b>Busy polling.</b> Unlike asyncio's, a loop that is about to wait for I/O right after a short wait polls on
 * without blocking for up to 50 microseconds first, yielding its core between polls: under load that saves the
 * sleep and the wake-up each arriving message would otherwise cost (the sender pays for waking a sleeping loop). A
 * loop whose events come further apart never does it, and an idle loop uses no CPU. The system property
 * {@code jasyncio.busyPoll} sets the budget in microseconds ({@code -Djasyncio.busyPoll=0} turns it off, for a
 * machine where every cycle is shared); {@link LoopStats#busyPollHits()} and {@link LoopStats#busyPolling()} show
 * what it saves and costs.
 *
 * <p><b>Errors.</b> A bad argument throws at once (IllegalArgumentException, IllegalStateException); anything that
 * happens later (resolution, connecting, a handshake) fails the returned future, usually with an
 * {@link java.io.IOException}. A callback or protocol that throws is reported to the exception handler; it never
 * ends the loop.
 */
public interface EventLoop extends AutoCloseable {

    // ---- Lifecycle

    /**
     * Runs the loop until {@code future} is done and returns its result, or throws its exception (CancelledError when
     * it was cancelled). asyncio: {@code loop.run_until_complete(future)}.
     *
     * @param <T> the result type
     * @param future a future of this loop
     * @return the future's result
     * @throws Exception the future's exception
     * @throws IllegalStateException "This event loop is already running", "Cannot run the event loop while another
     *     loop is running", "Event loop is closed", or "Event loop stopped before Future completed." when
     *     {@link #stop()} ended the run first
     * @throws IllegalArgumentException for a future of another loop
     */
    <T> T runUntilComplete(Future<T> future) throws Exception;

    /**
     * Wraps {@code coro} in a task (through the task factory, if one is set) and runs the loop until it is done.
     * asyncio: {@code loop.run_until_complete(coro)}.
     *
     * <!-- sample: main-body runs -->
     * <pre>{@code
     * EventLoop loop = Asyncio.newEventLoop();
     * try (loop) {
     *     String answer = loop.runUntilComplete(() -> "42");
     * }
     * }</pre>
     *
     * @param <T> the result type
     * @param coro the task's body
     * @return what the task returned
     * @throws Exception what the task threw
     * @throws IllegalStateException as {@link #runUntilComplete(Future)}
     */
    <T> T runUntilComplete(Coroutine<T> coro) throws Exception;

    /**
     * Runs the loop in the calling thread, which may be any thread, until {@link #stop()} is called. Each
     * iteration polls for I/O, moves due timers to the ready queue and runs exactly the callbacks ready at that
     * point; those they schedule run in the next iteration. asyncio: {@code loop.run_forever()}.
     *
     * @throws IllegalStateException "This event loop is already running", "Cannot run the event loop while another
     *     loop is running", "Event loop is closed"
     */
    void runForever();

    /**
     * Makes {@link #runForever()} return once the current iteration has run every callback that was already ready.
     * Called while the loop is not running, the next run does one iteration. asyncio: {@code loop.stop()}.
     * Loop-only: from another thread use {@code loop.callSoonThreadsafe(loop::stop)}.
     */
    void stop();

    /**
     * Closes the loop: drops pending callbacks and timers, shuts the default executor down without waiting and
     * releases the poller. A second close does nothing. asyncio: {@code loop.close()}. <b>Unlike asyncio</b>, the
     * callbacks other threads handed over with {@link #callSoonThreadsafe(Runnable)} that the loop had not run yet
     * are run first, by the closing thread in the loop's stead (what they schedule is dropped); from then on
     * {@code callSoonThreadsafe} fails with "Event loop is closed".
     *
     * <p>Loop-only: call it once the loop has stopped, from one thread (usually the one that ran it), never while
     * another thread may run the loop. Afterwards {@link #callSoonThreadsafe} from other threads throws
     * IllegalStateException("Event loop is closed").
     *
     * @throws IllegalStateException "Cannot close a running event loop"
     */
    @Override
    void close();

    /**
     * Whether the loop is running. asyncio: {@code loop.is_running()}. Thread-safe (a snapshot).
     *
     * @return true between the start and the end of {@link #runForever()} or {@code runUntilComplete}
     */
    boolean isRunning();

    /**
     * Whether {@link #close()} was called. asyncio: {@code loop.is_closed()}. Thread-safe (a snapshot).
     *
     * @return true once closed
     */
    boolean isClosed();

    /**
     * Closes every {@link AsyncGenerator} started on this loop that is still open, each with {@code aclose()}; a
     * failure is reported to the exception handler. {@link Asyncio#run} calls it before closing the loop. asyncio:
     * {@code loop.shutdown_asyncgens()}.
     *
     * @return a future done when all are closed
     */
    Future<Void> shutdownAsyncgens();

    /**
     * Shuts the default executor down and completes when its threads are done (waiting up to 300 seconds);
     * afterwards {@code runInExecutor(null, ...)} fails with "Executor shutdown has been called". asyncio:
     * {@code loop.shutdown_default_executor()}.
     *
     * @return a future done when the executor has finished
     */
    Future<Void> shutdownDefaultExecutor();

    /**
     * {@link #shutdownDefaultExecutor()} with a bound on the wait. When the executor's threads are still busy after
     * {@code timeout} seconds, a warning is logged ("The executor did not finishing joining its threads within N
     * seconds.", asyncio's words), the executor is told to interrupt them, and the future completes normally.
     * asyncio: {@code loop.shutdown_default_executor(timeout)}.
     *
     * @param timeout seconds to wait; {@code Double.POSITIVE_INFINITY} waits as long as it takes (asyncio's None)
     * @return a future done when the executor has finished or the timeout has passed
     * @throws IllegalArgumentException when {@code timeout} is negative or NaN
     */
    Future<Void> shutdownDefaultExecutor(double timeout);

    // ---- Debugging

    /**
     * Turns debug mode on or off. Debug mode (initially on when the environment variable JASYNCIO_DEBUG is non-empty
     * or the system property jasyncio.debug is "true" as the loop is made): non-thread-safe calls from a foreign
     * thread throw IllegalStateException, handles and futures record where they were made, and callbacks slower than
     * {@link #getSlowCallbackDuration()} are logged. asyncio: {@code loop.set_debug()}.
     *
     * @param on the new mode
     */
    void setDebug(boolean on);

    /**
     * Whether debug mode is on. asyncio: {@code loop.get_debug()}.
     *
     * @return the mode
     */
    boolean getDebug();

    /**
     * Seconds a callback may run before debug mode logs "Executing ... took X seconds". asyncio:
     * {@code loop.slow_callback_duration}.
     *
     * @return the threshold in seconds, 0.1 by default
     */
    double getSlowCallbackDuration();

    /**
     * Sets the threshold of {@link #getSlowCallbackDuration()}. asyncio: {@code loop.slow_callback_duration = s}.
     *
     * @param seconds the threshold, not negative
     * @throws IllegalArgumentException when negative or NaN
     */
    void setSlowCallbackDuration(double seconds);

    /**
     * {@link #setSlowCallbackDuration(double)} with a {@link Duration}.
     *
     * @param threshold the threshold, not negative
     * @throws IllegalArgumentException when null or negative
     */
    default void setSlowCallbackDuration(Duration threshold) {
        setSlowCallbackDuration(Seconds.of(threshold, "slow callback duration"));
    }

    /**
     * A snapshot of what the loop has done so far (callbacks run, I/O events, time blocked in the poller) and of where
     * it stands (ready-queue depth, timers, lag, live tasks and transports); see {@link LoopStats}. Not an asyncio
     * method. Thread-safe: from the loop's own thread (a callback or task) the figures are exact and consistent; from
     * another thread (a metrics exporter) each figure is read without locking or stopping the loop, so it may lag
     * the loop's own count a little and two figures may be from slightly different moments. Works on a closed loop
     * too (its final figures).
     *
     * @return a new immutable snapshot
     */
    LoopStats stats();

    // ---- Scheduling callbacks

    /**
     * Runs {@code cb} in a later iteration, after every callback scheduled before it (FIFO), in a copy of the
     * context current now. asyncio: {@code loop.call_soon(cb)}. Loop-only.
     *
     * @param cb the callback; what it throws goes to the exception handler
     * @return a handle that cancels it
     * @throws IllegalStateException "Event loop is closed"
     * @throws IllegalArgumentException when {@code cb} is null
     */
    Handle callSoon(Runnable cb);

    /**
     * {@link #callSoon(Runnable)} in {@code ctx} itself. asyncio: {@code loop.call_soon(cb, context=ctx)}.
     *
     * @param cb the callback
     * @param ctx the context to run it in; null means a copy of the current context
     * @return a handle that cancels it
     * @throws IllegalStateException "Event loop is closed"
     */
    Handle callSoon(Runnable cb, Context ctx);

    /**
     * {@link #callSoon(Runnable)} from any thread: wakes the loop if it is waiting for I/O or a timer. The one
     * thread-safe way into a running loop. asyncio: {@code loop.call_soon_threadsafe(cb)}. A call from another
     * thread either fails or its callback runs exactly once (unless cancelled), even when the loop closes meanwhile
     * (see {@link #close()}); asyncio can accept it and then drop it.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; Transport transport; byte[] result -->
     * <pre>{@code
     * // on some other thread:
     * loop.callSoonThreadsafe(() -> transport.write(result));
     * }</pre>
     *
     * @param cb the callback, run on the loop thread
     * @return a handle (cancel it on the loop thread)
     * @throws IllegalStateException "Event loop is closed"
     */
    Handle callSoonThreadsafe(Runnable cb);

    /**
     * {@link #callSoonThreadsafe(Runnable)} in {@code ctx}. asyncio: {@code loop.call_soon_threadsafe(cb, context=ctx)}.
     * Thread-safe.
     *
     * @param cb the callback, run on the loop thread
     * @param ctx the context to run it in; null means a copy of the calling thread's current context
     * @return a handle
     * @throws IllegalStateException "Event loop is closed"
     */
    Handle callSoonThreadsafe(Runnable cb, Context ctx);

    /**
     * Runs {@code cb} once {@code delay} seconds have passed on the loop's clock (0 or negative: in the next
     * iteration, after the callbacks already ready). Timers due at the same time run in scheduling order. asyncio:
     * {@code loop.call_later(delay, cb)}. Loop-only.
     *
     * @param delay seconds from now
     * @param cb the callback
     * @return a handle that cancels the timer
     * @throws IllegalArgumentException when {@code delay} is NaN or {@code cb} null
     * @throws IllegalStateException "Event loop is closed"
     */
    TimerHandle callLater(double delay, Runnable cb);

    /**
     * {@link #callLater(double, Runnable)} in {@code ctx}. asyncio: {@code loop.call_later(delay, cb, context=ctx)}.
     *
     * @param delay seconds from now
     * @param cb the callback
     * @param ctx the context to run it in; null means a copy of the current context
     * @return a handle that cancels the timer
     */
    TimerHandle callLater(double delay, Runnable cb, Context ctx);

    /**
     * {@link #callLater(double, Runnable)} with a {@link Duration}.
     *
     * @param delay how long from now
     * @param cb the callback
     * @return a handle that cancels the timer
     * @throws IllegalArgumentException when {@code delay} or {@code cb} is null
     */
    default TimerHandle callLater(Duration delay, Runnable cb) {
        return callLater(Seconds.of(delay, "delay"), cb);
    }

    /**
     * {@link #callLater(double, Runnable, Context)} with a {@link Duration}.
     *
     * @param delay how long from now
     * @param cb the callback
     * @param ctx the context to run it in; null means a copy of the current context
     * @return a handle that cancels the timer
     * @throws IllegalArgumentException when {@code delay} or {@code cb} is null
     */
    default TimerHandle callLater(Duration delay, Runnable cb, Context ctx) {
        return callLater(Seconds.of(delay, "delay"), cb, ctx);
    }

    /**
     * Runs {@code cb} at loop time {@code when} (see {@link #time()}); a time in the past runs it in the next
     * iteration. asyncio: {@code loop.call_at(when, cb)}. Loop-only.
     *
     * @param when the loop time, in seconds
     * @param cb the callback
     * @return a handle that cancels the timer
     * @throws IllegalArgumentException when {@code when} is NaN or {@code cb} null
     */
    TimerHandle callAt(double when, Runnable cb);

    /**
     * {@link #callAt(double, Runnable)} in {@code ctx}. asyncio: {@code loop.call_at(when, cb, context=ctx)}.
     *
     * @param when the loop time, in seconds
     * @param cb the callback
     * @param ctx the context to run it in; null means a copy of the current context
     * @return a handle that cancels the timer
     */
    TimerHandle callAt(double when, Runnable cb, Context ctx);

    /**
     * The loop's clock: monotonic seconds, the same clock for every loop of the JVM. asyncio: {@code loop.time()}.
     * Thread-safe.
     *
     * @return the current loop time
     */
    double time();

    // ---- Executors

    /**
     * Runs {@code fn} in {@code executor} and returns a future of this loop with its outcome. Cancelling the future
     * abandons a call not yet started. asyncio: {@code loop.run_in_executor(executor, fn)}. Loop-only.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; Path path -->
     * <pre>{@code
     * byte[] page = await(loop.runInExecutor(null, () -> Files.readAllBytes(path)));
     * }</pre>
     *
     * <p>The default executor is asyncio's: at most min(32, cpus + 4) daemon platform threads, the calls beyond
     * that waiting in its queue. An executor of virtual threads is best kept for blocking calls: with the portable
     * engine, task bodies run on virtual threads too, and CPU-bound calls holding every carrier stall every task.
     *
     * @param <T> the result type
     * @param executor where to run it; null means the default executor (made on first use)
     * @param fn the blocking call
     * @return a future of what {@code fn} returns or throws
     * @throws IllegalStateException "Executor shutdown has been called" after {@link #shutdownDefaultExecutor()}
     */
    <T> Future<T> runInExecutor(Executor executor, Callable<T> fn);

    /**
     * Sets the executor {@code runInExecutor(null, ...)} uses; the loop shuts it down when it closes. asyncio:
     * {@code loop.set_default_executor(executor)}.
     *
     * @param executor the executor
     */
    void setDefaultExecutor(ExecutorService executor);

    // ---- Futures and tasks

    /**
     * A new pending future of this loop. asyncio: {@code loop.create_future()}.
     *
     * @param <T> the result type
     * @return the future
     */
    <T> Future<T> createFuture();

    /**
     * Schedules {@code coro} to run as a task of this loop (through the task factory, if one is set). asyncio:
     * {@code loop.create_task(coro)}. Loop-only.
     *
     * <!-- sample: statements
     *      given: EventLoop loop -->
     * <pre>{@code
     * Task<String> t = loop.createTask(() -> {
     *     await(Asyncio.sleep(1));
     *     return "done";
     * });
     * }</pre>
     *
     * @param <T> the result type
     * @param coro the task's body
     * @return the task, named "Task-N"
     * @throws IllegalArgumentException when {@code coro} is null
     * @throws IllegalStateException "Event loop is closed"
     */
    <T> Task<T> createTask(Coroutine<T> coro);

    /**
     * {@link #createTask(Coroutine)} with a name. asyncio: {@code loop.create_task(coro, name=name)}.
     *
     * @param <T> the result type
     * @param coro the task's body
     * @param name the task's name; null means "Task-N"
     * @return the task
     */
    <T> Task<T> createTask(Coroutine<T> coro, String name);

    /**
     * {@link #createTask(Coroutine)} with a name and a context. asyncio:
     * {@code loop.create_task(coro, name=name, context=ctx)}.
     *
     * @param <T> the result type
     * @param coro the task's body
     * @param name the task's name; null means "Task-N"
     * @param ctx the context the task runs in; null means a copy of the current context
     * @return the task
     */
    <T> Task<T> createTask(Coroutine<T> coro, String name, Context ctx);

    /**
     * {@link #createTask(Coroutine, String, Context)} that says whether the task starts eagerly. asyncio 3.14:
     * {@code loop.create_task(coro, name=name, context=ctx, eager_start=eagerStart)}. Loop-only.
     *
     * <p>With {@code eagerStart} true and the loop running, the task's body runs at once, inside this call, as the
     * current task and in its context, until it first suspends; a body that returns or throws without suspending
     * leaves the task done when this returns, never scheduled. With the loop not running, the task is scheduled as
     * usual. With {@code eagerStart} false the task is scheduled as usual, even under
     * {@link Asyncio#eagerTaskFactory()}. A task factory set with {@link #setTaskFactory} is asked through
     * {@link TaskFactory#createTask(EventLoop, Coroutine, String, Context, boolean)}, as asyncio passes
     * {@code eager_start} on to the factory.
     *
     * <!-- sample: statements runs
     *      given: EventLoop loop -->
     * <pre>{@code
     * Task<String> t = loop.createTask(() -> "cached", null, null, true);
     * assert t.done();                                // it never suspended
     * }</pre>
     *
     * @param <T> the result type
     * @param coro the task's body
     * @param name the task's name; null means "Task-N"
     * @param ctx the context the task runs in; null means a copy of the current context
     * @param eagerStart whether to run the body's first step now
     * @return the task
     * @throws IllegalArgumentException when {@code coro} is null, or the task factory does not take
     *     {@code eager_start}
     * @throws IllegalStateException "Event loop is closed"
     * @throws UnsupportedOperationException from a loop that is not one of this library's (the default method)
     */
    default <T> Task<T> createTask(Coroutine<T> coro, String name, Context ctx, boolean eagerStart) {
        throw new UnsupportedOperationException(
                getClass().getName() + " has no create_task(eager_start=); the library's own loops have it");
    }

    /**
     * Sets what {@code createTask} uses to make tasks. asyncio: {@code loop.set_task_factory(factory)}.
     *
     * @param factory the factory; null restores the built-in task
     */
    void setTaskFactory(TaskFactory factory);

    /**
     * The task factory. asyncio: {@code loop.get_task_factory()}.
     *
     * @return the factory in use, or null for the built-in task
     */
    TaskFactory getTaskFactory();

    // ---- DNS

    /**
     * Resolves {@code host} for TCP and UDP, both families. Numeric hosts never leave the loop thread; names are
     * resolved on the default executor. asyncio: {@code loop.getaddrinfo(host, port)}.
     *
     * @param host a name or numeric address; null means the loopback addresses
     * @param port the port
     * @return a future of the answers; it fails with {@link java.net.UnknownHostException} for an unknown name
     */
    Future<List<AddrInfo>> getaddrinfo(String host, int port);

    /**
     * Resolves {@code host} with asyncio's filters. asyncio:
     * {@code loop.getaddrinfo(host, port, family=, type=, flags=)}.
     *
     * @param host a name or numeric address; null means the loopback addresses, or every interface with
     *     {@link AddrInfo#AI_PASSIVE}
     * @param port the port
     * @param family INET, INET6, or null for both
     * @param type STREAM, DGRAM, or null for both
     * @param flags {@code AddrInfo.AI_*} flags, or 0
     * @return a future of the answers; it fails with {@link java.net.UnknownHostException} for an unknown name
     * @throws IllegalArgumentException for an unknown flag
     */
    Future<List<AddrInfo>> getaddrinfo(String host, int port, ProtocolFamily family, SocketType type, int flags);

    /**
     * The host and service names of an address. asyncio: {@code loop.getnameinfo(sockaddr, flags)}.
     *
     * @param address the address
     * @param flags {@code NameInfo.NI_*} flags, or 0
     * @return a future of the names
     * @throws IllegalArgumentException for an unknown flag
     */
    Future<NameInfo> getnameinfo(InetSocketAddress address, int flags);

    // ---- Networking and IPC

    /**
     * Opens a TCP connection to {@code host:port} and connects a new protocol from {@code factory} to it. Every
     * address the host resolves to is tried in turn. asyncio: {@code loop.create_connection(factory, host, port)}.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; byte[] request; class MyProtocol implements Protocol {} -->
     * <pre>{@code
     * Connection<Transport, MyProtocol> c = await(loop.createConnection(MyProtocol::new, "example.org", 80));
     * c.transport().write(request);
     * }</pre>
     *
     * @param <P> the protocol's type
     * @param factory makes the connection's protocol
     * @param host the host name or address
     * @param port the port
     * @return a future of the transport and protocol; it fails with {@link java.net.ConnectException} (refused),
     *     {@link java.net.UnknownHostException}, or the errors of every address tried
     * @throws IllegalArgumentException when {@code factory} is null or the port is out of range
     */
    <P extends BaseProtocol> Future<Connection<Transport, P>> createConnection(Supplier<P> factory, String host, int port);

    /**
     * {@link #createConnection(Supplier, String, int)} with options: TLS, a local address, Happy Eyeballs, an
     * existing socket, all errors grouped. asyncio: {@code loop.create_connection(factory, host, port, **kwargs)}.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; class MyProtocol implements Protocol {} -->
     * <pre>{@code
     * var tls = ConnectOptions.defaults().ssl(SSLContext.getDefault());
     * var c = await(loop.createConnection(MyProtocol::new, "example.org", 443, tls));
     * }</pre>
     *
     * @param <P> the protocol's type
     * @param factory makes the connection's protocol
     * @param host the host name or address; null with {@link ConnectOptions#sock()}
     * @param port the port; 0 with {@link ConnectOptions#sock()}
     * @param options the keyword arguments
     * @return a future of the transport and protocol; with TLS, done once the handshake has completed; with
     *     {@link ConnectOptions#allErrors(boolean)}, failing with {@code ExceptionGroup("create_connection failed",
     *     ...)} when no address could be connected
     * @throws IllegalArgumentException "host/port and sock can not be specified at the same time", "host and port
     *     was not specified and no sock specified", and TLS option mismatches
     */
    <P extends BaseProtocol> Future<Connection<Transport, P>> createConnection(Supplier<P> factory, String host, int port,
            ConnectOptions options);

    /**
     * Listens on {@code host:port} and connects a new protocol from {@code factory} to every accepted connection.
     * asyncio: {@code loop.create_server(factory, host, port)}.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; class Echo implements Protocol {} -->
     * <pre>{@code
     * Server server = await(loop.createServer(Echo::new, "0.0.0.0", 8888));
     * }</pre>
     *
     * @param <P> the protocols' type
     * @param factory makes one protocol per connection
     * @param host the interface to bind; null or "" means every interface
     * @param port the port; 0 picks a free one (see {@link Server#sockets()})
     * @return a future of the listening server; it fails with {@link java.net.BindException} when the address is
     *     in use
     * @throws IllegalArgumentException when {@code factory} is null or the port is out of range
     */
    <P extends BaseProtocol> Future<Server> createServer(Supplier<P> factory, String host, int port);

    /**
     * {@link #createServer(Supplier, String, int)} with options: TLS, backlog, SO_REUSEPORT, an existing socket,
     * serving later. asyncio: {@code loop.create_server(factory, host, port, **kwargs)}.
     *
     * @param <P> the protocols' type
     * @param factory makes one protocol per connection
     * @param host the interface to bind; null or "" means every interface; null with {@link ServerOptions#sock()}
     * @param port the port; 0 picks a free one
     * @param options the keyword arguments
     * @return a future of the listening server
     * @throws IllegalArgumentException "host/port and sock can not be specified at the same time", a null factory
     */
    <P extends BaseProtocol> Future<Server> createServer(Supplier<P> factory, String host, int port, ServerOptions options);

    /**
     * Connects to a Unix domain stream socket. asyncio: {@code loop.create_unix_connection(factory, path)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the connection's protocol
     * @param path the socket's path
     * @return a future of the transport and protocol; it fails with an {@link java.io.IOException} when nothing
     *     listens there
     */
    <P extends BaseProtocol> Future<Connection<Transport, P>> createUnixConnection(Supplier<P> factory, Path path);

    /**
     * {@link #createUnixConnection(Supplier, Path)} with options (TLS, an existing socket). asyncio:
     * {@code loop.create_unix_connection(factory, path, **kwargs)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the connection's protocol
     * @param path the socket's path; null with {@link ConnectOptions#sock()}
     * @param options the keyword arguments
     * @return a future of the transport and protocol
     * @throws IllegalArgumentException "path and sock can not be specified at the same time", "no path and sock
     *     were specified"
     */
    <P extends BaseProtocol> Future<Connection<Transport, P>> createUnixConnection(Supplier<P> factory, Path path,
            ConnectOptions options);

    /**
     * Listens on a Unix domain stream socket at {@code path} (a stale socket file there is replaced); closing the
     * server removes the file, unless {@link ServerOptions#cleanupSocket(boolean)} says otherwise. asyncio:
     * {@code loop.create_unix_server(factory, path)}.
     *
     * @param <P> the protocols' type
     * @param factory makes one protocol per connection
     * @param path where to bind
     * @return a future of the listening server
     */
    <P extends BaseProtocol> Future<Server> createUnixServer(Supplier<P> factory, Path path);

    /**
     * {@link #createUnixServer(Supplier, Path)} with options. asyncio:
     * {@code loop.create_unix_server(factory, path, **kwargs)}.
     *
     * @param <P> the protocols' type
     * @param factory makes one protocol per connection
     * @param path where to bind; null with {@link ServerOptions#sock()}
     * @param options the keyword arguments
     * @return a future of the listening server
     * @throws IllegalArgumentException "path and sock can not be specified at the same time"
     */
    <P extends BaseProtocol> Future<Server> createUnixServer(Supplier<P> factory, Path path, ServerOptions options);

    /**
     * Wraps a connection accepted elsewhere (by a blocking accept, say) in a transport and protocol. asyncio:
     * {@code loop.connect_accepted_socket(factory, sock)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the connection's protocol
     * @param sock the connected socket; the loop makes it non-blocking and owns it from now on
     * @return a future of the transport and protocol
     * @throws IllegalArgumentException when {@code sock} is null, closed or not connected
     */
    <P extends BaseProtocol> Future<Connection<Transport, P>> connectAcceptedSocket(Supplier<P> factory, SocketChannel sock);

    /**
     * {@link #connectAcceptedSocket(Supplier, SocketChannel)} with options (TLS on the server side). asyncio:
     * {@code loop.connect_accepted_socket(factory, sock, ssl=...)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the connection's protocol
     * @param sock the connected socket
     * @param options the keyword arguments (only the TLS ones apply)
     * @return a future of the transport and protocol
     */
    <P extends BaseProtocol> Future<Connection<Transport, P>> connectAcceptedSocket(Supplier<P> factory, SocketChannel sock,
            ServerOptions options);

    /**
     * Opens a UDP endpoint: bound to {@code localAddr}, connected to {@code remoteAddr}, or both. asyncio:
     * {@code loop.create_datagram_endpoint(factory, local_addr, remote_addr)}.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; class MyDatagrams implements DatagramProtocol {} -->
     * <pre>{@code
     * var ep = await(loop.createDatagramEndpoint(MyDatagrams::new, new InetSocketAddress("127.0.0.1", 9999), null));
     * }</pre>
     *
     * @param <P> the protocol's type
     * @param factory makes the endpoint's protocol
     * @param localAddr the address to bind, or null
     * @param remoteAddr the address to connect to, or null
     * @return a future of the transport and protocol
     * @throws IllegalArgumentException for a null factory or addresses of different families
     */
    <P extends DatagramProtocol> Future<Connection<DatagramTransport, P>> createDatagramEndpoint(Supplier<P> factory,
            InetSocketAddress localAddr, InetSocketAddress remoteAddr);

    /**
     * {@link #createDatagramEndpoint(Supplier, InetSocketAddress, InetSocketAddress)} with options (family,
     * SO_REUSEPORT, broadcast, an existing channel). asyncio: {@code loop.create_datagram_endpoint(..., **kwargs)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the endpoint's protocol
     * @param localAddr the address to bind, or null
     * @param remoteAddr the address to connect to, or null
     * @param options the keyword arguments
     * @return a future of the transport and protocol
     * @throws IllegalArgumentException "reuse_port not supported by socket module" where SO_REUSEPORT is not
     */
    <P extends DatagramProtocol> Future<Connection<DatagramTransport, P>> createDatagramEndpoint(Supplier<P> factory,
            InetSocketAddress localAddr, InetSocketAddress remoteAddr, DatagramOptions options);

    /**
     * Sends a whole file over a transport, zero-copy where the transport allows (plain TCP), else by reading and
     * writing. asyncio: {@code loop.sendfile(transport, file)}.
     *
     * @param transport a stream transport
     * @param file the file, read from its start
     * @return a future of the number of bytes sent
     */
    Future<Long> sendfile(WriteTransport transport, FileChannel file);

    /**
     * Sends part of a file over a transport. asyncio: {@code loop.sendfile(transport, file, offset, count, fallback=)}.
     *
     * @param transport a stream transport
     * @param file the file
     * @param offset where to start, not negative
     * @param count how many bytes at most; 0 means to the end of the file
     * @param fallback whether to read and write when zero-copy is not possible; false fails the future instead
     * @return a future of the number of bytes sent
     * @throws IllegalArgumentException for a negative offset or count
     */
    Future<Long> sendfile(WriteTransport transport, FileChannel file, long offset, long count, boolean fallback);

    /**
     * Upgrades a connection to TLS in place: the returned transport replaces {@code transport}, which must no longer
     * be used, and {@code protocol} receives the decrypted data. Timeouts are asyncio's defaults (60 s handshake, 30 s
     * shutdown). asyncio: {@code loop.start_tls(transport, protocol, sslcontext, server_side=, server_hostname=)}.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; Transport transport; Protocol protocol -->
     * <pre>{@code
     * Transport tls = await(loop.startTls(transport, protocol, SSLContext.getDefault(), false, "example.org"));
     * }</pre>
     *
     * @param transport the plain connection
     * @param protocol the protocol that receives the decrypted stream
     * @param ctx the TLS context
     * @param serverSide true on the server side of the handshake
     * @param serverHostname the name to verify and send as SNI (client side); null means none
     * @return a future of the TLS transport, done once the handshake has completed; it fails with an
     *     {@link javax.net.ssl.SSLException} when the handshake does
     * @throws IllegalArgumentException for a null argument, or a server hostname on the server side
     * @throws IllegalStateException when the transport is closing
     */
    Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname);

    /**
     * {@link #startTls(Transport, BaseProtocol, SSLContext, boolean, String)} with its timeouts. asyncio:
     * {@code loop.start_tls(..., ssl_handshake_timeout=, ssl_shutdown_timeout=)}.
     *
     * @param transport the plain connection
     * @param protocol the protocol that receives the decrypted stream
     * @param ctx the TLS context
     * @param serverSide true on the server side of the handshake
     * @param serverHostname the name to verify (client side), or null
     * @param handshakeTimeout seconds the handshake may take, positive
     * @param shutdownTimeout seconds the TLS close may take, positive
     * @return a future of the TLS transport
     * @throws IllegalArgumentException for a timeout that is not positive
     */
    Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname, double handshakeTimeout, double shutdownTimeout);

    /**
     * {@link #startTls(Transport, BaseProtocol, SSLContext, boolean, String, double, double)} with {@link Duration}
     * timeouts.
     *
     * @param transport the plain connection
     * @param protocol the protocol that receives the decrypted stream
     * @param ctx the TLS context
     * @param serverSide true on the server side of the handshake
     * @param serverHostname the name to verify (client side), or null
     * @param handshakeTimeout how long the handshake may take
     * @param shutdownTimeout how long the TLS close may take
     * @return a future of the TLS transport
     * @throws IllegalArgumentException for a null or non-positive timeout
     */
    default Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname, Duration handshakeTimeout, Duration shutdownTimeout) {
        return startTls(transport, protocol, ctx, serverSide, serverHostname,
                Seconds.of(handshakeTimeout, "ssl_handshake_timeout"), Seconds.of(shutdownTimeout, "ssl_shutdown_timeout"));
    }

    /**
     * Reads a pipe (the read end of a {@link Pipe}) through a protocol. asyncio:
     * {@code loop.connect_read_pipe(factory, pipe)}.
     *
     * @param <P> the protocol's type ({@link Protocol} or {@link BufferedProtocol})
     * @param factory makes the pipe's protocol
     * @param pipe the read end; the loop owns it from now on
     * @return a future of the read transport and protocol
     * @throws IllegalArgumentException when an argument is null
     */
    <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, Pipe.SourceChannel pipe);

    /**
     * Writes a pipe (the write end of a {@link Pipe}) through a transport. asyncio:
     * {@code loop.connect_write_pipe(factory, pipe)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the pipe's protocol (it hears flow control and the loss of the pipe)
     * @param pipe the write end; the loop owns it from now on
     * @return a future of the write transport and protocol
     * @throws IllegalArgumentException when an argument is null
     */
    <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, Pipe.SinkChannel pipe);

    /**
     * A read pipe over a stream that cannot be selected ({@code System.in}, a FIFO): blocking reads happen on a
     * virtual thread, the data is delivered on the loop thread. asyncio: {@code loop.connect_read_pipe(factory,
     * sys.stdin)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the pipe's protocol
     * @param pipe the stream; closing the transport closes it
     * @return a future of the read transport and protocol
     */
    <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, InputStream pipe);

    /**
     * A write pipe over a stream that cannot be selected ({@code System.out}, a FIFO): blocking writes happen on a
     * virtual thread. asyncio: {@code loop.connect_write_pipe(factory, sys.stdout)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the pipe's protocol
     * @param pipe the stream; closing the transport closes it
     * @return a future of the write transport and protocol
     */
    <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, OutputStream pipe);

    // ---- Sockets

    /**
     * Reads up to {@code nbytes} from a non-blocking socket. asyncio: {@code loop.sock_recv(sock, nbytes)}.
     *
     * @param <S> a selectable byte channel
     * @param sock the socket (non-blocking, connected)
     * @param nbytes the most bytes to read
     * @return a future of the bytes read; an empty array at end of stream
     * @throws IllegalArgumentException "negative buffersize in recv", or a blocking socket
     */
    <S extends SelectableChannel & ByteChannel> Future<byte[]> sockRecv(S sock, int nbytes);

    /**
     * Reads into {@code buf}, from its position up to its limit. asyncio: {@code loop.sock_recv_into(sock, buf)}.
     *
     * @param <S> a selectable byte channel
     * @param sock the socket (non-blocking, connected)
     * @param buf a writable buffer; its position advances by the count read
     * @return a future of the number of bytes read; 0 at end of stream
     * @throws IllegalArgumentException for a null or read-only buffer
     */
    <S extends SelectableChannel & ByteChannel> Future<Integer> sockRecvInto(S sock, ByteBuffer buf);

    /**
     * Sends all of {@code data}, waiting for the socket to take it. asyncio: {@code loop.sock_sendall(sock, data)}.
     *
     * @param <S> a selectable byte channel
     * @param sock the socket (non-blocking, connected)
     * @param data the bytes from position to limit
     * @return a future done when everything was sent
     */
    <S extends SelectableChannel & ByteChannel> Future<Void> sockSendall(S sock, ByteBuffer data);

    /**
     * {@link #sockSendall(SelectableChannel, ByteBuffer)} of an array. asyncio: {@code loop.sock_sendall(sock, data)}.
     *
     * @param <S> a selectable byte channel
     * @param sock the socket (non-blocking, connected)
     * @param data the bytes
     * @return a future done when everything was sent
     */
    <S extends SelectableChannel & ByteChannel> Future<Void> sockSendall(S sock, byte[] data);

    /**
     * Connects a non-blocking socket. asyncio: {@code loop.sock_connect(sock, address)}.
     *
     * @param sock the socket, non-blocking
     * @param address where to connect (resolved)
     * @return a future done once connected; it fails with {@link java.net.ConnectException} when refused
     */
    Future<Void> sockConnect(SocketChannel sock, SocketAddress address);

    /**
     * Accepts one connection on a non-blocking listening socket. asyncio: {@code loop.sock_accept(sock)}.
     *
     * @param sock the listening socket, non-blocking
     * @return a future of the accepted socket (non-blocking); asyncio's {@code (conn, address)} is
     *     {@code conn.getRemoteAddress()}
     */
    Future<SocketChannel> sockAccept(ServerSocketChannel sock);

    /**
     * Sends part of a file over a socket, zero-copy where possible. asyncio:
     * {@code loop.sock_sendfile(sock, file, offset, count, fallback=)}.
     *
     * @param sock the socket (non-blocking, connected)
     * @param file the file
     * @param offset where to start, not negative
     * @param count how many bytes at most; 0 means to the end of the file
     * @param fallback whether to read and write when zero-copy is not possible; false fails the future instead
     * @return a future of the number of bytes sent
     * @throws IllegalArgumentException "offset must be a non-negative integer", "count must be a positive integer"
     */
    Future<Long> sockSendfile(SocketChannel sock, FileChannel file, long offset, long count, boolean fallback);

    /**
     * Receives one datagram. asyncio: {@code loop.sock_recvfrom(sock, nbytes)}.
     *
     * @param sock the datagram socket, non-blocking
     * @param nbytes the most bytes to keep; a longer datagram is truncated
     * @return a future of the datagram and its sender
     * @throws IllegalArgumentException "negative buffersize in recvfrom"
     */
    Future<Datagram> sockRecvfrom(DatagramChannel sock, int nbytes);

    /**
     * Receives one datagram into {@code buf}, at its position, up to its limit; the position advances past the bytes
     * received, and a datagram longer than the room is truncated (the rest of it is lost, as with
     * {@code recvfrom_into}). A buffer with no room still takes one datagram and keeps none of it. asyncio:
     * {@code loop.sock_recvfrom_into(sock, buf)} (3.11). Loop-only.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; java.nio.channels.DatagramChannel udp -->
     * <pre>{@code
     * ByteBuffer buf = ByteBuffer.allocate(1500);
     * DatagramReceipt r = await(loop.sockRecvfromInto(udp, buf));
     * buf.flip();                                   // the r.nbytes() bytes from r.address()
     * }</pre>
     *
     * @param sock the datagram socket, non-blocking
     * @param buf where to put the datagram; writable
     * @return a future of how many bytes were put into {@code buf} and who sent them
     * @throws IllegalArgumentException "the socket must be non-blocking", or when {@code buf} is null or read-only
     * @throws UnsupportedOperationException from a loop that is not one of this library's (the default method)
     */
    default Future<DatagramReceipt> sockRecvfromInto(DatagramChannel sock, ByteBuffer buf) {
        return sockRecvfromInto(sock, buf, 0);
    }

    /**
     * {@link #sockRecvfromInto(DatagramChannel, ByteBuffer)} keeping at most {@code nbytes} bytes. asyncio:
     * {@code loop.sock_recvfrom_into(sock, buf, nbytes)} (3.11). Loop-only.
     *
     * @param sock the datagram socket, non-blocking
     * @param buf where to put the datagram; writable
     * @param nbytes the most bytes to keep; 0 means all the room in {@code buf}
     * @return a future of how many bytes were put into {@code buf} and who sent them
     * @throws IllegalArgumentException "negative buffersize in recvfrom_into", "nbytes is greater than the length of
     *     the buffer", and as {@link #sockRecvfromInto(DatagramChannel, ByteBuffer)}
     * @throws UnsupportedOperationException from a loop that is not one of this library's (the default method)
     */
    default Future<DatagramReceipt> sockRecvfromInto(DatagramChannel sock, ByteBuffer buf, int nbytes) {
        throw new UnsupportedOperationException(
                getClass().getName() + " has no sock_recvfrom_into; the library's own loops have it");
    }

    /**
     * Sends one datagram. asyncio: {@code loop.sock_sendto(sock, data, address)}.
     *
     * @param sock the datagram socket, non-blocking
     * @param data the datagram, from position to limit
     * @param address the destination; null on a connected socket
     * @return a future done when sent
     * @throws IllegalArgumentException for null data, or no address on an unconnected socket
     */
    Future<Void> sockSendto(DatagramChannel sock, ByteBuffer data, SocketAddress address);

    /**
     * Calls {@code cb} on the loop thread whenever {@code ch} is readable, until {@link #removeReader}. Replaces a
     * reader already set. asyncio: {@code loop.add_reader(fd, cb)}.
     *
     * @param ch a non-blocking channel
     * @param cb the callback
     * @throws IllegalArgumentException for a null, closed or blocking channel, or a null callback
     * @throws IllegalStateException when a transport of this loop uses the channel
     */
    void addReader(SelectableChannel ch, Runnable cb);

    /**
     * Stops watching {@code ch} for reading. asyncio: {@code loop.remove_reader(fd)}.
     *
     * @param ch the channel
     * @return whether a reader was set
     */
    boolean removeReader(SelectableChannel ch);

    /**
     * Calls {@code cb} on the loop thread whenever {@code ch} is writable, until {@link #removeWriter}. asyncio:
     * {@code loop.add_writer(fd, cb)}.
     *
     * @param ch a non-blocking channel
     * @param cb the callback
     * @throws IllegalArgumentException for a null, closed or blocking channel, or a null callback
     * @throws IllegalStateException when a transport of this loop uses the channel
     */
    void addWriter(SelectableChannel ch, Runnable cb);

    /**
     * Stops watching {@code ch} for writing. asyncio: {@code loop.remove_writer(fd)}.
     *
     * @param ch the channel
     * @return whether a writer was set
     */
    boolean removeWriter(SelectableChannel ch);

    // ---- Unix signals

    /**
     * Runs {@code cb} on the loop thread each time the process receives {@code signal}. asyncio:
     * {@code loop.add_signal_handler(sig, cb)}.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; Task<?> mainTask -->
     * <pre>{@code
     * loop.addSignalHandler("SIGTERM", () -> mainTask.cancel());
     * }</pre>
     *
     * @param signal the signal's name, {@code "SIGTERM"} or {@code "TERM"}
     * @param cb the handler
     * @throws IllegalArgumentException for an unknown name or one that cannot be caught (SIGKILL, SIGSTOP)
     */
    void addSignalHandler(String signal, Runnable cb);

    /**
     * Removes the handler of {@code signal}. asyncio: {@code loop.remove_signal_handler(sig)}.
     *
     * @param signal the signal's name
     * @return whether a handler was set
     */
    boolean removeSignalHandler(String signal);

    // ---- Subprocesses

    /**
     * Starts {@code args[0]} with the other elements as its arguments (no shell), all three streams piped to the
     * protocol. asyncio: {@code loop.subprocess_exec(factory, *args)}.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; class MyProcessProtocol implements SubprocessProtocol {} -->
     * <pre>{@code
     * var c = await(loop.subprocessExec(MyProcessProtocol::new, List.of("ls", "-l")));
     * long pid = c.transport().getPid();
     * }</pre>
     *
     * @param <P> the protocol's type
     * @param factory makes the process's protocol
     * @param args the program (found on the PATH) and its arguments
     * @return a future of the transport and protocol, done once the process has started; it fails with an
     *     {@link java.io.IOException} when the program cannot be started
     * @throws IllegalArgumentException "program must be given: args is empty"
     */
    <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessExec(Supplier<P> factory,
            List<String> args);

    /**
     * {@link #subprocessExec(Supplier, List)} with options: what each stream is connected to, the directory, the
     * environment, a new session or process group. asyncio: {@code loop.subprocess_exec(factory, *args, stdin=,
     * stdout=, stderr=, cwd=, env=, start_new_session=, process_group=)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the process's protocol
     * @param args the program and its arguments
     * @param options the keyword arguments
     * @return a future of the transport and protocol
     * @throws UnsupportedOperationException when a new session or process group is asked for and this loop does not
     *     spawn through {@code posix_spawn} (see {@link SubprocessOptions#startNewSession(boolean)})
     */
    <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessExec(Supplier<P> factory,
            List<String> args, SubprocessOptions options);

    /**
     * Runs {@code command} through {@code /bin/sh -c}, all three streams piped to the protocol. asyncio:
     * {@code loop.subprocess_shell(factory, cmd)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the process's protocol
     * @param command the shell command line
     * @return a future of the transport and protocol
     */
    <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessShell(Supplier<P> factory,
            String command);

    /**
     * {@link #subprocessShell(Supplier, String)} with options. asyncio:
     * {@code loop.subprocess_shell(factory, cmd, stdin=, stdout=, stderr=, cwd=, env=, start_new_session=,
     * process_group=)}.
     *
     * @param <P> the protocol's type
     * @param factory makes the process's protocol
     * @param command the shell command line
     * @param options the keyword arguments
     * @return a future of the transport and protocol
     * @throws UnsupportedOperationException as {@link #subprocessExec(Supplier, List, SubprocessOptions)}
     */
    <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessShell(Supplier<P> factory,
            String command, SubprocessOptions options);

    // ---- Error handling

    /**
     * Reports an error nobody else can handle to the exception handler (the custom one runs in the context of the
     * report's task or handle, if any), or to {@link #defaultExceptionHandler}. A handler that throws is itself
     * reported by the default handler ("Unhandled error in exception handler"); nothing escapes to the caller.
     * asyncio: {@code loop.call_exception_handler(context)}.
     *
     * @param context asyncio's context dictionary: {@code "message"} and, where they apply, {@code "exception"},
     *     {@code "future"}, {@code "task"}, {@code "handle"}, {@code "protocol"}, {@code "transport"},
     *     {@code "socket"}
     */
    void callExceptionHandler(Map<String, Object> context);

    /**
     * Sets the handler {@link #callExceptionHandler} calls. asyncio: {@code loop.set_exception_handler(handler)}.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; System.Logger log -->
     * <pre>{@code
     * loop.setExceptionHandler((l, ctx) ->
     *         log.log(System.Logger.Level.ERROR, (String) ctx.get("message"), (Throwable) ctx.get("exception")));
     * }</pre>
     *
     * @param handler the handler; null restores the default
     */
    void setExceptionHandler(ExceptionHandler handler);

    /**
     * The custom exception handler. asyncio: {@code loop.get_exception_handler()}.
     *
     * @return the handler, or null when the default one is in use
     */
    ExceptionHandler getExceptionHandler();

    /**
     * Logs {@code context} at ERROR through {@code System.getLogger("org.jasyncio")}: the message (or "Unhandled
     * exception in event loop"), then one "key: value" line per other key in sorted order, the exception attached.
     * asyncio: {@code loop.default_exception_handler(context)}.
     *
     * @param context the report, as {@link #callExceptionHandler} takes it
     */
    void defaultExceptionHandler(Map<String, Object> context);
}
