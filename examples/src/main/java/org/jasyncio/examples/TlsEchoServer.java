package org.jasyncio.examples;

import static org.jasyncio.Asyncio.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;

/**
 * {@code tls-echo-server --port N --cert PEM --key PEM [--host H]}: a TLS echo server. The certificate chain and
 * its unencrypted PKCS#8 private key are read from PEM files with the JDK alone (no keystore to prepare), and the
 * protocol is the plain echo: TLS is only an option of {@code createServer}. Ctrl-C stops it.
 *
 * <p>Make a test certificate and try it:
 * <pre>
 * openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 30 -subj /CN=localhost \
 *     -keyout key.pem -out cert.pem
 * java -jar jasyncio-examples.jar tls-echo-server --port 8443 --cert cert.pem --key key.pem
 * openssl s_client -connect 127.0.0.1:8443 -quiet
 * </pre>
 */
public final class TlsEchoServer {
    private TlsEchoServer() {
    }

    /** Writes back every chunk it receives; the TLS layer below it encrypts and decrypts. */
    static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    /** A server-side SSLContext from a PEM certificate chain and a PEM PKCS#8 private key. */
    static SSLContext serverContext(Path certPem, Path keyPem) throws IOException, GeneralSecurityException {
        List<? extends Certificate> chain;
        try (var in = Files.newInputStream(certPem)) {
            chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("no certificate in " + certPem);
        }
        PrivateKey key = readPkcs8Key(keyPem, chain.get(0).getPublicKey().getAlgorithm());
        char[] password = new char[0];
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, password, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, password);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    /** The key of a "-----BEGIN PRIVATE KEY-----" block, of the certificate's algorithm (RSA, EC, Ed25519, ...). */
    static PrivateKey readPkcs8Key(Path pem, String algorithm) throws IOException, GeneralSecurityException {
        String text = Files.readString(pem, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int from = text.indexOf(begin);
        int to = text.indexOf("-----END PRIVATE KEY-----");
        if (from < 0 || to < from) {
            throw new IllegalArgumentException(pem + " holds no unencrypted PKCS#8 key (\"" + begin + "\"); convert"
                    + " it with: openssl pkcs8 -topk8 -nocrypt -in " + pem + " -out key-pkcs8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        String host = "127.0.0.1";
        Path cert = null;
        Path key = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Cli.port(args, ++i, "--port", USAGE);
                case "--host" -> host = Cli.value(args, ++i, "--host", USAGE);
                case "--cert" -> cert = Path.of(Cli.value(args, ++i, "--cert", USAGE));
                case "--key" -> key = Path.of(Cli.value(args, ++i, "--key", USAGE));
                case "--help", "-h" -> Cli.help(USAGE);
                default -> Cli.fail("unknown option: " + args[i], USAGE);
            }
        }
        if (port == null || cert == null || key == null) {
            Cli.fail("give --port, --cert and --key", USAGE);
        }
        SSLContext ssl;
        try {
            ssl = serverContext(cert, key);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            System.err.println("tls-echo-server: cannot load the certificate or key: " + e);
            System.exit(1);
            return;
        }
        String h = host;
        int p = port;
        try {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                Server server = await(loop.createServer(Echo::new, h, p, ServerOptions.defaults().ssl(ssl)));
                for (ServerSocketChannel s : server.sockets()) {
                    InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
                    System.out.println("tls-echo-server listening on " + a.getHostString() + ":" + a.getPort());
                }
                System.out.flush();
                Cli.serveUntilCtrlC(server);
                return null;
            });
        } catch (InterruptedException ctrlC) {
            System.out.println("tls-echo-server stopped");
        }
    }

    static final String USAGE = """
            usage: tls-echo-server --port N --cert PEM --key PEM [--host H]
              Echoes every byte back over TLS, until Ctrl-C.
              --port N     port to listen on (0 picks a free one)
              --cert PEM   the certificate chain, PEM (server certificate first)
              --key PEM    its private key, unencrypted PKCS#8 PEM ("BEGIN PRIVATE KEY")
              --host H     address to listen on (default 127.0.0.1)""";
}
