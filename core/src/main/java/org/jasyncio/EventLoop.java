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

    <T> T runUntilComplete(Future<T> future) throws Exception;

    <T> T runUntilComplete(Coroutine<T> coro) throws Exception;

    void runForever();

    void stop();

    @Override
    void close();

    boolean isRunning();

    boolean isClosed();

    Future<Void> shutdownAsyncgens();

    Future<Void> shutdownDefaultExecutor();

    // ---- Debugging

    void setDebug(boolean on);

    boolean getDebug();

    double getSlowCallbackDuration();

    void setSlowCallbackDuration(double seconds);

    // ---- Scheduling callbacks

    Handle callSoon(Runnable cb);

    Handle callSoon(Runnable cb, Context ctx);

    Handle callSoonThreadsafe(Runnable cb);

    Handle callSoonThreadsafe(Runnable cb, Context ctx);

    TimerHandle callLater(double delay, Runnable cb);

    TimerHandle callLater(double delay, Runnable cb, Context ctx);

    TimerHandle callAt(double when, Runnable cb);

    TimerHandle callAt(double when, Runnable cb, Context ctx);

    /** The loop's clock: monotonic seconds. */
    double time();

    // ---- Executors

    <T> Future<T> runInExecutor(Executor executor, Callable<T> fn);

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

    void callExceptionHandler(Map<String, Object> context);

    void setExceptionHandler(ExceptionHandler handler);

    ExceptionHandler getExceptionHandler();

    void defaultExceptionHandler(Map<String, Object> context);
}
