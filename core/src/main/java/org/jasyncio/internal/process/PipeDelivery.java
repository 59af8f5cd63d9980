package org.jasyncio.internal.process;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Protocol;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.ErrorReports;
import org.jasyncio.internal.transport.TransportBase;

/** Hands what a read pipe received to its protocol, whether it is a {@link Protocol} or a {@link BufferedProtocol}; and its end of file. */
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

    /**
     * The writing end closed (asyncio's {@code _read_ready} reading nothing): eofReceived on the next iteration, then
     * the transport closes, so connectionLost(null) follows it.
     */
    static void endOfFile(SelectorEventLoop loop, TransportBase pipe) {
        if (loop.getDebug()) {
            ErrorReports.LOGGER.log(Level.INFO, pipe + " was closed by peer");
        }
        loop.schedule(() -> eof(pipe.getProtocol()), null);
        pipe.close();
    }
}
