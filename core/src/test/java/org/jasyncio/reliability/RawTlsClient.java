package org.jasyncio.reliability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;

/**
 * A TLS client driven by hand (the JDK's SSLEngine over a blocking socket) so that a test controls every byte on the
 * wire: it makes records, then sends them whole, cut at any point, truncated or corrupted.
 */
final class RawTlsClient implements AutoCloseable {
    final Socket socket;
    private final SSLEngine engine;
    private ByteBuffer netIn = ByteBuffer.allocate(1 << 16);

    RawTlsClient(int port) throws Exception {
        socket = new Socket("127.0.0.1", port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(10_000);
        engine = Kit.clientTls().createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
    }

    /** Runs the handshake to its end. */
    RawTlsClient handshake() throws Exception {
        engine.beginHandshake();
        ByteBuffer app = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
        netIn.flip();
        for (int step = 0; step < 100; step++) {
            HandshakeStatus hs = engine.getHandshakeStatus();
            switch (hs) {
                case NEED_WRAP -> {
                    ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                    engine.wrap(ByteBuffer.allocate(0), out);
                    socket.getOutputStream().write(out.array(), 0, out.position());
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = engine.unwrap(netIn, app);
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        netIn.compact();
                        if (readSome() < 0) {
                            throw new IOException("the server closed during the handshake");
                        }
                        netIn.flip();
                    }
                    app.clear();
                }
                case NEED_TASK -> {
                    for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
                        t.run();
                    }
                }
                default -> {
                    netIn.compact();
                    return this;
                }
            }
        }
        throw new IOException("the handshake did not end");
    }

    private int readSome() throws IOException {
        int n = socket.getInputStream().read(netIn.array(), netIn.arrayOffset() + netIn.position(), netIn.remaining());
        if (n > 0) {
            netIn.position(netIn.position() + n);
        }
        return n;
    }

    /** Reads and decrypts until {@code n} bytes of application data came (tickets and the like are skipped). */
    byte[] readApp(int n) throws Exception {
        ByteBuffer app = ByteBuffer.allocate(Math.max(n, engine.getSession().getApplicationBufferSize()));
        netIn.flip();
        try {
            for (int step = 0; step < 1000 && app.position() < n; step++) {
                SSLEngineResult r = engine.unwrap(netIn, app);
                for (Runnable t; (t = engine.getDelegatedTask()) != null; ) {
                    t.run();
                }
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW || (r.bytesConsumed() == 0 && !netIn.hasRemaining())) {
                    netIn.compact();
                    int got = readSome();
                    netIn.flip();
                    if (got < 0) {
                        throw new IOException("the server closed");
                    }
                }
            }
        } finally {
            netIn.compact();
        }
        byte[] out = new byte[app.position()];
        app.flip().get(out);
        return out;
    }

    /** {@code plain} as application-data records of at most {@code maxRecord} plaintext bytes each. */
    byte[] records(byte[] plain, int maxRecord) throws Exception {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        for (int at = 0; at < plain.length; at += maxRecord) {
            ByteBuffer in = ByteBuffer.wrap(plain, at, Math.min(maxRecord, plain.length - at));
            while (in.hasRemaining()) { // the engine may cut a slice into more than one record
                ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
                engine.wrap(in, out);
                wire.write(out.array(), 0, out.position());
            }
        }
        return wire.toByteArray();
    }

    /** The close_notify alert. */
    byte[] closeNotify() throws Exception {
        engine.closeOutbound();
        ByteBuffer out = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        engine.wrap(ByteBuffer.allocate(0), out);
        byte[] b = new byte[out.position()];
        out.flip().get(b);
        return b;
    }

    void send(byte[] raw) throws IOException {
        send(raw, 0, raw.length);
    }

    void send(byte[] raw, int from, int to) throws IOException {
        socket.getOutputStream().write(raw, from, to - from);
        socket.getOutputStream().flush();
    }

    /** Reads (and drops) until the server closes or {@code seconds} pass; true when it closed. */
    boolean awaitServerClose(double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        try {
            socket.setSoTimeout(50);
            var in = socket.getInputStream();
            byte[] sink = new byte[8192];
            while (System.nanoTime() < deadline) {
                try {
                    if (in.read(sink) < 0) {
                        return true;
                    }
                } catch (java.net.SocketTimeoutException again) {
                    // keep waiting
                }
            }
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
