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
 * {@link #appIn} (several records batched), records wrapped into a buffer of the loop's and written to the raw transport,
 * which copies only what it cannot send at once.
 *
 * <p>Allocated on demand, released when idle: each buffer is borrowed from the loop's {@link TlsScratch} for one step
 * and given back at its end ({@link #idle}), so an idle connection holds no buffer beyond a partial record (or, while
 * its reading is paused, the records not yet delivered), kept in an array of exactly that size.
 */
final class TlsRecords {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0).asReadOnlyBuffer();
    private static final int READ_BUFFER = 64 * 1024;
    /** Records of plaintext (and of ciphertext) batched per delivery (and per raw write). */
    private static final int BATCH = 4;
    /** An engine that overflows an empty buffer this many times the batch size is broken, not hungry. */
    private static final int MAX_BATCH_GROWTH = 16;

    private final SSLEngine engine;
    private final TlsScratch scratch;
    private final int recordSize;
    private final int readSize;
    /** Ciphertext read and not yet unwrapped, in [0, position); null when there is none and no read is under way. */
    private ByteBuffer netIn;
    private boolean netInLent;
    private int netInMark;
    /** Plaintext unwrapped and not yet handed over, in [0, position); null when idle. */
    private ByteBuffer appIn;
    private boolean appInLent;
    private Transport raw;

    TlsRecords(SSLEngine engine, TlsScratch scratch) {
        this.engine = engine;
        this.scratch = scratch;
        this.recordSize = engine.getSession().getApplicationBufferSize();
        this.readSize = Math.max(READ_BUFFER, engine.getSession().getPacketBufferSize());
    }

    void attach(Transport rawTransport) {
        this.raw = rawTransport;
    }

    // ------------------------------------------------------------------ on demand, and back when idle

    /**
     * The end of a step: gives the loop's buffers back. What is left (a partial record; records or plaintext kept
     * while reading is paused) moves into an array of its own size; nothing left, nothing held.
     */
    void idle() {
        if (netIn != null) {
            ByteBuffer kept = netIn.position() == 0 ? null : keep(netIn, netInLent);
            if (netInLent) {
                scratch.giveBack(TlsScratch.NET_IN, netIn);
                netInLent = false;
            }
            netIn = kept;
        }
        if (appIn != null) {
            ByteBuffer kept = appIn.position() == 0 ? null : keep(appIn, appInLent);
            if (appInLent) {
                scratch.giveBack(TlsScratch.APP_IN, appIn);
                appInLent = false;
            }
            appIn = kept;
        }
    }

    /** The connection is gone: drop everything, giving back what was borrowed. */
    void dispose() {
        if (netInLent) {
            scratch.giveBack(TlsScratch.NET_IN, netIn);
            netInLent = false;
        }
        if (appInLent) {
            scratch.giveBack(TlsScratch.APP_IN, appIn);
            appInLent = false;
        }
        netIn = null;
        appIn = null;
    }

    /** {@code b}'s [0, position) in a buffer of exactly that size (itself if it is one already), positioned at its end. */
    private static ByteBuffer keep(ByteBuffer b, boolean lent) {
        if (!lent && b.capacity() == b.position()) {
            return b;
        }
        ByteBuffer c = ByteBuffer.allocate(b.position());
        c.put(b.duplicate().flip());
        return c;
    }

    /** The loop's buffer of {@code kind} with {@code kept}'s bytes first, or a fresh one when it is lent already. */
    private ByteBuffer borrow(int kind, int capacity, ByteBuffer kept) {
        int need = Math.max(capacity, kept == null ? 0 : kept.position() + 1);
        ByteBuffer b = scratch.take(kind, need);
        boolean lentNow = b != null;
        if (b == null) {
            b = ByteBuffer.allocate(need);
        }
        if (kept != null) {
            b.put(kept.duplicate().flip());
        }
        if (kind == TlsScratch.NET_IN) {
            netInLent = lentNow;
        } else {
            appInLent = lentNow;
        }
        return b;
    }

    private ByteBuffer appIn() {
        ByteBuffer a = appIn;
        if (a == null || !appInLent && a.capacity() < BATCH * recordSize) {
            a = appIn = borrow(TlsScratch.APP_IN, BATCH * recordSize, a);
        }
        return a;
    }

    // ------------------------------------------------------------------ reading

    /** Where the raw transport reads the next ciphertext: after any partial record kept from the last read. */
    ByteBuffer readBuffer() {
        if (netIn == null || !netInLent && netIn.capacity() < readSize) {
            netIn = borrow(TlsScratch.NET_IN, readSize, netIn);
        }
        if (!netIn.hasRemaining()) { // a record bigger than the buffer is still incomplete
            ByteBuffer bigger = grow(netIn, netIn.capacity() * 2);
            if (netInLent) {
                netIn.clear();
                scratch.giveBack(TlsScratch.NET_IN, netIn);
                netInLent = false;
            }
            netIn = bigger;
        }
        netInMark = netIn.position();
        return netIn;
    }

    /** Ciphertext read and not yet unwrapped. */
    int pendingCiphertext() {
        return netIn == null ? 0 : netIn.position();
    }

    void filled(int nbytes) {
        netIn.position(netInMark + nbytes); // whether or not the transport advanced the position itself
    }

    /** Unwraps the next record of what was read; a partial record stays for the next read. */
    SSLEngineResult unwrap() throws SSLException {
        ByteBuffer dst = appIn();
        if (netIn == null) {
            return engine.unwrap(EMPTY, dst);
        }
        netIn.flip();
        try {
            return engine.unwrap(netIn, dst);
        } finally {
            netIn.compact();
        }
    }

    boolean hasPlaintext() {
        return appIn != null && appIn.position() > 0;
    }

    /** Less than one record of room left: time to hand the batch over. */
    boolean plaintextNearlyFull() {
        return appIn().remaining() < recordSize;
    }

    /** After BUFFER_OVERFLOW with nothing to hand over: the session now wants bigger records. */
    void growPlaintext() {
        ByteBuffer bigger = grow(appIn(), engine.getSession().getApplicationBufferSize());
        if (appInLent) {
            scratch.giveBack(TlsScratch.APP_IN, appIn.clear());
            appInLent = false;
        }
        appIn = bigger;
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
        batch.clear();
    }

    void plaintextConsumed() {
        if (appIn != null) {
            appIn.clear();
        }
    }

    // ------------------------------------------------------------------ writing

    /** Wraps what the handshake or the closure wants sent (no application data). */
    SSLEngineResult wrapHandshake() throws SSLException {
        return wrap(EMPTY);
    }

    /**
     * Closes the engine's outbound side and sends what it then has to say (our close_notify, or the alert of a failed
     * handshake), in at most {@code maxWraps} wraps.
     */
    void closeOutbound(int maxWraps) throws SSLException {
        engine.closeOutbound();
        for (int i = 0; !engine.isOutboundDone() && i < maxWraps; i++) {
            wrapHandshake();
        }
    }

    /**
     * Encrypts as much of {@code src} as the engine takes now and writes the records to the raw transport. Returns
     * early, with the records sent, when the handshake finishes: the peer needs our Finished before anything else.
     * The records buffer is the loop's for the length of the call.
     */
    SSLEngineResult wrap(ByteBuffer src) throws SSLException {
        int packet = engine.getSession().getPacketBufferSize();
        ByteBuffer out = scratch.take(TlsScratch.NET_OUT, BATCH * packet);
        boolean lent = out != null;
        if (out == null) { // a callback of this wrap's send is wrapping for another connection
            out = ByteBuffer.allocate(BATCH * packet);
        }
        try {
            SSLEngineResult r;
            while (true) {
                r = engine.wrap(src, out);
                if (r.getStatus() == Status.BUFFER_OVERFLOW) {
                    if (out.position() == 0) {
                        packet = engine.getSession().getPacketBufferSize();
                        if (out.capacity() >= MAX_BATCH_GROWTH * BATCH * packet) {
                            throw new SSLException("SSL engine wants more than " + out.capacity()
                                    + " bytes for one record: aborting the connection");
                        }
                        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, packet));
                        if (lent) {
                            scratch.giveBack(TlsScratch.NET_OUT, out);
                            lent = false;
                        }
                        out = bigger;
                    } else {
                        send(out);
                    }
                    continue;
                }
                if (r.getStatus() != Status.OK || !src.hasRemaining() || r.bytesConsumed() == 0
                        || r.getHandshakeStatus() == HandshakeStatus.FINISHED
                        || engine.getHandshakeStatus() != HandshakeStatus.NOT_HANDSHAKING) {
                    break;
                }
            }
            send(out);
            return r;
        } finally {
            if (lent) {
                scratch.giveBack(TlsScratch.NET_OUT, out.clear());
            }
        }
    }

    private void send(ByteBuffer out) {
        out.flip();
        if (out.hasRemaining() && raw != null && !raw.isClosing()) {
            raw.write(out); // the transport copies what it cannot send now
        }
        out.clear();
    }

    void runDelegatedTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run(); // inline: the tasks are short CPU work, and a thread hop would reorder the engine
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, b.capacity() * 2));
        bigger.put(b.duplicate().flip());
        return bigger;
    }
}
