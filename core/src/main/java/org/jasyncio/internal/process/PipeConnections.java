package org.jasyncio.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Pipe;
import java.util.function.Supplier;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * connectReadPipe and connectWritePipe for one loop. A {@link Pipe} end is selectable and gets a transport registered
 * with the loop's poller; a plain stream gets one whose blocking reads or writes run on a virtual thread. Either way
 * the returned future completes after the protocol's connectionMade, as asyncio's waiter does.
 */
public final class PipeConnections {
    private final SelectorEventLoop loop;

    public PipeConnections(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, Pipe.SourceChannel pipe) {
        requireArgs(factory, pipe);
        loop.ensureNoWatcher(pipe);
        return connect(factory, protocol -> new SelectableReadPipe(loop, pipe, protocol));
    }

    public <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, Pipe.SinkChannel pipe) {
        requireArgs(factory, pipe);
        loop.ensureNoWatcher(pipe);
        return connect(factory, protocol -> new SelectableWritePipe(loop, pipe, protocol));
    }

    public <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, InputStream pipe) {
        requireArgs(factory, pipe);
        return connect(factory, protocol -> new StreamReadPipe(loop, pipe, pipe, protocol));
    }

    public <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, OutputStream pipe) {
        requireArgs(factory, pipe);
        return connect(factory, protocol -> new StreamWritePipe(loop, pipe, pipe, protocol));
    }

    /** Makes the protocol, then its transport (which schedules connectionMade); a failure fails the future. */
    private <T extends BaseTransport, P extends BaseProtocol> Future<Connection<T, P>> connect(Supplier<P> factory,
            TransportMaker<T, P> makeTransport) {
        Future<Connection<T, P>> result = loop.createFuture();
        Connection<T, P> connection;
        try {
            P protocol = factory.get();
            connection = new Connection<>(makeTransport.make(protocol), protocol);
        } catch (IOException | RuntimeException e) {
            result.setException(e);
            return result;
        }
        completeAfterConnectionMade(result, connection);
        return result;
    }

    @FunctionalInterface
    private interface TransportMaker<T extends BaseTransport, P extends BaseProtocol> {
        T make(P protocol) throws IOException;
    }

    private static void requireArgs(Supplier<?> factory, Object pipe) {
        if (factory == null) {
            throw new IllegalArgumentException("protocol_factory must not be null");
        }
        if (pipe == null) {
            throw new IllegalArgumentException("pipe must not be null");
        }
    }

    /** The transport scheduled connectionMade first; the result follows it (the waiter's set_result_unless_cancelled). */
    private <T> void completeAfterConnectionMade(Future<T> result, T connection) {
        loop.schedule(() -> {
            if (!result.cancelled()) {
                result.setResult(connection);
            }
        }, null);
    }
}
