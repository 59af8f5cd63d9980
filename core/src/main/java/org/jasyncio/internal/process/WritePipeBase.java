package org.jasyncio.internal.process;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.jasyncio.BaseProtocol;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.ErrorReports;
import org.jasyncio.internal.transport.TransportBase;

/**
 * What both write pipes add to {@link TransportBase} (asyncio's {@code _UnixWritePipeTransport}): writes after closing
 * or after a failure are dropped and counted, {@code writeEof} and {@code close} let the queued bytes drain first
 * without counting a loss, and the reading end going away closes the pipe. Subclasses only move bytes.
 */
abstract class WritePipeBase extends TransportBase implements WriteTransport {
    WritePipeBase(SelectorEventLoop loop, BaseProtocol protocol) {
        super(loop);
        setProtocol(protocol);
    }

    /** The object "pipe" names in getExtraInfo. */
    abstract Object pipe();

    /** Sends or queues {@code data} (non-empty); called only while open. */
    abstract void send(ByteBuffer data);

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
        if (isConnectionLost() || isClosing()) {
            noteWriteAfterLoss("pipe closed by peer or os.write(pipe, data) raised exception.");
            return;
        }
        send(data);
    }

    @Override
    public final void writelines(Iterable<byte[]> chunks) {
        if (chunks == null) {
            throw new IllegalArgumentException("writelines() expects an iterable of bytes, not 'null'");
        }
        for (byte[] chunk : chunks) {
            write(chunk);
        }
    }

    @Override
    public final boolean canWriteEof() {
        return true;
    }

    /** asyncio's pipe {@code write_eof}: closing now, connectionLost once the queue has drained. */
    @Override
    public final void writeEof() {
        if (beginClosing() && bufferedBytes() == 0) {
            scheduleConnectionLost(null);
        }
    }

    /** On a write pipe, {@code writeEof} is all that closing takes (asyncio's {@code close}). */
    @Override
    public final void close() {
        writeEof();
    }

    /**
     * The reading end went away (asyncio learns it from the pipe's readiness; we from the child's exit): a clean close
     * when nothing was waiting to be written, a broken pipe otherwise.
     */
    final void peerClosed() {
        if (isLost()) {
            return;
        }
        if (loop.getDebug()) {
            ErrorReports.LOGGER.log(Level.INFO, this + " was closed by peer");
        }
        if (bufferedBytes() != 0) {
            closeNow(new IOException("Broken pipe"));
        } else if (!isClosing()) {
            closeNow(null);
        }
    }

    /** asyncio's pipe {@code abort}: the queued bytes are dropped. */
    @Override
    public final void abort() {
        closeNow(null);
    }

    /**
     * asyncio's pipe {@code _close}: closing, the queue dropped, connectionLost({@code exc}) next. Unlike a failed
     * write (TransportBase's forced close), it counts no loss: later writes are refused because the pipe is closing.
     */
    private void closeNow(Throwable exc) {
        beginClosing();
        if (bufferedBytes() != 0) {
            dropBuffer();
            stopWriting();
        }
        scheduleConnectionLost(exc);
    }

    @Override
    protected final void stopReading() {
        // a write pipe reads nothing: the child's exit tells us when the reading end goes
    }

    @Override
    protected final Object extra(String name) {
        return "pipe".equals(name) ? pipe() : null;
    }

    @Override
    protected final void acceptProtocol(BaseProtocol protocol) {
        // any protocol: a write pipe only calls pauseWriting, resumeWriting and connectionLost
    }

    /** asyncio's class, as its handles name this transport's callbacks in a report. */
    @Override
    protected String asyncioName() {
        return "_UnixWritePipeTransport";
    }

    @Override
    public String toString() {
        return "<WritePipeTransport " + pipe() + (isClosing() ? " closing" : " open") + " bufsize=" + getWriteBufferSize() + ">";
    }
}
