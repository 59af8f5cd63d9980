package org.jasyncio.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Protocol;

/**
 * The read half of a {@link SocketTransport}: one read per readiness event, handed to the protocol in the form it
 * takes. A Protocol gets a fresh array of exactly the bytes read, copied once out of the loop's one read buffer; a
 * BufferedProtocol is read into straight from the socket.
 */
final class SocketReads {
    private final SocketTransport transport;
    private final StreamIo io;
    /** Exactly one of these is set: the protocol seen as the kind of reader it is. */
    private Protocol dataProtocol;
    private BufferedProtocol bufferedProtocol;

    SocketReads(SocketTransport transport, StreamIo io) {
        this.transport = transport;
        this.io = io;
    }

    /** asyncio's set_protocol choice between {@code _read_ready__data_received} and {@code __get_buffer}. */
    void readInto(BaseProtocol protocol) {
        if (protocol instanceof BufferedProtocol b) {
            bufferedProtocol = b;
            dataProtocol = null;
        } else if (protocol instanceof Protocol d) {
            dataProtocol = d;
            bufferedProtocol = null;
        } else {
            throw new IllegalArgumentException("a stream transport needs a Protocol or a BufferedProtocol, got " + protocol);
        }
    }

    void forget() {
        dataProtocol = null;
        bufferedProtocol = null;
    }

    void onReadable() {
        if (transport.isConnectionLost()) {
            return;
        }
        if (bufferedProtocol != null) {
            readIntoProtocolBuffer();
        } else {
            readData();
        }
    }

    private void readData() {
        byte[] data;
        try {
            data = io.readArray();
        } catch (Throwable e) {
            transport.fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (data == null) {
            onEof();
            return;
        }
        if (data.length == 0) {
            return;
        }
        try {
            dataProtocol.dataReceived(data);
        } catch (Throwable t) {
            transport.fatalError(t, "Fatal error: protocol.data_received() call failed.");
        }
    }

    private void readIntoProtocolBuffer() {
        ByteBuffer target;
        try {
            target = bufferedProtocol.getBuffer(SocketTransport.MAX_READ);
            if (target == null || !target.hasRemaining()) {
                throw new IllegalStateException("get_buffer() returned an empty buffer");
            }
        } catch (Throwable t) {
            transport.fatalError(t, "Fatal error: protocol.get_buffer() call failed.");
            return;
        }
        int n;
        try {
            if (target.isReadOnly()) {
                throw new ReadOnlyBufferRefused(); // the kernel must never write where Java may not
            }
            n = io.read(target);
        } catch (Throwable e) {
            transport.fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n <= 0) {
            if (n < 0) {
                onEof();
            }
            return;
        }
        try {
            bufferedProtocol.bufferUpdated(n);
        } catch (Throwable t) {
            transport.fatalError(t, "Fatal error: protocol.buffer_updated() call failed.");
        }
    }

    /**
     * A ReadOnlyBufferException (what Java throws for a write into a read-only buffer) that says which buffer it was:
     * the JDK's own carries no message, and asyncio's TypeError from recv_into names the problem.
     */
    static final class ReadOnlyBufferRefused extends ReadOnlyBufferException {
        private static final long serialVersionUID = 1L;

        @Override
        public String getMessage() {
            return "get_buffer() returned a read-only buffer";
        }
    }

    /** The peer shut its write side: the protocol decides whether ours stays open (half-close). */
    private void onEof() {
        boolean keepOpen;
        try {
            keepOpen = bufferedProtocol != null ? bufferedProtocol.eofReceived() : dataProtocol.eofReceived();
        } catch (Throwable t) {
            transport.fatalError(t, "Fatal error: protocol.eof_received() call failed.");
            return;
        }
        transport.eofHandled(keepOpen);
    }
}
