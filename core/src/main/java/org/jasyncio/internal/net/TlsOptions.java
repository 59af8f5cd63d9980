package org.jasyncio.internal.net;

import javax.net.ssl.SSLContext;
import org.jasyncio.ConnectOptions;

/** The TLS settings of one stream call; null stands for a plain connection. */
record TlsOptions(SSLContext context, String serverHostname, double handshakeTimeout, double shutdownTimeout) {
    /** A timeout not given (NaN, asyncio's None) is asyncio's default. */
    TlsOptions {
        handshakeTimeout = Double.isNaN(handshakeTimeout) ? ConnectOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT : handshakeTimeout;
        shutdownTimeout = Double.isNaN(shutdownTimeout) ? ConnectOptions.DEFAULT_SSL_SHUTDOWN_TIMEOUT : shutdownTimeout;
    }

    /**
     * asyncio's first checks of create_connection, create_server, their Unix twins and connect_accepted_socket: an
     * argument that only makes sense with ssl, given without it, is a ValueError before anything else happens.
     */
    static void checkSslOnly(Object ssl, String serverHostname, double handshakeTimeout, double shutdownTimeout) {
        if (ssl != null) {
            return;
        }
        if (serverHostname != null) {
            throw new IllegalArgumentException("server_hostname is only meaningful with ssl");
        }
        if (!Double.isNaN(handshakeTimeout)) {
            throw new IllegalArgumentException("ssl_handshake_timeout is only meaningful with ssl");
        }
        if (!Double.isNaN(shutdownTimeout)) {
            throw new IllegalArgumentException("ssl_shutdown_timeout is only meaningful with ssl");
        }
    }
}
