package org.jasyncio.internal.tls;

import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * The two deadlines of a TLS connection (asyncio's ssl_handshake_timeout and ssl_shutdown_timeout): one timer from
 * the raw connection to the end of the handshake, one from the start of the closure to the peer's close_notify.
 * What happens when one expires is the protocol's; this class only arms and disarms them.
 */
final class TlsTimeouts {
    private final SelectorEventLoop loop;
    private final double handshakeTimeout;
    private final double shutdownTimeout;
    private TimerHandle handshakeTimer;
    private TimerHandle shutdownTimer;

    TlsTimeouts(SelectorEventLoop loop, double handshakeTimeout, double shutdownTimeout) {
        this.loop = loop;
        this.handshakeTimeout = handshakeTimeout;
        this.shutdownTimeout = shutdownTimeout;
    }

    /** Seconds the handshake may take (for the message of its timeout). */
    double handshakeTimeout() {
        return handshakeTimeout;
    }

    void startHandshake(Runnable onExpiry) {
        handshakeTimer = loop.callLater(handshakeTimeout, () -> {
            handshakeTimer = null;
            onExpiry.run();
        });
    }

    void handshakeDone() {
        if (handshakeTimer != null) {
            handshakeTimer.cancel();
            handshakeTimer = null;
        }
    }

    void startShutdown(Runnable onExpiry) {
        shutdownTimer = loop.callLater(shutdownTimeout, () -> {
            shutdownTimer = null;
            onExpiry.run();
        });
    }

    void shutdownDone() {
        if (shutdownTimer != null) {
            shutdownTimer.cancel();
            shutdownTimer = null;
        }
    }

    /** The connection ended: neither deadline matters any more. */
    void cancelAll() {
        handshakeDone();
        shutdownDone();
    }
}
