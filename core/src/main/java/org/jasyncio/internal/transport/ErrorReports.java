package org.jasyncio.internal.transport;

import java.lang.System.Logger;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jasyncio.internal.loop.ExceptionReporting;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** The one way a transport or its protocol's failure reaches the loop's exception handler, with asyncio's keys. */
public final class ErrorReports {
    /** The library's logger, for every transport. */
    public static final Logger LOGGER = ExceptionReporting.LOGGER;

    private ErrorReports() {
    }

    /** asyncio's context of a transport error: message, exception, transport, protocol (the last two when known). */
    public static Map<String, Object> context(String message, Throwable exc, Object transport, Object protocol) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", message);
        ctx.put("exception", exc);
        ctx.put("transport", transport);
        ctx.put("protocol", protocol);
        return ctx;
    }

    /** Hands {@link #context} to the loop's exception handler. */
    public static void report(SelectorEventLoop loop, String message, Throwable exc, Object transport, Object protocol) {
        loop.callExceptionHandler(context(message, exc, transport, protocol));
    }
}
