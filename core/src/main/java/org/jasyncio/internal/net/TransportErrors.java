package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.SocketException;

/** How stream transports name and report errors, as asyncio's selector transports do. */
final class TransportErrors {
    private TransportErrors() {
    }

    /**
     * NIO reports a reset or a broken pipe as a plain IOException; asyncio raises ConnectionResetError and
     * BrokenPipeError, which API.md maps to SocketException.
     */
    static IOException asConnectionError(IOException e) {
        if (e instanceof SocketException) {
            return e;
        }
        String m = e.getMessage();
        if (m != null && (m.startsWith("Connection reset") || m.equals("Broken pipe"))) {
            SocketException s = new SocketException(m);
            s.initCause(e);
            return s;
        }
        return e;
    }
}
