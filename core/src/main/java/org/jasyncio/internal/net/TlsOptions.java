package org.jasyncio.internal.net;

import javax.net.ssl.SSLContext;

/** The TLS settings of one stream call; null stands for a plain connection. */
record TlsOptions(SSLContext context, String serverHostname, double handshakeTimeout, double shutdownTimeout) {
}
