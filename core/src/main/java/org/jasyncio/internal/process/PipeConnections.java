package org.jasyncio.internal.process;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Pipe;
import java.util.function.Supplier;
import org.jasyncio.BaseProtocol;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** connectReadPipe and connectWritePipe for one loop. */
public final class PipeConnections {
    private final SelectorEventLoop loop;

    public PipeConnections(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, Pipe.SourceChannel pipe) {
        throw new UnsupportedOperationException("connectReadPipe: in progress");
    }

    public <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, Pipe.SinkChannel pipe) {
        throw new UnsupportedOperationException("connectWritePipe: in progress");
    }

    public <P extends BaseProtocol> Future<Connection<ReadTransport, P>> connectReadPipe(Supplier<P> factory, InputStream pipe) {
        throw new UnsupportedOperationException("connectReadPipe: in progress");
    }

    public <P extends BaseProtocol> Future<Connection<WriteTransport, P>> connectWritePipe(Supplier<P> factory, OutputStream pipe) {
        throw new UnsupportedOperationException("connectWritePipe: in progress");
    }
}
