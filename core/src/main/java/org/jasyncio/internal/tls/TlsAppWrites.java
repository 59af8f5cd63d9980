package org.jasyncio.internal.tls;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.jasyncio.internal.transport.ErrorReports;

/**
 * The application's writes on their way into the engine (asyncio's SSLProtocol._write_backlog and _do_write):
 * wrapped at once while the connection is up and nothing waits before them, else copied into a backlog that is
 * wrapped in order once the handshake is through (or the closure flushes it).
 *
 * <p>Whether the connection still takes application data is asked again before every engine step: sending a record
 * can reach the application (pause_writing) and it may close the connection there and then.
 */
final class TlsAppWrites {
    private final SSLEngine engine;
    private final TlsRecords records;
    /** True while the connection is wrapped or flushing: only then do application bytes go into the engine. */
    private final BooleanSupplier takesAppData;
    private final ArrayDeque<ByteBuffer> backlog = new ArrayDeque<>();
    private int backlogSize;

    TlsAppWrites(SSLEngine engine, TlsRecords records, BooleanSupplier takesAppData) {
        this.engine = engine;
        this.records = records;
        this.takesAppData = takesAppData;
    }

    boolean hasBacklog() {
        return !backlog.isEmpty();
    }

    /** Bytes written by the application and not yet wrapped. */
    int backlogSize() {
        return backlogSize;
    }

    /** Keeps a copy of {@code data}: the caller may reuse its buffer as soon as write returns. */
    void queue(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        backlog.add(copy);
        backlogSize += copy.remaining();
    }

    /** Wraps the backlog in order, while the connection takes application data. */
    void flush() throws SSLException {
        while (!backlog.isEmpty() && takesAppData.getAsBoolean()) {
            ByteBuffer b = backlog.poll();
            backlogSize -= b.remaining();
            wrapAll(b);
        }
    }

    /** The connection is gone: what was not wrapped never will be. */
    void clear() {
        backlog.clear();
        backlogSize = 0;
    }

    /** Wraps all of {@code data}; an engine that stops taking it is a fatal error, never a spin. */
    void wrapAll(ByteBuffer data) throws SSLException {
        int idle = 0;
        while (data.hasRemaining() && takesAppData.getAsBoolean()) {
            SSLEngineResult r = records.wrap(data);
            if (r.getStatus() == Status.CLOSED) {
                if (engine.isInboundDone()) {
                    // TLS 1.2: the JDK's engine answers the peer's close_notify with its own at once (no half-close,
                    // where asyncio's OpenSSL could still write). The connection is ending cleanly: drop, and say so.
                    ErrorReports.LOGGER.log(System.Logger.Level.WARNING, "SSL connection closed for writing by the "
                            + "peer's close_notify: " + data.remaining() + " bytes not sent");
                    data.position(data.limit());
                    return;
                }
                throw new SSLException("SSL engine closed its outbound side with application data pending");
            }
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                records.runDelegatedTasks();
            }
            if (r.bytesConsumed() > 0 || r.bytesProduced() > 0) {
                idle = 0;
            } else if (++idle > TlsProtocol.MAX_IDLE_STEPS) {
                throw new SSLException("SSL engine makes no progress wrapping application data (handshake status "
                        + engine.getHandshakeStatus() + "): aborting the connection");
            }
        }
    }
}
