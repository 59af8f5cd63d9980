package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.junit.jupiter.api.Test;

/** An engine that keeps asking to wrap and never produces a byte must end in a clear error, not a spin. */
class StuckEngineTest extends TlsFixture {
    @Test
    void anEngineThatMakesNoProgressFailsTheHandshakeInsteadOfSpinning() throws Exception {
        Server silent = await(loop.createServer(() -> new Protocol() { }, "127.0.0.1", 0));
        SSLContext stuck = new StuckContext(certs.clientContext());
        long start = System.nanoTime();
        SSLException e = assertThrows(SSLException.class, () -> await(loop.createConnection(Recorder::new, "127.0.0.1",
                portOf(silent), ConnectOptions.defaults().ssl(stuck).serverHostname("localhost").sslHandshakeTimeout(20))));
        assertTrue(e.getMessage().startsWith("SSL engine makes no progress (handshake status NEED_WRAP)"), e.getMessage());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "failed by the guard, not by the handshake timeout");
        idle(0.05);
        assertEquals(0, loopErrors.size(), "an SSL error is an I/O error: " + loopErrors);
        silent.close();
    }

    private static final class StuckContext extends SSLContext {
        StuckContext(SSLContext real) {
            super(new StuckSpi(real), real.getProvider(), "TLS");
        }
    }

    private static final class StuckSpi extends SSLContextSpi {
        private final SSLContext real;

        StuckSpi(SSLContext real) {
            this.real = real;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real.getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real.getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return new StuckEngine(real.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return new StuckEngine(real.createSSLEngine(host, port));
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real.getClientSessionContext();
        }
    }

    /** A real engine, except that it always wants to wrap and its wrap never writes anything. */
    private static final class StuckEngine extends SSLEngine {
        private final SSLEngine real;

        StuckEngine(SSLEngine real) {
            this.real = real;
        }

        @Override
        public SSLEngineResult wrap(ByteBuffer[] srcs, int offset, int length, ByteBuffer dst) {
            return new SSLEngineResult(SSLEngineResult.Status.OK, SSLEngineResult.HandshakeStatus.NEED_WRAP, 0, 0);
        }

        @Override
        public SSLEngineResult unwrap(ByteBuffer src, ByteBuffer[] dsts, int offset, int length) throws SSLException {
            return real.unwrap(src, dsts, offset, length);
        }

        @Override
        public SSLEngineResult.HandshakeStatus getHandshakeStatus() {
            return SSLEngineResult.HandshakeStatus.NEED_WRAP;
        }

        @Override
        public Runnable getDelegatedTask() {
            return null;
        }

        @Override
        public void closeInbound() throws SSLException {
            real.closeInbound();
        }

        @Override
        public boolean isInboundDone() {
            return real.isInboundDone();
        }

        @Override
        public void closeOutbound() {
            real.closeOutbound();
        }

        @Override
        public boolean isOutboundDone() {
            return false;
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return real.getSupportedCipherSuites();
        }

        @Override
        public String[] getEnabledCipherSuites() {
            return real.getEnabledCipherSuites();
        }

        @Override
        public void setEnabledCipherSuites(String[] suites) {
            real.setEnabledCipherSuites(suites);
        }

        @Override
        public String[] getSupportedProtocols() {
            return real.getSupportedProtocols();
        }

        @Override
        public String[] getEnabledProtocols() {
            return real.getEnabledProtocols();
        }

        @Override
        public void setEnabledProtocols(String[] protocols) {
            real.setEnabledProtocols(protocols);
        }

        @Override
        public SSLSession getSession() {
            return real.getSession();
        }

        @Override
        public void beginHandshake() throws SSLException {
            real.beginHandshake();
        }

        @Override
        public void setUseClientMode(boolean mode) {
            real.setUseClientMode(mode);
        }

        @Override
        public boolean getUseClientMode() {
            return real.getUseClientMode();
        }

        @Override
        public void setNeedClientAuth(boolean need) {
            real.setNeedClientAuth(need);
        }

        @Override
        public boolean getNeedClientAuth() {
            return real.getNeedClientAuth();
        }

        @Override
        public void setWantClientAuth(boolean want) {
            real.setWantClientAuth(want);
        }

        @Override
        public boolean getWantClientAuth() {
            return real.getWantClientAuth();
        }

        @Override
        public void setEnableSessionCreation(boolean flag) {
            real.setEnableSessionCreation(flag);
        }

        @Override
        public boolean getEnableSessionCreation() {
            return real.getEnableSessionCreation();
        }

        @Override
        public javax.net.ssl.SSLParameters getSSLParameters() {
            return real.getSSLParameters();
        }

        @Override
        public void setSSLParameters(javax.net.ssl.SSLParameters params) {
            real.setSSLParameters(params);
        }
    }
}
