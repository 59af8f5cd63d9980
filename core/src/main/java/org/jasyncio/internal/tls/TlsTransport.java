package org.jasyncio.internal.tls;

import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.util.HashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.jasyncio.BaseProtocol;
import org.jasyncio.Transport;

/** The transport the application sees over TLS (asyncio's _SSLProtocolTransport): plaintext in, plaintext out. */
final class TlsTransport implements Transport {
    private final TlsProtocol tls;
    private final Map<String, Object> extra = new HashMap<>();
    private boolean closed;

    TlsTransport(TlsProtocol tls, Object sslContext, SSLEngine engine) {
        this.tls = tls;
        extra.put("sslcontext", sslContext);
        extra.put("ssl_object", engine);
    }

    /** asyncio's extra info after the handshake; every other key is the raw transport's. */
    void recordSession(SSLSession session) {
        extra.put("cipher", session.getCipherSuite());
        extra.put("compression", null);
        extra.put("ssl_protocol", session.getProtocol());
        Certificate peer = null;
        try {
            Certificate[] chain = session.getPeerCertificates();
            peer = chain.length > 0 ? chain[0] : null;
        } catch (SSLPeerUnverifiedException anonymousOrNoClientCertificate) {
            // peercert stays null, as asyncio's getpeercert() gives None
        }
        extra.put("peercert", peer);
    }

    private Object extraInfo(String name) {
        if (extra.containsKey(name)) {
            return extra.get(name);
        }
        Transport raw = tls.connectedRaw(); // asyncio: the raw transport's keys go with the connection
        return raw == null ? null : raw.getExtraInfo(name);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            tls.startShutdown();
        }
    }

    /** asyncio's is_closing(): true once closed, aborted, shut down from either side's close_notify, or lost. */
    @Override
    public boolean isClosing() {
        return closed;
    }

    /** asyncio sets the transport's _closed when the shutdown starts and when the connection is lost. */
    void markClosed() {
        closed = true;
    }

    @Override
    public Object getExtraInfo(String name) {
        return extraInfo(name);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V getExtraInfo(String name, V defaultValue) {
        Object v = extraInfo(name);
        return v == null ? defaultValue : (V) v;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        tls.setApp(protocol);
    }

    @Override
    public BaseProtocol getProtocol() {
        return tls.app();
    }

    @Override
    public boolean isReading() {
        return tls.isReading();
    }

    /** Stops dataReceived at once, records already read included; the raw transport stops reading too. */
    @Override
    public void pauseReading() {
        tls.pauseReading();
    }

    @Override
    public void resumeReading() {
        tls.resumeReading();
    }

    @Override
    public void write(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
        }
        tls.writeAppData(ByteBuffer.wrap(data));
    }

    @Override
    public void write(ByteBuffer data) {
        if (data == null) {
            throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
        }
        tls.writeAppData(data);
    }

    @Override
    public void writelines(Iterable<byte[]> chunks) {
        if (chunks == null) {
            throw new IllegalArgumentException("writelines() expects an iterable of bytes, not 'null'");
        }
        for (byte[] chunk : chunks) {
            write(chunk);
        }
    }

    /** TLS has no half-close: asyncio's can_write_eof() is False and write_eof() raises NotImplementedError. */
    @Override
    public boolean canWriteEof() {
        return false;
    }

    @Override
    public void writeEof() {
        throw new UnsupportedOperationException("SSL doesn't support half-closes");
    }

    @Override
    public void abort() {
        closed = true;
        tls.abortRaw();
    }

    @Override
    public int getWriteBufferSize() {
        return tls.writeBufferSize();
    }

    @Override
    public void setWriteBufferLimits(int high) {
        tls.raw().setWriteBufferLimits(high);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        tls.raw().setWriteBufferLimits(high, low);
    }

    @Override
    public int getWriteBufferLowLimit() {
        return tls.raw().getWriteBufferLowLimit();
    }

    @Override
    public int getWriteBufferHighLimit() {
        return tls.raw().getWriteBufferHighLimit();
    }

    @Override
    public String toString() {
        return "<TlsTransport closed=" + closed + " " + tls + ">";
    }
}
