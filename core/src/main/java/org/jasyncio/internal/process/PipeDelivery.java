package org.jasyncio.internal.process;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Protocol;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** Hands what a read pipe received to its protocol, whether it is a {@link Protocol} or a {@link BufferedProtocol}. */
final class PipeDelivery {
    private PipeDelivery() {
    }

    static void data(BaseProtocol protocol, byte[] data) {
        if (protocol instanceof Protocol p) {
            p.dataReceived(data);
            return;
        }
        if (protocol instanceof BufferedProtocol bp) {
            int off = 0;
            while (off < data.length) {
                ByteBuffer buf = bp.getBuffer(data.length - off);
                int n = Math.min(buf.remaining(), data.length - off);
                if (n == 0) {
                    throw new IllegalStateException("get_buffer() returned an empty buffer");
                }
                buf.put(data, off, n);
                bp.bufferUpdated(n);
                off += n;
            }
            return;
        }
        throw new IllegalStateException("protocol " + protocol + " cannot receive data: it is neither a Protocol nor a BufferedProtocol");
    }

    static void eof(BaseProtocol protocol) {
        if (protocol instanceof Protocol p) {
            p.eofReceived();
        } else if (protocol instanceof BufferedProtocol bp) {
            bp.eofReceived();
        }
    }

    /** An exception from a protocol callback goes to the loop's handler, as asyncio's Handle reports it. */
    static void report(SelectorEventLoop loop, String message, Throwable t, Object transport, BaseProtocol protocol) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", message);
        ctx.put("exception", t);
        ctx.put("transport", transport);
        if (protocol != null) {
            ctx.put("protocol", protocol);
        }
        loop.callExceptionHandler(ctx);
    }
}
