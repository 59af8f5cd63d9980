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
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * asyncio's AbstractEventLoop: runs callbacks, timers, tasks and I/O on one thread. Only
 * {@link #callSoonThreadsafe} may be called from another thread while the loop runs.
 */
public interface EventLoop extends AutoCloseable {

    // ---- Lifecycle

    /**
     * Runs the loop until {@code future} is done and returns its result, or throws its exception (CancelledError when
     * it was cancelled). IllegalStateException: "This event loop is already running", "Cannot run the event loop
     * while another loop is running", "Event loop is closed", or "Event loop stopped before Future completed." when
     * {@link #stop()} ended the run first; IllegalArgumentException for a future of another loop.
     */
    <T> T runUntilComplete(Future<T> future) throws Exception;

    /** Wraps {@code coro} in a task (through the task factory, if one is set) and runs the loop until it is done. */
    <T> T runUntilComplete(Coroutine<T> coro) throws Exception;

    /**
     * Runs the loop in the calling thread, which may be any thread, until {@link #stop()} is called. Each
     * iteration polls for I/O, moves due timers to the ready queue and runs exactly the callbacks ready at that
     * point; those they schedule run in the next iteration.
     */
    void runForever();

    /**
     * Makes {@link #runForever()} return once the current iteration has run every callback that was already ready.
     * Called while the loop is not running, the next run does one iteration. Not thread-safe: from another thread
     * use {@code callSoonThreadsafe(loop::stop)}.
     */
    void stop();

    /**
     * Closes the loop: drops pending callbacks and timers, shuts the default executor down without waiting and
     * releases the poller. A second close does nothing. IllegalStateException("Cannot close a running event loop").
     */
    @Override
    void close();

    boolean isRunning();

    boolean isClosed();

    Future<Void> shutdownAsyncgens();

    /**
     * Shuts the default executor down and completes when its threads are done (waiting up to 300 seconds);
     * afterwards {@code runInExecutor(null, ...)} fails with "Executor shutdown has been called".
     */
    Future<Void> shutdownDefaultExecutor();

    // ---- Debugging

    /**
     * Debug mode (initially on when the environment variable JASYNCIO_DEBUG is non-empty or the system property
     * jasyncio.debug is "true" as the loop is made): non-thread-safe calls from a foreign thread throw
     * IllegalStateException, handles and futures record where they were made, and callbacks slower than
     * {@link #getSlowCallbackDuration()} are logged.
     */
    void setDebug(boolean on);

    boolean getDebug();

    /** Seconds a callback may run before debug mode logs "Executing ... took X seconds"; 0.1 by default. */
    double getSlowCallbackDuration();

    void setSlowCallbackDuration(double seconds);

    /**
     * A snapshot of what the loop has done so far (callbacks run, I/O events, time blocked in the poller) and of where
     * it stands (ready-queue depth, timers, lag, live tasks and transports); see {@link LoopStats}. Not an asyncio
     * method. Thread-safe: from the loop's own thread (a callback or task) the figures are exact and consistent; from
     * another thread (a metrics exporter) each figure is one the loop had a moment ago, read without stopping it, so
     * two figures may be from slightly different moments. Works on a closed loop too (its final figures).
     *
     * @return a new immutable snapshot
     */
    LoopStats stats();

    // ---- Scheduling callbacks

    /**
     * Runs {@code cb} in a later iteration, after every callback scheduled before it (FIFO), in a copy of the
     * context current now. Not thread-safe; IllegalStateException("Event loop is closed") once closed.
     */
    Handle callSoon(Runnable cb);

    /** {@link #callSoon(Runnable)} in {@code ctx} itself (null: a copy of the current context). */
    Handle callSoon(Runnable cb, Context ctx);

    /** {@link #callSoon(Runnable)} from any thread: wakes the loop if it is waiting for I/O or a timer. */
    Handle callSoonThreadsafe(Runnable cb);

    Handle callSoonThreadsafe(Runnable cb, Context ctx);

    /**
     * Runs {@code cb} once {@code delay} seconds have passed on the loop's clock (0 or negative: in the next
     * iteration, after the callbacks already ready). Timers due at the same time run in scheduling order.
     */
    TimerHandle callLater(double delay, Runnable cb);

    TimerHandle callLater(double delay, Runnable cb, Context ctx);

    /** Runs {@code cb} at loop time {@code when} (see {@link #time()}). */
    TimerHandle callAt(double when, Runnable cb);

    TimerHandle callAt(double when, Runnable cb, Context ctx);

    /** The loop's clock: monotonic seconds. */
    double time();

    // ---- Executors

    /**
     * Runs {@code fn} in {@code executor} (null: the default executor, made on first use, one virtual thread per
     * call) and returns a future of this loop with its outcome. Cancelling the future abandons a call not yet started.
     */
    <T> Future<T> runInExecutor(Executor executor, Callable<T> fn);

    /** The executor {@code runInExecutor(null, ...)} uses; the loop shuts it down when it closes. */
    void setDefaultExecutor(ExecutorService executor);

    // ---- Futures and tasks

    <T> Future<T> createFuture();

    <T> Task<T> createTask(Coroutine<T> coro);

    <T> Task<T> createTask(Coroutine<T> coro, String name);

    <T> Task<T> createTask(Coroutine<T> coro, String name, Context ctx);

    void setTaskFactory(TaskFactory factory);

    TaskFactory getTaskFactory();

    // ---- DNS

    Future<List<AddrInfo>> getaddrinfo(String host, int port);

    Future<List<AddrInfo>> getaddrinfo(String host, int port, ProtocolFamily family, SocketType type, int flags);

    Future<NameInfo> getnameinfo(InetSocketAddress address, int flags);

    // ---- Networking and IPC

    <P extends BaseProtocol> Future<Connection<Transport, P>> createConnection(Supplier<P> factory, String host, int port);

    <P extends BaseProtocol> Future<Connection<Transport, P>> createConnection(Supplier<P> factory, String host, int port,
            ConnectOptions options);

    <P extends BaseProtocol> Future<Server> createServer(Supplier<P> factory, String host, int port);

    <P extends BaseProtocol> Future<Server> createServer(Supplier<P> factory, String host, int port, ServerOptions options);

    <P extends BaseProtocol> Future<Connection<Transport, P>> createUnixConnection(Supplier<P> factory, Path path);

    <P extends BaseProtocol> Future<Connection<Transport, P>> createUnixConnection(Supplier<P> factory, Path path,
            ConnectOptions options);

    <P extends BaseProtocol> Future<Server> createUnixServer(Supplier<P> factory, Path path);

    <P extends BaseProtocol> Future<Server> createUnixServer(Supplier<P> factory, Path path, ServerOptions options);

    <P extends BaseProtocol> Future<Connection<Transport, P>> connectAcceptedSocket(Supplier<P> factory, SocketChannel sock);

    <P extends BaseProtocol> Future<Connection<Transport, P>> connectAcceptedSocket(Supplier<P> factory, SocketChannel sock,
            ServerOptions options);

    <P extends DatagramProtocol> Future<Connection<DatagramTransport, P>> createDatagramEndpoint(Supplier<P> factory,
            InetSocketAddress localAddr, InetSocketAddress remoteAddr);

    <P extends DatagramProtocol> Future<Connection<DatagramTransport, P>> createDatagramEndpoint(Supplier<P> factory,
            InetSocketAddress localAddr, InetSocketAddress remoteAddr, DatagramOptions options);

    Future<Long> sendfile(WriteTransport transport, FileChannel file);

    Future<Long> sendfile(WriteTransport transport, FileChannel file, long offset, long count, boolean fallback);

    Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname);

    Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname, double handshakeTimeout, double shutdownTimeout);

    <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, Pipe.SourceChannel pipe);

    <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, Pipe.SinkChannel pipe);

    /** A read pipe over a stream that cannot be selected ({@code System.in}, a FIFO): blocking reads happen off the loop. */
    <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, InputStream pipe);

    /** A write pipe over a stream that cannot be selected: blocking writes happen off the loop. */
    <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, OutputStream pipe);

    // ---- Sockets

    <S extends SelectableChannel & ByteChannel> Future<byte[]> sockRecv(S sock, int nbytes);

    <S extends SelectableChannel & ByteChannel> Future<Integer> sockRecvInto(S sock, ByteBuffer buf);

    <S extends SelectableChannel & ByteChannel> Future<Void> sockSendall(S sock, ByteBuffer data);

    <S extends SelectableChannel & ByteChannel> Future<Void> sockSendall(S sock, byte[] data);

    Future<Void> sockConnect(SocketChannel sock, SocketAddress address);

    Future<SocketChannel> sockAccept(ServerSocketChannel sock);

    Future<Long> sockSendfile(SocketChannel sock, FileChannel file, long offset, long count, boolean fallback);

    Future<Datagram> sockRecvfrom(DatagramChannel sock, int nbytes);

    Future<Void> sockSendto(DatagramChannel sock, ByteBuffer data, SocketAddress address);

    void addReader(SelectableChannel ch, Runnable cb);

    boolean removeReader(SelectableChannel ch);

    void addWriter(SelectableChannel ch, Runnable cb);

    boolean removeWriter(SelectableChannel ch);

    // ---- Unix signals

    void addSignalHandler(String signal, Runnable cb);

    boolean removeSignalHandler(String signal);

    // ---- Subprocesses

    <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessExec(Supplier<P> factory,
            List<String> args);

    <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessExec(Supplier<P> factory,
            List<String> args, SubprocessOptions options);

    <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessShell(Supplier<P> factory,
            String command);

    <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> subprocessShell(Supplier<P> factory,
            String command, SubprocessOptions options);

    // ---- Error handling

    /**
     * Reports an error nobody else can handle to the exception handler (the custom one runs in the context of the
     * report's task or handle, if any), or to {@link #defaultExceptionHandler}. A handler that throws is itself
     * reported by the default handler ("Unhandled error in exception handler"); nothing escapes to the caller.
     */
    void callExceptionHandler(Map<String, Object> context);

    /** Sets the handler {@link #callExceptionHandler} calls; null restores the default. */
    void setExceptionHandler(ExceptionHandler handler);

    /** The custom handler, or null when the default one is in use. */
    ExceptionHandler getExceptionHandler();

    /**
     * Logs {@code context} at ERROR through {@code System.getLogger("org.jasyncio")}: the message (or "Unhandled
     * exception in event loop"), then one "key: value" line per other key in sorted order, the exception attached.
     */
    void defaultExceptionHandler(Map<String, Object> context);
}
