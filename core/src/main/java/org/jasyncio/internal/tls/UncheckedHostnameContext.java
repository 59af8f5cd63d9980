package org.jasyncio.internal.tls;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * An SSLContext that is another one in every respect but carries asyncio's {@code check_hostname = False}: the TLS
 * layer sees the mark and sets no endpoint identification on its client engines. The mark lives on the context, as
 * Python's flag does, so every client path honours it alike.
 */
public final class UncheckedHostnameContext extends SSLContext {
    private final SSLContext delegate;

    public UncheckedHostnameContext(SSLContext delegate) {
        super(new Delegating(delegate), delegate.getProvider(), delegate.getProtocol());
        this.delegate = delegate;
    }

    /** The context this one wraps. */
    public SSLContext delegate() {
        return delegate;
    }

    private static final class Delegating extends SSLContextSpi {
        private final SSLContext d;

        Delegating(SSLContext d) {
            this.d = d;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            d.init(km, tm, sr);
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return d.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return d.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return d.createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return d.createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return d.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return d.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return d.getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return d.getSupportedSSLParameters();
        }
    }
}
