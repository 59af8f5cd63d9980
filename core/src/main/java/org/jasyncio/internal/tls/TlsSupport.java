package org.jasyncio.internal.tls;

import javax.net.ssl.SSLContext;
import org.jasyncio.BaseProtocol;
import org.jasyncio.Future;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** TLS over a stream transport (asyncio's sslproto). */
public final class TlsSupport {
    private final SelectorEventLoop loop;

    public TlsSupport(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public Future<Transport> startTls(Transport transport, BaseProtocol protocol, SSLContext ctx, boolean serverSide,
            String serverHostname, double handshakeTimeout, double shutdownTimeout) {
        throw new UnsupportedOperationException("startTls: TLS has no implementation in this release (see README, What is missing)");
    }
}
