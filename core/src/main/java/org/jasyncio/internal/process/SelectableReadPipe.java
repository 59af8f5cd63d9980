package org.jasyncio.internal.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.ReadTransport;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.ErrorReports;
import org.jasyncio.internal.transport.TransportBase;

/**
 * asyncio's {@code _UnixReadPipeTransport} over a selectable channel: registered with the loop's poller, read inline
 * on the loop thread when ready, up to 256 KiB at a time. Reading starts after {@code connectionMade}. Closing, the
 * fatal error and connectionLost are {@link TransportBase}'s.
 */
final class SelectableReadPipe extends TransportBase implements ReadTransport {
    private static final int MAX_READ = 256 * 1024;
    /** One read buffer per loop thread: data is copied out at once, so transports can share it. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_READ));

    private final SelectableChannel channel;
    private final ReadableByteChannel source;
    private PollKey key;
    private boolean paused;

    /** Configures the channel non-blocking and schedules connectionMade, then the first read. */
    <C extends SelectableChannel & ReadableByteChannel> SelectableReadPipe(SelectorEventLoop loop, C channel, BaseProtocol protocol)
            throws IOException {
        super(loop);
        loop.ensureNoWatcher(channel);
        channel.configureBlocking(false);
        this.channel = channel;
        this.source = channel;
        setProtocol(protocol);
        loop.schedule(() -> getProtocol().connectionMade(this), null);
        loop.schedule(this::startReading, null);
    }

    private void startReading() {
        if (isClosing()) {
            return;
        }
        try {
            key = loop.poller().register(channel, paused ? 0 : SelectionKey.OP_READ, this);
        } catch (IOException | RuntimeException e) {
            fatalError(e, "Fatal error: could not watch the pipe");
        }
    }

    /** asyncio's {@code _read_ready}: a protocol's exception is reported and reading goes on, as from a handle. */
    @Override
    protected void ready(int readyOps) {
        if (isClosing() || paused) {
            return;
        }
        BaseProtocol protocol = getProtocol();
        int n;
        ByteBuffer target;
        try {
            if (protocol instanceof BufferedProtocol bp) {
                target = bp.getBuffer(MAX_READ);
                if (!target.hasRemaining()) {
                    fatalError(new IllegalStateException("get_buffer() returned an empty buffer"), "Fatal error: protocol.get_buffer() call failed.");
                    return;
                }
            } else {
                target = SCRATCH.get().clear();
            }
            n = source.read(target);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on pipe transport");
            return;
        } catch (RuntimeException e) {
            fatalError(e, "Fatal error: protocol.get_buffer() call failed.");
            return;
        }
        if (n > 0) {
            try {
                if (protocol instanceof BufferedProtocol bp) {
                    bp.bufferUpdated(n);
                } else {
                    byte[] data = new byte[n];
                    target.flip().get(data);
                    PipeDelivery.data(protocol, data);
                }
            } catch (Throwable t) {
                reportFromReadyCallback("_read_ready", t); // asyncio calls it outside the pipe's error handling
            }
        } else if (n < 0) {
            PipeDelivery.endOfFile(loop, this);
        }
    }

    /** asyncio's {@code _UnixReadPipeTransport._fatal_error}: only EIO is quiet (see {@link ReadPipeErrors}). */
    @Override
    protected boolean quietFatalError(Throwable exc) {
        return ReadPipeErrors.isQuiet(exc);
    }

    @Override
    public boolean isReading() {
        return !paused && !isClosing();
    }

    @Override
    public void pauseReading() {
        if (!isReading()) {
            return;
        }
        paused = true;
        if (key != null) {
            key.interestOps(0);
        }
        if (loop.getDebug()) {
            ErrorReports.LOGGER.log(Level.DEBUG, this + " pauses reading");
        }
    }

    @Override
    public void resumeReading() {
        if (isClosing() || !paused) {
            return;
        }
        paused = false;
        if (key != null) {
            key.interestOps(SelectionKey.OP_READ);
        }
        if (loop.getDebug()) {
            ErrorReports.LOGGER.log(Level.DEBUG, this + " resumes reading");
        }
    }

    // ------------------------------------------------------------------ what TransportBase asks of a read pipe

    @Override
    protected void stopReading() {
        if (key != null) {
            key.cancel();
            key = null;
        }
    }

    @Override
    protected void stopWriting() {
    }

    @Override
    protected int bufferedBytes() {
        return 0;
    }

    @Override
    protected void dropBuffer() {
    }

    @Override
    protected void release() {
        stopReading();
        try {
            channel.close();
        } catch (IOException ignored) {
            // the pipe is gone either way
        }
    }

    @Override
    protected Object extra(String name) {
        return "pipe".equals(name) ? channel : null;
    }

    @Override
    protected void acceptProtocol(BaseProtocol protocol) {
        // any protocol: PipeDelivery checks its kind when data arrives
    }

    /** asyncio's class, as its handles name this transport's callbacks in a report. */
    @Override
    protected String asyncioName() {
        return "_UnixReadPipeTransport";
    }

    @Override
    public String toString() {
        return "<ReadPipeTransport " + channel + (isClosing() ? " closing" : paused ? " paused" : " open") + ">";
    }
}
