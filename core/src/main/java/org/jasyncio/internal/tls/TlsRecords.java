package org.jasyncio.internal.tls;

import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLEngineResult.Status;
import javax.net.ssl.SSLException;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Protocol;
import org.jasyncio.Transport;

/**
 * The buffers around one {@link SSLEngine}: ciphertext read straight into {@link #netIn}, plaintext unwrapped into
 * {@link #appIn} (several records batched), records wrapped into the reused {@link #netOut} and written to the raw
 * transport, which copies only what it cannot send at once.
 */
final class TlsRecords {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final int READ_BUFFER = 64 * 1024;
    /** Records of plaintext (and of ciphertext) batched per delivery (and per raw write). */
    private static final int BATCH = 4;
    /** An engine that overflows an empty buffer this many times the batch size is broken, not hungry. */
    private static final int MAX_BATCH_GROWTH = 16;

    private final SSLEngine engine;
    private final int recordSize;
    private ByteBuffer netIn;
    private int netInMark;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private Transport raw;

    TlsRecords(SSLEngine engine) {
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        this.recordSize = engine.getSession().getApplicationBufferSize();
        this.netIn = ByteBuffer.allocate(Math.max(READ_BUFFER, packet));
        this.appIn = ByteBuffer.allocate(BATCH * recordSize);
        this.netOut = ByteBuffer.allocate(BATCH * packet);
    }

    void attach(Transport rawTransport) {
        this.raw = rawTransport;
    }

    // ------------------------------------------------------------------ reading

    /** Where the raw transport reads the next ciphertext: after any partial record kept from the last read. */
    ByteBuffer readBuffer() {
        if (!netIn.hasRemaining()) { // a record bigger than the buffer is still incomplete
            netIn = grow(netIn, netIn.capacity() * 2);
        }
        netInMark = netIn.position();
        return netIn;
    }

    void filled(int nbytes) {
        netIn.position(netInMark + nbytes); // whether or not the transport advanced the position itself
    }

    /** Unwraps the next record of what was read; a partial record stays for the next read. */
    SSLEngineResult unwrap() throws SSLException {
        netIn.flip();
        try {
            return engine.unwrap(netIn, appIn);
        } finally {
            netIn.compact();
        }
    }

    boolean hasPlaintext() {
        return appIn.position() > 0;
    }

    /** Less than one record of room left: time to hand the batch over. */
    boolean plaintextNearlyFull() {
        return appIn.remaining() < recordSize;
    }

    /** After BUFFER_OVERFLOW with nothing to hand over: the session now wants bigger records. */
    void growPlaintext() {
        appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
    }

    /** Hands the batch over: one fresh array to a Protocol, copies into its own buffers for a BufferedProtocol. */
    void handPlaintextTo(BaseProtocol app) {
        ByteBuffer batch = appIn.flip();
        if (app instanceof BufferedProtocol buffered) {
            while (batch.hasRemaining()) {
                ByteBuffer dst = buffered.getBuffer(batch.remaining());
                if (dst == null || !dst.hasRemaining()) {
                    throw new IllegalStateException("get_buffer() returned an empty buffer");
                }
                int n = Math.min(dst.remaining(), batch.remaining());
                dst.put(batch.slice(batch.position(), n));
                batch.position(batch.position() + n);
                buffered.bufferUpdated(n);
            }
        } else if (app instanceof Protocol plain) {
            byte[] data = new byte[batch.remaining()];
            batch.get(data);
            plain.dataReceived(data);
        }
        appIn.clear();
    }

    void plaintextConsumed() {
        appIn.clear();
    }

    // ------------------------------------------------------------------ writing

    /** Wraps what the handshake or the closure wants sent (no application data). */
    SSLEngineResult wrapHandshake() throws SSLException {
        return wrap(EMPTY);
    }

    /**
     * Encrypts as much of {@code src} as the engine takes now and writes the records to the raw transport. Returns
     * early, with the records sent, when the handshake finishes: the peer needs our Finished before anything else.
     */
    SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        netOut.clear();
        SSLEngineResult r;
        while (true) {
            r = engine.wrap(src, netOut);
            if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                if (netOut.position() == 0) {
                    int packet = engine.getSession().getPacketBufferSize();
                    if (netOut.capacity() >= MAX_BATCH_GROWTH * BATCH * packet) {
                        throw new SSLException("SSL engine wants more than " + netOut.capacity()
                                + " bytes for one record: aborting the connection");
                    }
                    netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, packet));
                } else {
                    send();
                }
                continue;
            }
            if (r.getStatus() != Status.OK || !src.hasRemaining() || r.bytesConsumed() == 0
                    || r.getHandshakeStatus() == HandshakeStatus.FINISHED
                    || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                break;
            }
        }
        send();
        return r;
    }

    private void send() {
        netOut.flip();
        if (netOut.hasRemaining() && raw != null && !raw.isClosing()) {
            raw.write(netOut); // the transport copies what it cannot send now
        }
        netOut.clear();
    }

    void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run(); // inline: the tasks are short CPU work, and a thread hop would reorder the engine
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, b.capacity() * 2));
        b.flip();
        bigger.put(b);
        return bigger;
    }
}
