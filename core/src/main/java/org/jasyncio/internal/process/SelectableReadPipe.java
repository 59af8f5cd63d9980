package org.jasyncio.internal.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.util.Map;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.ReadTransport;
import org.jasyncio.internal.loop.IoHandler;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * asyncio's {@code _UnixReadPipeTransport} over a selectable channel: registered with the loop's poller, read inline
 * on the loop thread when ready, up to 256 KiB at a time. Reading starts after {@code connectionMade}.
 */
final class SelectableReadPipe implements ReadTransport, IoHandler, PipeEnd {
    private static final int MAX_READ = 256 * 1024;
    /** One read buffer per loop thread: data is copied out at once, so transports can share it. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(MAX_READ));

    private final SelectorEventLoop loop;
    private final SelectableChannel channel;
    private final ReadableByteChannel source;
    private final Map<String, Object> extra;
    private BaseProtocol protocol;
    private PollKey key;
    private boolean closing;
    private boolean paused;

    /** Configures the channel non-blocking and schedules connectionMade, then the first read. */
    <C extends SelectableChannel & ReadableByteChannel> SelectableReadPipe(SelectorEventLoop loop, C channel, BaseProtocol protocol,
            Map<String, Object> extra) throws IOException {
        loop.ensureNoWatcher(channel);
        channel.configureBlocking(false);
        this.loop = loop;
        this.channel = channel;
        this.source = channel;
        this.protocol = protocol;
        this.extra = extra;
        loop.schedule(() -> this.protocol.connectionMade(this), null);
        loop.schedule(this::startReading, null);
    }

    private void startReading() {
        if (closing) {
            return;
        }
        try {
            key = loop.poller().register(channel, paused ? 0 : SelectionKey.OP_READ, this);
        } catch (IOException | RuntimeException e) {
            fatalError(e, "Fatal error: could not watch the pipe");
        }
    }

    @Override
    public void onReady(int readyOps) {
        if (closing || paused) {
            return;
        }
        int n;
        ByteBuffer target = null;
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
                PipeDelivery.report(loop, "Exception in callback " + this + ".readReady()", t, this, protocol);
            }
        } else if (n < 0) {
            if (loop.getDebug()) {
                System.getLogger("org.jasyncio").log(Level.INFO, this + " was closed by peer");
            }
            closing = true;
            cancelKey();
            loop.schedule(() -> PipeDelivery.eof(protocol), null);
            loop.schedule(() -> connectionLost(null), null);
        }
    }

    @Override
    public Object owner() {
        return this;
    }

    @Override
    public boolean isReading() {
        return !paused && !closing;
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
            System.getLogger("org.jasyncio").log(Level.DEBUG, this + " pauses reading");
        }
    }

    @Override
    public void resumeReading() {
        if (closing || !paused) {
            return;
        }
        paused = false;
        if (key != null) {
            key.interestOps(SelectionKey.OP_READ);
        }
        if (loop.getDebug()) {
            System.getLogger("org.jasyncio").log(Level.DEBUG, this + " resumes reading");
        }
    }

    @Override
    public void close() {
        if (!closing) {
            close(null);
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V getExtraInfo(String name, V defaultValue) {
        if ("pipe".equals(name)) {
            return (V) channel;
        }
        return extra != null && extra.containsKey(name) ? (V) extra.get(name) : defaultValue;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    private void fatalError(Exception e, String message) {
        if (e instanceof IOException) {
            if (loop.getDebug()) {
                System.getLogger("org.jasyncio").log(Level.DEBUG, this + ": " + message, e);
            }
        } else {
            PipeDelivery.report(loop, message, e, this, protocol);
        }
        close(e);
    }

    private void close(Throwable exc) {
        closing = true;
        cancelKey();
        loop.schedule(() -> connectionLost(exc), null);
    }

    private void cancelKey() {
        if (key != null) {
            key.cancel();
            key = null;
        }
    }

    @Override
    public void releaseNow() {
        closing = true;
        cancelKey();
        try {
            channel.close();
        } catch (IOException ignored) {
            // the pipe is gone either way
        }
    }

    private void connectionLost(Throwable exc) {
        try {
            protocol.connectionLost(exc);
        } finally {
            try {
                channel.close();
            } catch (IOException ignored) {
                // the pipe is gone either way
            }
        }
    }

    @Override
    public String toString() {
        return "<ReadPipeTransport " + channel + (closing ? " closing" : paused ? " paused" : " open") + ">";
    }
}
