package org.jasyncio.internal.tls;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.TimerHandle;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.ExceptionReporting;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * asyncio's SSLProtocol: sits on a plain stream transport as its (buffered) protocol, runs an {@link SSLEngine},
 * and presents the decrypted stream to the application's protocol through a {@link TlsTransport}. The raw transport
 * reads ciphertext straight into {@link #getBuffer}; plaintext goes out as fresh arrays to the application.
 */
final class TlsProtocol implements BufferedProtocol {
    private static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    private final SelectorEventLoop loop;
    private final SSLEngine engine;
    private final Object sslContext;
    private final boolean callConnectionMade;
    private final double handshakeTimeout;
    private final double shutdownTimeout;
    private final TlsTransport appTransport;
    private BaseProtocol app;
    private Future<Transport> waiter;
    private Transport raw;
    private TlsState state = TlsState.UNWRAPPED;

    private ByteBuffer netIn;
    private int netInMark;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private final ArrayDeque<ByteBuffer> writeBacklog = new ArrayDeque<>();
    private int writeBacklogSize;
    private boolean eofDelivered;
    private boolean appConnected;
    private boolean appLost;
    private int connLostWrites;
    private TimerHandle handshakeTimer;
    private TimerHandle shutdownTimer;
    private final Map<String, Object> extra = new LinkedHashMap<>();

    TlsProtocol(SelectorEventLoop loop, BaseProtocol app, SSLEngine engine, Object sslContext, Future<Transport> waiter,
            boolean callConnectionMade, double handshakeTimeout, double shutdownTimeout) {
        this.loop = loop;
        this.app = app;
        this.engine = engine;
        this.sslContext = sslContext;
        this.waiter = waiter;
        this.callConnectionMade = callConnectionMade;
        this.handshakeTimeout = handshakeTimeout;
        this.shutdownTimeout = shutdownTimeout;
        this.appTransport = new TlsTransport(this);
        int packet = engine.getSession().getPacketBufferSize();
        this.netIn = ByteBuffer.allocate(packet);
        this.appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        this.netOut = ByteBuffer.allocate(packet);
    }

    TlsTransport appTransport() {
        return appTransport;
    }

    BaseProtocol app() {
        return app;
    }

    void setApp(BaseProtocol protocol) {
        this.app = protocol;
    }

    Transport raw() {
        return raw;
    }

    SSLEngine engine() {
        return engine;
    }

    // ------------------------------------------------------------------ raw transport callbacks

    @Override
    public void connectionMade(BaseTransport transport) {
        raw = (Transport) transport;
        extra.put("sslcontext", sslContext);
        extra.put("ssl_object", engine);
        state = TlsState.DO_HANDSHAKE;
        handshakeTimer = loop.callLater(handshakeTimeout, () -> {
            handshakeTimer = null;
            if (state == TlsState.DO_HANDSHAKE) {
                fatal(new SocketTimeoutException("SSL handshake is taking longer than " + handshakeTimeout
                        + " seconds: aborting the connection"));
            }
        });
        try {
            engine.beginHandshake();
            pump();
        } catch (IOException | RuntimeException e) {
            fatal(e);
        }
    }

    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        if (!netIn.hasRemaining()) {
            ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
            netIn.flip();
            bigger.put(netIn);
            netIn = bigger;
        }
        netInMark = netIn.position();
        return netIn;
    }

    @Override
    public void bufferUpdated(int nbytes) {
        netIn.position(netInMark + nbytes); // whether or not the transport advanced the position itself
        try {
            pump();
        } catch (IOException | RuntimeException e) {
            fatal(e);
        }
    }

    @Override
    public boolean eofReceived() {
        if (state == TlsState.DO_HANDSHAKE) {
            fatal(new java.net.SocketException("Connection reset by peer during the TLS handshake"));
            return false;
        }
        try {
            engine.closeInbound();
        } catch (SSLException truncated) {
            // The peer closed without close_notify: asyncio treats this as an end of stream, like a ragged EOF.
        }
        deliverEof();
        startShutdown();
        return false;
    }

    @Override
    public void connectionLost(Throwable exc) {
        cancelTimers();
        writeBacklog.clear();
        writeBacklogSize = 0;
        state = TlsState.UNWRAPPED;
        if (waiter != null && !waiter.done()) {
            waiter.setException(exc != null ? exc : new java.net.SocketException("Connection lost"));
        }
        waiter = null;
        if (appConnected && !appLost) {
            appLost = true;
            BaseProtocol p = app;
            loop.callSoon(() -> p.connectionLost(exc));
        }
    }

    @Override
    public void pauseWriting() {
        app.pauseWriting();
    }

    @Override
    public void resumeWriting() {
        app.resumeWriting();
    }

    // ------------------------------------------------------------------ the engine

    /** Unwraps what arrived, answers the handshake, delivers plaintext, sends what the engine wants sent. */
    private void pump() throws IOException {
        while (true) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                Runnable task;
                while ((task = engine.getDelegatedTask()) != null) {
                    task.run();
                }
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                if (wrap(ByteBuffer.allocate(0)).getStatus() == SSLEngineResult.Status.CLOSED && engine.isOutboundDone()) {
                    break;
                }
                continue;
            }
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                onHandshakeComplete();
            }
            deliverPlaintext();
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    if (engine.getHandshakeStatus() != HandshakeStatus.NEED_TASK
                            && engine.getHandshakeStatus() != HandshakeStatus.NEED_WRAP) {
                        return;
                    }
                }
                case CLOSED -> {
                    onCloseNotify();
                    return;
                }
                case OK -> {
                    if (r.bytesConsumed() == 0 && r.bytesProduced() == 0
                            && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING) {
                        return;
                    }
                }
            }
            if (state == TlsState.DO_HANDSHAKE && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                    && !engine.isInboundDone()) {
                onHandshakeComplete();
            }
        }
    }

    /** Encrypts {@code src} (consumed) and hands the records to the raw transport. */
    private SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        while (true) {
            netOut.clear();
            SSLEngineResult r = engine.wrap(src, netOut);
            if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                continue;
            }
            netOut.flip();
            if (netOut.hasRemaining() && raw != null && !raw.isClosing()) {
                raw.write(netOut); // the transport copies what it cannot send now
            }
            if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                onHandshakeComplete();
            }
            if (!src.hasRemaining() || r.getStatus() != SSLEngineResult.Status.OK) {
                return r;
            }
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, b.capacity() * 2));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    private void onHandshakeComplete() {
        if (state != TlsState.DO_HANDSHAKE) {
            return;
        }
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        state = TlsState.WRAPPED;
        var session = engine.getSession();
        extra.put("cipher", session.getCipherSuite());
        extra.put("compression", null);
        extra.put("ssl_protocol", session.getProtocol());
        try {
            Certificate[] certs = session.getPeerCertificates();
            extra.put("peercert", certs.length > 0 ? certs[0] : null);
        } catch (SSLPeerUnverifiedException none) {
            extra.put("peercert", null);
        }
        if (callConnectionMade) {
            appConnected = true;
            app.connectionMade(appTransport);
        } else {
            appConnected = true;
        }
        if (waiter != null && !waiter.done()) {
            waiter.setResult(appTransport);
        }
        waiter = null;
        flushBacklog();
    }

    private void deliverPlaintext() {
        if (appIn.position() == 0 || !appConnected) {
            return;
        }
        appIn.flip();
        try {
            if (app instanceof BufferedProtocol buffered) {
                while (appIn.hasRemaining()) {
                    ByteBuffer dst = buffered.getBuffer(appIn.remaining());
                    int room = dst.remaining();
                    if (room == 0) {
                        throw new IllegalStateException("get_buffer() returned an empty buffer");
                    }
                    int n = Math.min(room, appIn.remaining());
                    ByteBuffer slice = appIn.slice(appIn.position(), n);
                    dst.put(slice);
                    appIn.position(appIn.position() + n);
                    buffered.bufferUpdated(n);
                }
            } else if (app instanceof Protocol plain) {
                byte[] data = new byte[appIn.remaining()];
                appIn.get(data);
                plain.dataReceived(data);
            } else {
                appIn.position(appIn.limit());
            }
        } catch (RuntimeException e) {
            appIn.clear();
            fatal(e);
            return;
        }
        appIn.clear();
    }

    private void onCloseNotify() {
        deliverEof();
        startShutdown();
    }

    private void deliverEof() {
        if (eofDelivered || !appConnected) {
            return;
        }
        eofDelivered = true;
        try {
            boolean keepOpen = app instanceof Protocol p ? p.eofReceived()
                    : app instanceof BufferedProtocol b && b.eofReceived();
            if (keepOpen) {
                ExceptionReporting.LOGGER.log(System.Logger.Level.WARNING,
                        "returning true from eofReceived() has no effect when using ssl");
            }
        } catch (RuntimeException e) {
            fatal(e);
        }
    }

    // ------------------------------------------------------------------ application side, via TlsTransport

    void writeAppData(ByteBuffer data) {
        if (state == TlsState.FLUSHING || state == TlsState.SHUTDOWN || state == TlsState.UNWRAPPED && raw != null) {
            if (connLostWrites >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
                ExceptionReporting.LOGGER.log(System.Logger.Level.WARNING, "SSL connection is closed");
            }
            connLostWrites++;
            return;
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (state != TlsState.WRAPPED || !writeBacklog.isEmpty()) {
            ByteBuffer copy = ByteBuffer.allocate(data.remaining());
            copy.put(data).flip();
            writeBacklog.add(copy);
            writeBacklogSize += copy.remaining();
            return;
        }
        try {
            wrap(data);
        } catch (IOException | RuntimeException e) {
            fatal(e);
        }
    }

    private void flushBacklog() {
        try {
            while (!writeBacklog.isEmpty() && state != TlsState.UNWRAPPED) {
                ByteBuffer b = writeBacklog.poll();
                writeBacklogSize -= b.remaining();
                wrap(b);
            }
        } catch (IOException | RuntimeException e) {
            fatal(e);
        }
    }

    int writeBufferSize() {
        return writeBacklogSize + (raw == null ? 0 : raw.getWriteBufferSize());
    }

    /** The application closed its transport: flush, send close_notify, wait for the peer's, then close. */
    void startShutdown() {
        if (state == TlsState.SHUTDOWN || state == TlsState.UNWRAPPED) {
            return;
        }
        if (state == TlsState.DO_HANDSHAKE) {
            abortRaw();
            return;
        }
        state = TlsState.FLUSHING;
        flushBacklog();
        state = TlsState.SHUTDOWN;
        shutdownTimer = loop.callLater(shutdownTimeout, () -> {
            shutdownTimer = null;
            abortRaw();
        });
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                wrap(ByteBuffer.allocate(0));
            }
        } catch (IOException | RuntimeException e) {
            // The peer is gone or broken: nothing more to say to it.
        }
        if (engine.isInboundDone() && raw != null) {
            cancelTimers();
            raw.close();
        }
    }

    void abortRaw() {
        cancelTimers();
        if (raw != null) {
            raw.abort();
        }
    }

    private void cancelTimers() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
    }

    private void fatal(Throwable exc) {
        if (!(exc instanceof IOException)) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Fatal error on SSL protocol");
            ctx.put("exception", exc);
            ctx.put("transport", raw);
            ctx.put("protocol", this);
            loop.callExceptionHandler(ctx);
        }
        if (waiter != null && !waiter.done()) {
            waiter.setException(exc);
            waiter = null;
        }
        cancelTimers();
        state = TlsState.UNWRAPPED;
        if (raw != null) {
            raw.abort();
        }
    }

    Object extraInfo(String name) {
        if (extra.containsKey(name)) {
            return extra.get(name);
        }
        return raw == null ? null : raw.getExtraInfo(name);
    }

    boolean hasExtraInfo(String name) {
        return extra.containsKey(name) || raw != null && raw.getExtraInfo(name) != null;
    }

    @Override
    public String toString() {
        return "<TlsProtocol state=" + state + " app=" + app + ">";
    }
}
