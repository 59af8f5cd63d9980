package org.jasyncio.internal.transport;

import java.io.IOException;
import java.lang.System.Logger.Level;
import org.jasyncio.BaseProtocol;
import org.jasyncio.internal.loop.IoHandler;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * The lifecycle every transport of a channel shares, asyncio's {@code _SelectorTransport} with {@code _FlowControlMixin}
 * ({@link WriteFlowControl}): the protocol slot, the closing state, the fatal error, the forced close,
 * {@code connectionLost} exactly once, the writes after loss, extra info, the write-buffer limits and the release
 * when the loop closes under a live transport. A subclass does the I/O and says how to stop reading, stop writing,
 * drop its queue and release its channel. Sockets, datagram endpoints and the four pipe transports (asyncio's
 * {@code _UnixReadPipeTransport} and {@code _UnixWritePipeTransport}, selectable or over a blocking stream) sit on it.
 *
 * <p>The poller calls {@link #onReady} inline; whatever the subclass's I/O throws there is that transport's fatal
 * error, never the loop's (see DECISIONS.md, "A fault in the I/O path fails its connection, never the loop"). A
 * transport whose I/O runs on a thread of its own is never registered and posts its results to the loop instead.
 * Loop only.
 */
public abstract class TransportBase implements IoHandler {
    /** asyncio's {@code LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
    public static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    protected final SelectorEventLoop loop;
    protected final WriteFlowControl flow;
    private BaseProtocol protocol;
    private boolean protocolConnected;
    private boolean closing;
    /** asyncio's {@code _conn_lost}: set once the connection is being lost, then counts writes refused. */
    private int connLost;
    /** connectionLost has been called (or is being called): never twice. */
    private boolean lost;

    protected TransportBase(SelectorEventLoop loop) {
        this.loop = loop;
        this.flow = new WriteFlowControl(loop, this);
    }

    // ------------------------------------------------------------------ what a subclass does

    /** The I/O of one readiness event. */
    protected abstract void ready(int readyOps);

    /** asyncio's {@code _remove_reader}. */
    protected abstract void stopReading();

    /** asyncio's {@code _remove_writer}. */
    protected abstract void stopWriting();

    /** The bytes queued for writing, as asyncio's {@code get_write_buffer_size}. */
    protected abstract int bufferedBytes();

    /** Drops the write queue (a forced close). */
    protected abstract void dropBuffer();

    /** Closes the channel and drops the registration; after connectionLost, or when the loop closes. */
    protected abstract void release();

    /** The extra info named {@code name}, or null. */
    protected abstract Object extra(String name);

    /** Checks and takes a new protocol (its kind decides how reads are delivered); throws if it is not one. */
    protected abstract void acceptProtocol(BaseProtocol p);

    /** An error as the transport reports it (a stream maps reset and broken pipe to SocketException). */
    protected Throwable classify(Throwable error) {
        return error;
    }

    /** Runs {@code lost} on a later loop iteration, as asyncio's {@code call_soon(self._call_connection_lost)}. */
    protected void scheduleLoss(Runnable lostCallback) {
        loop.schedule(lostCallback, null);
    }

    /** After connectionLost and the release: leave the server, forget the reader. */
    protected void afterLoss() {
    }

    /** The name asyncio gives this kind of transport, as its callbacks are named in a report. */
    protected String asyncioName() {
        return getClass().getSimpleName();
    }

    /** The name of asyncio's writer callback that finishes a close once the queue drained. */
    protected String writeReadyName() {
        return "_write_ready";
    }

    // ------------------------------------------------------------------ the I/O dispatch

    @Override
    public final void onReady(int readyOps) {
        try {
            ready(readyOps);
        } catch (Throwable t) {
            fatalError(t, "Fatal error on transport");
        }
    }

    @Override
    public Object owner() {
        return this;
    }

    // ------------------------------------------------------------------ state

    public boolean isClosing() {
        return closing;
    }

    /** asyncio's {@code _conn_lost} is non-zero: the connection is being, or has been, lost. */
    public final boolean isConnectionLost() {
        return connLost != 0;
    }

    /** connectionLost has been called: the channel is released. */
    protected final boolean isLost() {
        return lost;
    }

    /**
     * The loop closes under a live transport and releases its channel: from now on it is closing and lost, so later
     * writes are dropped as after a lost connection and never reach the released descriptor.
     */
    protected final void markLostUnderLoopClose() {
        if (connLost == 0) {
            closing = true;
            connLost = 1;
        }
    }

    /** A write after the connection was lost: ignored, with asyncio's warning after a few. */
    protected final void noteWriteAfterLoss(String warning) {
        if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
            ErrorReports.LOGGER.log(Level.WARNING, warning);
        }
        connLost++;
    }

    // ------------------------------------------------------------------ closing

    /** asyncio's {@code close}: stop reading; lose the connection once the write queue has drained. */
    public void close() {
        if (!beginClosing()) {
            return;
        }
        if (bufferedBytes() == 0) {
            connLost++;
            stopWriting();
            scheduleConnectionLost(null);
        }
    }

    /** Marks the transport closing and stops reading; false when it already was closing. */
    protected final boolean beginClosing() {
        if (closing) {
            return false;
        }
        closing = true;
        stopReading();
        return true;
    }

    /**
     * connectionLost({@code exc}) on a later loop iteration, as asyncio's {@code call_soon(self._call_connection_lost,
     * exc)}: what the protocol throws escapes into that handle's report.
     */
    protected final void scheduleConnectionLost(Throwable exc) {
        scheduleLoss(connectionLostCall(exc));
    }

    /**
     * {@link #callConnectionLost} as a callback named as asyncio's handle names it
     * ({@code _SelectorSocketTransport._call_connection_lost(None)}), for a loop to run.
     */
    protected final Runnable connectionLostCall(Throwable exc) {
        String args = exc == null ? "None" : exc.toString();
        return new NamedCallback(asyncioName() + "._call_connection_lost(" + args + ")", () -> callConnectionLost(exc));
    }

    /**
     * Reports {@code exc}, which escaped from a protocol callback the poller's readiness dispatch called, as asyncio's
     * loop reports what escapes a reader or writer callback: "Exception in callback Type.method()" with a handle key.
     * The transport is not closed by it.
     */
    protected final void reportFromReadyCallback(String method, Throwable exc) {
        loop.reportCallbackException(new NamedCallback(asyncioName() + "." + method + "()", () -> { }), exc);
    }

    public void abort() {
        forceClose(null);
    }

    /** The write queue has drained while closing: the connection is lost now (asyncio's {@code _write_ready}). */
    protected final void drainedWhileClosing() {
        connLost++;
        try {
            callConnectionLost(null);
        } catch (Throwable t) {
            reportFromReadyCallback(writeReadyName(), t); // asyncio calls it from the writer callback itself
        }
    }

    /**
     * Whether {@link #fatalError} keeps {@code exc} out of the exception handler (only a debug log): every I/O error
     * for a socket, as asyncio's selector transports do.
     */
    protected boolean quietFatalError(Throwable exc) {
        return exc instanceof IOException;
    }

    /** asyncio's {@code _fatal_error}: quiet errors to the debug log, others to the exception handler; then closed. */
    public void fatalError(Throwable error, String message) {
        Throwable exc = classify(error);
        if (quietFatalError(exc)) {
            if (loop.getDebug()) {
                ErrorReports.LOGGER.log(Level.DEBUG, this + ": " + message, exc);
            }
        } else {
            ErrorReports.report(loop, message, exc, this, protocol);
        }
        forceClose(exc);
    }

    /** asyncio's {@code _force_close}. */
    protected void forceClose(Throwable exc) {
        if (connLost != 0) {
            return;
        }
        if (bufferedBytes() != 0) {
            dropBuffer();
            stopWriting();
        }
        beginClosing();
        connLost++;
        scheduleConnectionLost(exc);
    }

    /**
     * asyncio's {@code _call_connection_lost}: tells the protocol (once, last), then releases the channel and leaves
     * the server even when the protocol throws. What it throws escapes to the caller, as in asyncio, whose loop
     * reports it against the handle that ran this.
     */
    protected final void callConnectionLost(Throwable exc) {
        if (lost) {
            return;
        }
        lost = true;
        BaseProtocol p = protocol;
        try {
            if (protocolConnected && p != null) {
                p.connectionLost(exc);
            }
        } finally {
            release();
            protocol = null;
            afterLoss();
        }
    }

    /**
     * The loop closes under the live transport: stop, drop the queue and release the channel at once, without telling
     * the protocol (no callback runs any more). Later writes are dropped as after a lost connection.
     */
    public final void releaseNow() {
        if (lost) {
            return;
        }
        markLostUnderLoopClose();
        lost = true;
        stopReading();
        dropBuffer();
        stopWriting();
        release();
    }

    // ------------------------------------------------------------------ flow control (asyncio's _FlowControlMixin)

    public int getWriteBufferSize() {
        return bufferedBytes();
    }

    public void setWriteBufferLimits(int high) {
        flow.setLimits(high);
        flow.maybePause(bufferedBytes(), protocol);
    }

    public void setWriteBufferLimits(int high, int low) {
        flow.setLimits(high, low);
        flow.maybePause(bufferedBytes(), protocol);
    }

    public int getWriteBufferHighLimit() {
        return flow.high();
    }

    public int getWriteBufferLowLimit() {
        return flow.low();
    }

    /** After the queue grew: pause the protocol above the high-water mark. */
    protected final void maybePauseProtocol() {
        flow.maybePause(bufferedBytes(), protocol);
    }

    /** After the queue shrank: resume the protocol at or below the low-water mark. */
    protected final void maybeResumeProtocol() {
        flow.maybeResume(bufferedBytes(), protocol);
    }

    // ------------------------------------------------------------------ protocol and extra info

    public void setProtocol(BaseProtocol protocol) {
        acceptProtocol(protocol);
        this.protocol = protocol;
        this.protocolConnected = true;
    }

    public BaseProtocol getProtocol() {
        return protocol;
    }

    public Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }

    @SuppressWarnings("unchecked")
    public <V> V getExtraInfo(String name, V defaultValue) {
        Object v = name == null ? null : extra(name); // asyncio's dict.get(None): no such detail, the default
        return v != null ? (V) v : defaultValue;
    }

    /** A callback that says what asyncio's handle would name it, so a report names it the same. */
    private record NamedCallback(String name, Runnable body) implements Runnable {
        @Override
        public void run() {
            body.run();
        }

        @Override
        public String toString() {
            return name;
        }
    }
}
