package org.jasyncio.internal.tls;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.ErrorReports;
import org.jasyncio.internal.transport.TransportBase;

/**
 * asyncio's SSLProtocol: sits on a plain stream transport as its buffered protocol, drives an {@link SSLEngine},
 * and presents the decrypted stream to the application's protocol through a {@link TlsTransport}.
 *
 * <p>The buffers and the engine calls are {@link TlsRecords}; the application's writes on their way into the engine,
 * {@link TlsAppWrites}; reading flow control, {@link TlsReadFlow}; the handshake and shutdown deadlines,
 * {@link TlsTimeouts}. This class holds the state machine (its states, the transitions, what each callback does) and
 * the application's callbacks. Each batch of plaintext goes to the application as one fresh array (the only
 * per-read allocation).
 */
final class TlsProtocol implements BufferedProtocol {
    /** Engine steps in a row that move no byte before the engine is declared stuck. */
    static final int MAX_IDLE_STEPS = 64;

    private final SelectorEventLoop loop;
    private final SSLEngine engine;
    private final boolean callConnectionMade;
    private final TlsTransport appTransport;
    private final TlsRecords records;
    private final TlsAppWrites appWrites;
    private final TlsTimeouts timeouts;
    private final TlsReadFlow readFlow;
    private BaseProtocol app;
    private Future<Transport> waiter;
    private Transport raw;
    private boolean rawLost;
    private TlsState state = TlsState.UNWRAPPED;

    private boolean appConnected;
    private boolean eofDelivered;
    private boolean appLost;
    private boolean eofPending;
    private boolean appWritingPaused;
    private boolean resumeScheduled;
    private int connLostWrites;
    /** Nesting of {@link #process}: the buffers go back at the end of the outermost. */
    private int processing;
    /** Why the connection ended when the raw transport does not say (shutdown timeout, fatal error). */
    private Throwable closeReason;
    /** Ciphertext read before this layer was in place (startTls): fed to the engine first. */
    private byte[] earlyCiphertext;

    TlsProtocol(SelectorEventLoop loop, BaseProtocol app, SSLEngine engine, Object sslContext, Future<Transport> waiter,
            boolean callConnectionMade, double handshakeTimeout, double shutdownTimeout) {
        this.loop = loop;
        this.app = app;
        this.engine = engine;
        this.waiter = waiter;
        this.callConnectionMade = callConnectionMade;
        this.appTransport = new TlsTransport(this, sslContext, engine);
        this.records = new TlsRecords(engine, TlsScratch.of(loop));
        this.appWrites = new TlsAppWrites(engine, records, this::takesAppData);
        this.timeouts = new TlsTimeouts(loop, handshakeTimeout, shutdownTimeout);
        this.readFlow = new TlsReadFlow(records);
    }

    TlsTransport appTransport() {
        return appTransport;
    }

    BaseProtocol app() {
        return app;
    }

    void setApp(BaseProtocol protocol) {
        if (protocol == null) {
            throw new IllegalArgumentException("protocol must not be null");
        }
        this.app = protocol;
    }

    Transport raw() {
        return raw;
    }

    /** The raw transport while it is connected; null before and after, as asyncio's SSLProtocol._transport. */
    Transport connectedRaw() {
        return rawLost ? null : raw;
    }

    /** Ciphertext the previous protocol had already read: the handshake starts with it (asyncio's _incoming). */
    void receivedBeforeHandshake(byte[] ciphertext) {
        earlyCiphertext = ciphertext.length == 0 ? null : ciphertext;
    }

    // ------------------------------------------------------------------ raw transport callbacks

    @Override
    public void connectionMade(BaseTransport transport) {
        raw = (Transport) transport;
        records.attach(raw);
        state = TlsState.DO_HANDSHAKE;
        timeouts.startHandshake(() -> {
            if (state == TlsState.DO_HANDSHAKE) {
                fatal(new SocketTimeoutException("SSL handshake is taking longer than " + timeouts.handshakeTimeout()
                        + " seconds: aborting the connection"));
            }
        });
        try {
            engine.beginHandshake();
            if (earlyCiphertext != null) {
                byte[] early = earlyCiphertext;
                earlyCiphertext = null;
                for (int off = 0; off < early.length; ) {
                    ByteBuffer into = records.readBuffer();
                    int n = Math.min(into.remaining(), early.length - off);
                    into.put(early, off, n);
                    records.filled(n);
                    off += n;
                }
            }
            process();
        } catch (IOException | RuntimeException e) {
            fatal(e);
        }
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        return records.readBuffer();
    }

    @Override
    public void bufferUpdated(int nbytes) {
        records.filled(nbytes);
        try {
            process();
        } catch (IOException | RuntimeException e) {
            fatal(e);
            return;
        }
        readFlow.controlRawReading(raw, state == TlsState.WRAPPED);
    }

    @Override
    public boolean eofReceived() {
        switch (state) {
            case DO_HANDSHAKE -> {
                fatal(new SocketException("Connection reset by peer: EOF during the SSL handshake"));
                return false;
            }
            case WRAPPED -> {
                // As asyncio: the end of the stream starts the flush at once (later writes are dropped), but it is
                // not a close of the app transport: isClosing() stays false until connectionLost.
                state = TlsState.FLUSHING;
                if (readFlow.appPaused()) { // deliver what is buffered first, once the application reads again
                    eofPending = true;
                    return true;
                }
                endAfterPeerEof();
                return false;
            }
            case FLUSHING, SHUTDOWN -> {
                deliverEof();
                finishShutdown();
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    @Override
    public void connectionLost(Throwable exc) {
        rawLost = true;
        appTransport.markClosed();
        connLostWrites++; // as asyncio's _conn_lost: the warning for writes comes one write sooner once lost
        records.dispose();
        timeouts.cancelAll();
        appWrites.clear();
        boolean handshaking = state == TlsState.DO_HANDSHAKE;
        state = TlsState.UNWRAPPED;
        Throwable reason = exc != null ? exc : closeReason;
        if (waiter != null && !waiter.done()) {
            waiter.setException(reason != null ? reason : new SocketException("Connection lost during the SSL handshake"));
        }
        waiter = null;
        if (appConnected && !appLost && !handshaking) {
            appLost = true;
            BaseProtocol p = app;
            loop.callSoon(() -> p.connectionLost(reason));
        }
    }

    @Override
    public void pauseWriting() {
        if (appConnected && !appLost && !appWritingPaused) {
            appWritingPaused = true;
            try {
                app.pauseWriting();
            } catch (RuntimeException e) {
                report("protocol.pause_writing() failed", e);
            }
        }
    }

    @Override
    public void resumeWriting() {
        if (appWritingPaused && !appLost) {
            appWritingPaused = false;
            try {
                app.resumeWriting();
            } catch (RuntimeException e) {
                report("protocol.resume_writing() failed", e);
            }
        }
    }

    // ------------------------------------------------------------------ the engine

    /**
     * Runs the engine until it needs more ciphertext: answers the handshake, delivers plaintext, sends records. The
     * step's buffers are the loop's; they go back when it ends, however it ends.
     */
    private void process() throws IOException {
        processing++;
        try {
            runEngine();
        } finally {
            if (--processing == 0) {
                records.idle();
            }
        }
    }

    private void runEngine() throws IOException {
        int idle = 0;
        while (state == TlsState.DO_HANDSHAKE || state == TlsState.WRAPPED
                || state == TlsState.FLUSHING || state == TlsState.SHUTDOWN) {
            if (++idle > MAX_IDLE_STEPS) {
                throw new SSLException("SSL engine makes no progress (handshake status "
                        + engine.getHandshakeStatus() + "): aborting the connection");
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                records.runDelegatedTasks();
                idle = 0;
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                SSLEngineResult r = records.wrapHandshake();
                if (r.bytesProduced() > 0) {
                    idle = 0;
                }
                if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                    onHandshakeComplete();
                }
                if (r.getStatus() == Status.CLOSED && engine.isOutboundDone() && engine.isInboundDone()) {
                    deliverPlaintext();
                    finishShutdown();
                    return;
                }
                continue;
            }
            if (readFlow.appPaused() && (state == TlsState.WRAPPED || state == TlsState.FLUSHING)) {
                return; // resumeReading picks up what is left in netIn; a shutdown reads on, as asyncio's
            }
            SSLEngineResult r = records.unwrap();
            if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                idle = 0;
            }
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                onHandshakeComplete();
            }
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    if (records.hasPlaintext()) {
                        deliverPlaintext();
                    } else {
                        records.growPlaintext();
                    }
                    idle = 0;
                }
                case BUFFER_UNDERFLOW -> {
                    HandshakeStatus now = engine.getHandshakeStatus();
                    if (now != HandshakeStatus.NEED_TASK && now != HandshakeStatus.NEED_WRAP) {
                        deliverPlaintext();
                        return;
                    }
                }
                case CLOSED -> {
                    deliverPlaintext();
                    onPeerCloseNotify();
                    return;
                }
                case OK -> {
                    if (records.plaintextNearlyFull()) {
                        deliverPlaintext();
                    }
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                            && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                        deliverPlaintext();
                        return;
                    }
                }
            }
            if (state == TlsState.DO_HANDSHAKE && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                onHandshakeComplete();
            }
        }
    }

    private void onHandshakeComplete() {
        if (state != TlsState.DO_HANDSHAKE) {
            return;
        }
        timeouts.handshakeDone();
        state = TlsState.WRAPPED;
        appTransport.recordSession(engine.getSession());
        appConnected = true;
        if (callConnectionMade) {
            try {
                app.connectionMade(appTransport);
            } catch (RuntimeException e) {
                fatal(e);
                return;
            }
        }
        if (waiter != null && !waiter.done()) {
            waiter.setResult(appTransport);
        }
        waiter = null;
        flushBacklog();
    }

    /** Hands the unwrapped plaintext to the application: one array for a Protocol, copies for a BufferedProtocol. */
    private void deliverPlaintext() {
        if (!records.hasPlaintext()) {
            return;
        }
        if (state == TlsState.SHUTDOWN && appConnected && !appLost) {
            // Our close_notify went out and the peer still sends data: OpenSSL 3 fails the shutdown with
            // APPLICATION_DATA_AFTER_CLOSE_NOTIFY, and asyncio ends the connection with that error.
            records.plaintextConsumed();
            fatal(new SSLException("application data after close notify"));
            return;
        }
        if (!appConnected || appLost || state == TlsState.UNWRAPPED) {
            records.plaintextConsumed(); // nobody to hand it to any more
            return;
        }
        try {
            records.handPlaintextTo(app);
        } catch (RuntimeException e) {
            records.plaintextConsumed();
            fatal(e);
        }
    }

    /** The peer sent close_notify: the application hears eofReceived, then we answer with ours and close. */
    private void onPeerCloseNotify() {
        deliverEof();
        if (state == TlsState.WRAPPED) {
            startShutdown();
        } else {
            finishShutdown();
        }
    }

    /**
     * The raw stream ended (asyncio's _do_flush after eof_received): the records already read are delivered, then
     * eofReceived, then the raw transport closes once its buffer is out. Without the peer's close_notify this is a
     * ragged EOF, which asyncio also takes as an end of stream; nothing is sent back, no close_notify (asyncio skips
     * the unwrap) and no alert (the engine's closeInbound would make one, so it is not called).
     */
    private void endAfterPeerEof() {
        try {
            process();
        } catch (IOException | RuntimeException e) {
            fatal(e);
            return;
        }
        if (state != TlsState.FLUSHING) {
            return; // a fatal error while reading
        }
        state = TlsState.SHUTDOWN;
        deliverEof();
        finishShutdown();
    }

    private void deliverEof() {
        if (eofDelivered || !appConnected || appLost) {
            return;
        }
        eofDelivered = true;
        try {
            boolean keepOpen = app instanceof Protocol p ? p.eofReceived()
                    : app instanceof BufferedProtocol b && b.eofReceived();
            if (keepOpen) {
                ErrorReports.LOGGER.log(System.Logger.Level.WARNING,
                        "returning true from eof_received() has no effect when using ssl");
            }
        } catch (RuntimeException e) {
            report("Error calling eof_received()", e);
        }
    }

    // ------------------------------------------------------------------ application side, via TlsTransport

    void writeAppData(ByteBuffer data) {
        if (state == TlsState.FLUSHING || state == TlsState.SHUTDOWN || state == TlsState.UNWRAPPED && raw != null) {
            if (connLostWrites >= TransportBase.LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                ErrorReports.LOGGER.log(System.Logger.Level.WARNING, "SSL connection is closed");
            }
            connLostWrites++;
            return;
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (state != TlsState.WRAPPED || appWrites.hasBacklog()) {
            appWrites.queue(data); // during the handshake, or behind earlier writes
            return;
        }
        try {
            appWrites.wrapAll(data);
        } catch (IOException | RuntimeException e) {
            fatal(e);
        }
    }

    private void flushBacklog() {
        try {
            appWrites.flush();
        } catch (IOException | RuntimeException e) {
            fatal(e);
        }
    }

    /** Application bytes go into the engine only while wrapped, or while flushing before close_notify. */
    private boolean takesAppData() {
        return state == TlsState.WRAPPED || state == TlsState.FLUSHING;
    }

    int writeBufferSize() {
        return appWrites.backlogSize() + (raw == null ? 0 : raw.getWriteBufferSize());
    }

    boolean isReading() {
        return !readFlow.appPaused() && raw != null && state != TlsState.UNWRAPPED;
    }

    /**
     * Stops dataReceived at once. As asyncio's, the raw transport reads on (so the peer's EOF, reset or answer to
     * our close_notify is noticed) until {@link TlsReadFlow#PAUSED_READ_HIGH_WATER} bytes of ciphertext wait.
     */
    void pauseReading() {
        readFlow.pauseApp(raw, state == TlsState.WRAPPED);
    }

    /** As asyncio: resume on the next loop turn, first delivering the records already read. */
    void resumeReading() {
        if (!readFlow.resumeApp(raw)) {
            return;
        }
        if (!resumeScheduled) {
            resumeScheduled = true;
            loop.callSoon(() -> {
                resumeScheduled = false;
                if (readFlow.appPaused() || state == TlsState.UNWRAPPED) {
                    return;
                }
                try {
                    process();
                } catch (IOException | RuntimeException e) {
                    fatal(e);
                    return;
                }
                if (eofPending && !readFlow.appPaused()) {
                    eofPending = false;
                    endAfterPeerEof();
                }
            });
        }
    }

    /** The application closed its transport: send pending writes, then close_notify, then wait for the peer's. */
    void startShutdown() {
        if (state == TlsState.FLUSHING || state == TlsState.SHUTDOWN || state == TlsState.UNWRAPPED) {
            return;
        }
        appTransport.markClosed(); // asyncio's _start_shutdown, whoever starts it
        if (state == TlsState.DO_HANDSHAKE) {
            abortRaw();
            return;
        }
        state = TlsState.FLUSHING;
        timeouts.startShutdown(() -> {
            if (state == TlsState.FLUSHING || state == TlsState.SHUTDOWN) {
                closeReason = new TimeoutException("SSL shutdown timed out");
                abortRaw();
            }
        });
        flushBacklog();
        if (state != TlsState.FLUSHING) {
            return; // a fatal error while flushing
        }
        state = TlsState.SHUTDOWN;
        readFlow.resumeRawReading(raw); // the peer's close_notify must be read, paused or not
        try {
            records.closeOutbound(MAX_IDLE_STEPS);
        } catch (IOException | RuntimeException peerGone) {
            // Nothing more can be said to this peer: close all the same.
            engine.closeOutbound();
        }
        if (engine.isInboundDone() || raw == null || raw.isClosing()) {
            finishShutdown();
        }
    }

    /** Both close_notify are through (or the stream is gone): close the raw transport once its data is out. */
    private void finishShutdown() {
        if (state == TlsState.UNWRAPPED) {
            return;
        }
        deliverEof();
        timeouts.shutdownDone();
        if (raw != null) {
            raw.close();
        }
    }

    void abortRaw() {
        timeouts.cancelAll();
        state = TlsState.UNWRAPPED;
        if (raw != null) {
            raw.abort();
        }
    }

    private void report(String message, Throwable exc) {
        ErrorReports.report(loop, message, exc, raw, this);
    }

    /**
     * asyncio's _fatal_error: I/O errors (SSL errors among them) end the connection quietly, others also go to the
     * exception handler. During the handshake the failure goes to the waiter, after sending the engine's alert.
     */
    private void fatal(Throwable exc) {
        if (state == TlsState.UNWRAPPED && closeReason != null) {
            return;
        }
        if (!(exc instanceof IOException)) {
            report("Fatal error on SSL protocol", exc);
        }
        if (state == TlsState.DO_HANDSHAKE && exc instanceof SSLException) {
            sendAlert();
        }
        closeReason = exc;
        if (waiter != null && !waiter.done()) {
            waiter.setException(exc);
            waiter = null;
        }
        timeouts.cancelAll();
        state = TlsState.UNWRAPPED;
        if (raw != null) {
            raw.abort();
        }
    }

    /** Best effort: tell the peer why the handshake failed, if the engine has an alert to send. */
    private void sendAlert() {
        try {
            records.closeOutbound(4);
        } catch (IOException | RuntimeException ignored) {
            // The alert is a courtesy; the failure itself is reported to the waiter.
        }
    }

    @Override
    public String toString() {
        return "<TlsProtocol state=" + state + " app=" + app + ">";
    }
}
