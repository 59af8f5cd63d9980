package org.jasyncio.internal.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.Map;
import org.jasyncio.BaseProtocol;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.WriteFlowControl;

/**
 * The state machine both write pipes share (asyncio's {@code _UnixWritePipeTransport}): writes after closing or after
 * a failure are dropped and counted, {@code writeEof} and {@code close} let the queued bytes drain first, {@code abort}
 * drops them, {@code connectionLost} comes exactly once. Subclasses only move bytes.
 */
abstract class WritePipeBase implements WriteTransport, PipeEnd {
    /** asyncio's LOG_THRESHOLD_FOR_CONNLOST_WRITES. */
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    final SelectorEventLoop loop;
    final WriteFlowControl flow;
    private final Map<String, Object> extra;
    BaseProtocol protocol;
    boolean closing;
    int connLost;
    private boolean lost;

    WritePipeBase(SelectorEventLoop loop, BaseProtocol protocol, Map<String, Object> extra) {
        this.loop = loop;
        this.protocol = protocol;
        this.extra = extra;
        this.flow = new WriteFlowControl(loop, this);
    }

    /** The object "pipe" names in getExtraInfo. */
    abstract Object pipe();

    /** Sends or queues {@code data} (non-empty); called only while open. */
    abstract void send(ByteBuffer data);

    abstract boolean hasPendingWrites();

    /** Forgets the queued bytes (abort, fatal error). */
    abstract void dropPending();

    /** Closes the pipe itself, after the protocol heard connectionLost. */
    abstract void release();

    void logDebug(String message, Throwable t) {
        System.getLogger("org.jasyncio").log(Level.DEBUG, message, t);
    }

    @Override
    public final void write(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
        }
        write(ByteBuffer.wrap(data));
    }

    @Override
    public final void write(ByteBuffer data) {
        if (data == null) {
            throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (connLost > 0 || closing) {
            if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                System.getLogger("org.jasyncio").log(Level.WARNING, "pipe closed by peer or os.write(pipe, data) raised exception.");
            }
            connLost++;
            return;
        }
        send(data);
    }

    @Override
    public final void writelines(Iterable<byte[]> chunks) {
        if (chunks == null) {
            throw new IllegalArgumentException("writelines() needs an iterable of byte arrays, not 'null'");
        }
        for (byte[] chunk : chunks) {
            write(chunk);
        }
    }

    @Override
    public final boolean canWriteEof() {
        return true;
    }

    @Override
    public final void writeEof() {
        if (closing) {
            return;
        }
        closing = true;
        if (!hasPendingWrites()) {
            loop.schedule(() -> connectionLost(null), null);
        }
    }

    @Override
    public final void close() {
        if (!closing) {
            writeEof();
        }
    }

    @Override
    public final void abort() {
        close(null);
    }

    @Override
    public final boolean isClosing() {
        return closing;
    }

    @Override
    public final void setWriteBufferLimits(int high) {
        flow.setLimits(high);
        flow.maybePause(getWriteBufferSize(), protocol);
    }

    @Override
    public final void setWriteBufferLimits(int high, int low) {
        flow.setLimits(high, low);
        flow.maybePause(getWriteBufferSize(), protocol);
    }

    @Override
    public final int getWriteBufferLowLimit() {
        return flow.low();
    }

    @Override
    public final int getWriteBufferHighLimit() {
        return flow.high();
    }

    @Override
    public final Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public final <V> V getExtraInfo(String name, V defaultValue) {
        if ("pipe".equals(name)) {
            return (V) pipe();
        }
        return extra != null && extra.containsKey(name) ? (V) extra.get(name) : defaultValue;
    }

    @Override
    public final void setProtocol(BaseProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public final BaseProtocol getProtocol() {
        return protocol;
    }

    /**
     * The reading end went away (asyncio learns it from the pipe's readiness; we from the child's exit): a clean close
     * when nothing was waiting to be written, a broken pipe otherwise.
     */
    final void peerClosed() {
        if (lost) {
            return;
        }
        if (loop.getDebug()) {
            System.getLogger("org.jasyncio").log(Level.INFO, this + " was closed by peer");
        }
        if (hasPendingWrites()) {
            close(new IOException("Broken pipe"));
        } else if (!closing) {
            close(null);
        }
    }

    final void fatalError(Exception e, String message) {
        if (e instanceof IOException) {
            if (loop.getDebug()) {
                logDebug(this + ": " + message, e);
            }
        } else {
            PipeDelivery.report(loop, message, e, this, protocol);
        }
        close(e);
    }

    final void close(Throwable exc) {
        closing = true;
        if (hasPendingWrites()) {
            dropPending();
        }
        loop.schedule(() -> connectionLost(exc), null);
    }

    @Override
    public final void releaseNow() {
        closing = true;
        lost = true;
        dropPending();
        release();
    }

    final void connectionLost(Throwable exc) {
        if (lost) {
            return;
        }
        lost = true;
        try {
            protocol.connectionLost(exc);
        } finally {
            release();
        }
    }

    @Override
    public String toString() {
        return "<WritePipeTransport " + pipe() + (closing ? " closing" : " open") + " bufsize=" + getWriteBufferSize() + ">";
    }
}
