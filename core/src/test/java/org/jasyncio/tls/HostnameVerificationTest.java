package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.jasyncio.BaseTransport;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.SslContexts;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TLS client verifies the server's name on every path and fails closed: no name, an empty name or a null name
 * never turns the check off; only a context made by {@link SslContexts#withoutHostnameCheck} does. The test
 * certificate names {@code localhost} and {@code 127.0.0.1}.
 */
class HostnameVerificationTest extends TlsFixture {
    @TempDir
    Path dir;

    /** A plain server whose connections upgrade to TLS as soon as they are made (the STARTTLS shape). */
    private Server upgradingServer() throws Exception {
        SSLContext serverCtx = certs.serverContext();
        return await(loop.createServer(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                loop.startTls((Transport) t, new Echo(), serverCtx, true, null);
            }
        }, "127.0.0.1", 0));
    }

    private Transport upgrade(Server server, SSLContext ctx, String serverHostname) throws Exception {
        Connection<Transport, Recorder> c = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server)));
        return await(loop.startTls(c.transport(), new Recorder(), ctx, false, serverHostname));
    }

    private Connection<Transport, Recorder> plainConnection(Server server) throws Exception {
        return await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server)));
    }

    @Test
    void startTlsWithoutAServerHostnameFailsAtOnceAndLeavesTheConnectionAsItWas() throws Exception {
        Server server = upgradingServer();
        Connection<Transport, Recorder> c = plainConnection(server);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.startTls(c.transport(), new Recorder(), certs.clientContext(), false, null));
        assertEquals("check_hostname requires server_hostname", e.getMessage());
        assertFalse(c.transport().isClosing());
        assertTrue(c.transport().isReading(), "the transport was not touched");
        assertSame(c.protocol(), c.transport().getProtocol());
        server.close();
    }

    @Test
    void startTlsWithAnEmptyServerHostnameFailsAtOnce() throws Exception {
        Server server = upgradingServer();
        Connection<Transport, Recorder> c = plainConnection(server);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.startTls(c.transport(), new Recorder(), certs.clientContext(), false, ""));
        assertEquals("check_hostname requires server_hostname", e.getMessage());
        server.close();
    }

    @Test
    void createConnectionWithAnEmptyServerHostnameFailsBeforeConnecting() throws Exception {
        Server server = tlsServer(Echo::new);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.createConnection(
                Recorder::new, "127.0.0.1", portOf(server),
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("")));
        assertEquals("check_hostname requires server_hostname", e.getMessage());
        server.close();
    }

    @Test
    void createUnixConnectionWithAnEmptyServerHostnameFailsBeforeConnecting() throws Exception {
        Path path = dir.resolve("tls.sock");
        await(loop.createUnixServer(Echo::new, path, ServerOptions.defaults().ssl(certs.serverContext())));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> loop.createUnixConnection(
                Recorder::new, path, ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("")));
        assertEquals("check_hostname requires server_hostname", e.getMessage());
    }

    @Test
    void startTlsVerifiesTheServerHostname() throws Exception {
        Server server = upgradingServer();
        Transport tls = upgrade(server, certs.clientContext(), "localhost");
        assertTrue(tls.getExtraInfo("peercert") != null || tls.getExtraInfo("ssl_object") != null);
        assertThrows(SSLHandshakeException.class, () -> upgrade(server, certs.clientContext(), "not-this-host.example"));
        server.close();
    }

    @Test
    void anIpLiteralIsVerifiedAgainstTheCertificatesAddressesOnStartTls() throws Exception {
        Server server = upgradingServer();
        Transport tls = upgrade(server, certs.clientContext(), "127.0.0.1");
        assertFalse(tls.isClosing());
        assertThrows(SSLHandshakeException.class, () -> upgrade(server, certs.clientContext(), "127.0.0.2"),
                "an address the certificate does not name is refused");
        server.close();
    }

    @Test
    void anIpLiteralIsVerifiedOnCreateConnection() throws Exception {
        Server server = tlsServer(Echo::new);
        Connection<Transport, Recorder> ok = await(loop.createConnection(Recorder::new, "127.0.0.1", portOf(server),
                ConnectOptions.defaults().ssl(certs.clientContext())));
        assertFalse(ok.transport().isClosing(), "the host connected to is the name checked: 127.0.0.1 is in the SANs");
        assertThrows(SSLHandshakeException.class, () -> await(loop.createConnection(Recorder::new, "127.0.0.1",
                portOf(server), ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("10.0.0.1"))));
        server.close();
    }

    @Test
    void anIpLiteralIsVerifiedOverAUnixSocket() throws Exception {
        Path path = dir.resolve("ip.sock");
        await(loop.createUnixServer(Echo::new, path, ServerOptions.defaults().ssl(certs.serverContext())));
        Connection<Transport, Recorder> c = await(loop.createUnixConnection(Recorder::new, path,
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("127.0.0.1")));
        c.protocol().want = 4;
        c.transport().write("ping".getBytes());
        assertEquals("ping", new String(await(c.protocol().done)));
        assertThrows(SSLHandshakeException.class, () -> await(loop.createUnixConnection(Recorder::new, path,
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("10.0.0.1"))));
    }

    @Test
    void onlyTheNamedOptionTurnsTheCheckOff() throws Exception {
        Server server = upgradingServer();
        SSLContext unchecked = SslContexts.withoutHostnameCheck(certs.clientContext());
        assertFalse(SslContexts.checksHostname(unchecked));
        assertTrue(SslContexts.checksHostname(certs.clientContext()));
        assertSame(unchecked, SslContexts.withoutHostnameCheck(unchecked));
        Transport noName = upgrade(server, unchecked, null);
        assertFalse(noName.isClosing());
        Transport wrongName = upgrade(server, unchecked, "not-this-host.example");
        assertFalse(wrongName.isClosing(), "the name is not checked, the chain of trust still is");
        SSLContext trustsNothing = SSLContext.getInstance("TLS");
        trustsNothing.init(null, null, null);
        assertThrows(SSLHandshakeException.class,
                () -> upgrade(server, SslContexts.withoutHostnameCheck(trustsNothing), null),
                "turning the name check off does not turn off the chain check");
        server.close();
    }
}
