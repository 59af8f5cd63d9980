package org.jasyncio.internal.process;

import java.util.List;
import java.util.function.Supplier;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** Child processes for one loop. */
public final class Subprocesses {
    private final SelectorEventLoop loop;

    public Subprocesses(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> exec(Supplier<P> factory, List<String> args,
            SubprocessOptions options) {
        throw new UnsupportedOperationException("subprocessExec: in progress");
    }

    public <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> shell(Supplier<P> factory, String command,
            SubprocessOptions options) {
        throw new UnsupportedOperationException("subprocessShell: in progress");
    }
}
