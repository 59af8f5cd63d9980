package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.SocketException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jasyncio.BaseProtocol;
import org.jasyncio.internal.loop.SelectorEventLoop;

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

    /** Hands an error to the loop's exception handler with asyncio's keys. */
    static void report(SelectorEventLoop loop, String message, Throwable exc, Object transport, BaseProtocol protocol) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", message);
        ctx.put("exception", exc);
        ctx.put("transport", transport);
        ctx.put("protocol", protocol);
        loop.callExceptionHandler(ctx);
    }
}
