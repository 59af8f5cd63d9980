package org.jasyncio.internal.process;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import org.jasyncio.internal.loop.IoHandler;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.ErrorReports;

/**
 * Watches a native child's pidfd with the loop's own poller (asyncio's PidfdChildWatcher): when it turns readable the
 * child has ended, and the loop thread reaps it with waitid and tells the transport, with no thread in between.
 */
final class PidfdExitWatch implements IoHandler {
    private final SelectorEventLoop loop;
    private final NativeProcess process;
    private final ChildProcessTransport transport;
    private PollKey key;

    private PidfdExitWatch(SelectorEventLoop loop, NativeProcess process, ChildProcessTransport transport) {
        this.loop = loop;
        this.process = process;
        this.transport = transport;
    }

    static void start(SelectorEventLoop loop, NativeProcess process, ChildProcessTransport transport) throws IOException {
        PidfdExitWatch w = new PidfdExitWatch(loop, process, transport);
        w.key = loop.poller().register(process.exitChannel(), SelectionKey.OP_READ, w);
    }

    @Override
    public void onReady(int readyOps) {
        Integer status;
        try {
            status = process.reap();
        } catch (IOException | RuntimeException e) {
            key.cancel();
            ErrorReports.report(loop, "Unknown child process exit status", e, transport, transport.getProtocol());
            return;
        }
        if (status != null) {
            key.cancel();
            transport.exitSeen(status);
        }
    }

    @Override
    public Object owner() {
        return transport;
    }
}
