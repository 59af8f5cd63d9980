package org.jasyncio.internal.tls;

import org.jasyncio.Transport;

/**
 * Reading flow control across the TLS layer (asyncio's SSLProtocol._app_reading_paused and _control_ssl_reading).
 * Pausing the application's reading stops its dataReceived at once, but the raw transport reads on, so the peer's EOF,
 * reset or answer to our close_notify is still noticed, until {@link #PAUSED_READ_HIGH_WATER} bytes of ciphertext wait
 * undelivered; only then is the raw transport paused too, which pushes back on the peer.
 */
final class TlsReadFlow {
    /**
     * Ciphertext held while the application's reading is paused before the raw transport stops reading too
     * (asyncio's FLOW_CONTROL_HIGH_WATER_SSL_READ): until then the peer's EOF or reset is still noticed.
     */
    static final int PAUSED_READ_HIGH_WATER = 256 * 1024;

    private final TlsRecords records;
    private boolean appPaused;
    /** The raw transport stopped reading because too much ciphertext waits while the application is paused. */
    private boolean rawPaused;

    TlsReadFlow(TlsRecords records) {
        this.records = records;
    }

    /** The application's reading is paused: nothing is delivered to it. */
    boolean appPaused() {
        return appPaused;
    }

    void pauseApp(Transport raw, boolean wrapped) {
        appPaused = true;
        controlRawReading(raw, wrapped);
    }

    /** Returns false if the application's reading was not paused (nothing to do). */
    boolean resumeApp(Transport raw) {
        if (!appPaused) {
            return false;
        }
        appPaused = false;
        resumeRawReading(raw);
        return true;
    }

    /** asyncio's _control_ssl_reading: stop the raw transport once too much waits for a paused application. */
    void controlRawReading(Transport raw, boolean wrapped) {
        if (appPaused && !rawPaused && raw != null && wrapped
                && records.pendingCiphertext() >= PAUSED_READ_HIGH_WATER) {
            rawPaused = true;
            raw.pauseReading();
        }
    }

    void resumeRawReading(Transport raw) {
        if (rawPaused) {
            rawPaused = false;
            if (raw != null) {
                raw.resumeReading();
            }
        }
    }
}
