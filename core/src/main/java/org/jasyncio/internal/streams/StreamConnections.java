package org.jasyncio.internal.streams;

import java.nio.file.Path;
import java.util.function.Function;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.StreamHandler;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamReaderProtocol;
import org.jasyncio.StreamWriter;
import org.jasyncio.Streams;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * asyncio's {@code open_connection}, {@code start_server} and their Unix twins: a reader, a
 * {@link StreamReaderProtocol} and a writer around the loop's own connection calls, on the running loop.
 */
public final class StreamConnections {
    private StreamConnections() {
    }

    /** asyncio's {@code open_connection}: a reader, its protocol, the connection, then the writer. */
    public static Future<Streams> openConnection(String host, int port, ConnectOptions options, int limit) {
        EventLoop loop = SelectorEventLoop.requireRunning();
        StreamReader reader = new StreamReader(limit);
        StreamReaderProtocol protocol = new StreamReaderProtocol(reader, null, loop);
        return streams(loop, reader, protocol, loop.createConnection(() -> protocol, host, port, options));
    }

    /** asyncio's {@code open_unix_connection}. */
    public static Future<Streams> openUnixConnection(Path path, ConnectOptions options, int limit) {
        EventLoop loop = SelectorEventLoop.requireRunning();
        StreamReader reader = new StreamReader(limit);
        StreamReaderProtocol protocol = new StreamReaderProtocol(reader, null, loop);
        return streams(loop, reader, protocol, loop.createUnixConnection(() -> protocol, path, options));
    }

    /** asyncio's {@code start_server}: each accepted connection gets a reader and a protocol running the handler. */
    public static Future<Server> startServer(StreamHandler handler, String host, int port, ServerOptions options,
            int limit) {
        EventLoop loop = SelectorEventLoop.requireRunning();
        checkArguments(handler, limit);
        return loop.createServer(() -> new StreamReaderProtocol(new StreamReader(limit), handler, loop), host, port,
                options);
    }

    /** asyncio's {@code start_unix_server}. */
    public static Future<Server> startUnixServer(StreamHandler handler, Path path, ServerOptions options, int limit) {
        EventLoop loop = SelectorEventLoop.requireRunning();
        checkArguments(handler, limit);
        return loop.createUnixServer(() -> new StreamReaderProtocol(new StreamReader(limit), handler, loop), path,
                options);
    }

    private static void checkArguments(StreamHandler handler, int limit) {
        if (handler == null) {
            throw new IllegalArgumentException("a streams server needs a StreamHandler, got null");
        }
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
    }

    private static Future<Streams> streams(EventLoop loop, StreamReader reader, StreamReaderProtocol protocol,
            Future<Connection<Transport, StreamReaderProtocol>> connecting) {
        return map(loop, connecting, c -> new Streams(reader, new StreamWriter(c.transport(), protocol, reader, loop)));
    }

    /** A future of {@code f(inner's result)}; cancelling it cancels {@code inner}. */
    static <A, B> Future<B> map(EventLoop loop, Future<A> inner, Function<A, B> f) {
        Future<B> outer = loop.createFuture();
        inner.addDoneCallback(d -> {
            if (outer.done()) {
                return;
            }
            if (d.cancelled()) {
                outer.cancel();
                return;
            }
            Throwable exc = d.exception();
            if (exc != null) {
                outer.setException(exc);
                return;
            }
            try {
                outer.setResult(f.apply(d.result()));
            } catch (Throwable t) {
                outer.setException(t);
            }
        });
        outer.addDoneCallback(o -> {
            if (o.cancelled()) {
                inner.cancel();
            }
        });
        return outer;
    }
}
