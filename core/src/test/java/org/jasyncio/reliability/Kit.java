package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;

/** The reliability suite's shared pieces: a loop that records its reports, healthy traffic, test TLS contexts. */
final class Kit implements AutoCloseable {
    final EventLoop loop = Asyncio.newEventLoop();
    /** Everything the loop's exception handler received. */
    final List<Map<String, Object>> reports = new CopyOnWriteArrayList<>();
    /** Failures seen inside loop callbacks, checked by the test after the loop ran. */
    final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    Kit() {
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
    }

    /** Runs {@code coro} as a task with a deadline so that a broken test fails instead of hanging. */
    <T> T run(double seconds, Coroutine<T> coro) throws Exception {
        return loop.runUntilComplete(Asyncio.waitFor(loop.createTask(coro), seconds));
    }

    @Override
    public void close() {
        if (!loop.isClosed()) {
            loop.close();
        }
    }

    static int port(Server server) throws IOException {
        return ((InetSocketAddress) server.sockets().getFirst().getLocalAddress()).getPort();
    }

    /** Counts a protocol's lifecycle callbacks, so a test can require connectionMade and connectionLost once each. */
    static class Tracked implements Protocol {
        Transport transport;
        int made;
        int lost;
        Throwable lostWith;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            made++;
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost++;
            lostWith = exc;
        }
    }

    /** Echoes everything, reading no more while its own writes are paused; keeps the connection open on EOF. */
    static class Echo extends Tracked {
        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }

        @Override
        public void pauseWriting() {
            transport.pauseReading();
        }

        @Override
        public void resumeWriting() {
            transport.resumeReading();
        }
    }

    /**
     * Healthy connections that keep echoing verified messages (random bytes, 1 B to 64 KiB, compared byte for byte)
     * while a test hurts other connections: the proof that a fault stays with its own connection.
     */
    final class Heartbeat {
        final List<Beat> beats = new ArrayList<>();
        private boolean stopping;

        /** Opens {@code n} connections to {@code port} (over TLS when {@code ssl} is given) and starts them. */
        Heartbeat start(int n, int port, SSLContext ssl, long seed) throws Exception {
            Random seeds = new Random(seed);
            List<Future<?>> connecting = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Beat b = new Beat(i, seeds.nextLong());
                beats.add(b);
                connecting.add(ssl == null ? loop.createConnection(() -> b, "127.0.0.1", port)
                        : loop.createConnection(() -> b, "127.0.0.1", port,
                                ConnectOptions.defaults().ssl(ssl).serverHostname("localhost")));
            }
            await(Asyncio.gather(connecting.toArray(Future[]::new)));
            return this;
        }

        /** Lets every connection finish its message, checks each completed some, then closes them all. */
        long stop() throws Exception {
            stopping = true;
            long bytes = 0;
            for (Beat b : beats) {
                b.finishNow();
                await(Asyncio.waitFor(b.idle, 30));
                if (b.messages == 0) {
                    failures.add("healthy connection " + b.id + " completed no message while others were hurt");
                }
                b.transport.close();
                Throwable exc = await(Asyncio.waitFor(b.lost, 30));
                if (exc != null) {
                    failures.add("healthy connection " + b.id + " lost with " + exc);
                }
                bytes += b.bytes;
            }
            return bytes;
        }

        final class Beat implements Protocol {
            final int id;
            private final Random rnd;
            private final Future<Throwable> lost = loop.createFuture();
            private final Future<Void> idle = loop.createFuture();
            private Transport transport;
            private byte[] message = new byte[0];
            private int got;
            long messages;
            long bytes;

            Beat(int id, long seed) {
                this.id = id;
                this.rnd = new Random(seed);
            }

            @Override
            public void connectionMade(BaseTransport t) {
                transport = (Transport) t;
                next();
            }

            private void next() {
                message = new byte[1 + rnd.nextInt(64 * 1024)];
                rnd.nextBytes(message);
                got = 0;
                transport.write(message);
            }

            @Override
            public void dataReceived(byte[] data) {
                if (got + data.length > message.length
                        || !Arrays.equals(data, 0, data.length, message, got, got + data.length)) {
                    failures.add("healthy connection " + id + " got bytes it did not send at offset " + got);
                    transport.abort();
                    return;
                }
                got += data.length;
                if (got == message.length) {
                    messages++;
                    bytes += message.length;
                    if (stopping) {
                        finishNow();
                    } else {
                        next();
                    }
                }
            }

            void finishNow() {
                if (got == message.length && !idle.done()) {
                    idle.setResult(null);
                }
            }

            @Override
            public void connectionLost(Throwable exc) {
                if (!stopping) {
                    failures.add("healthy connection " + id + " lost before the end: " + exc);
                }
                lost.setResult(exc);
                if (!idle.done()) {
                    idle.setResult(null);
                }
            }
        }
    }

    /** A server of {@code factory} on 127.0.0.1, over TLS when {@code ssl} is given. */
    <P extends BaseProtocol> Server serve(Supplier<P> factory, SSLContext ssl) throws Exception {
        return ssl == null ? await(loop.createServer(factory, "127.0.0.1", 0))
                : await(loop.createServer(factory, "127.0.0.1", 0, org.jasyncio.ServerOptions.defaults().ssl(ssl)));
    }

    // ---- TLS: one self-signed certificate for "localhost" and 127.0.0.1 per JVM, made with the JDK's keytool

    private static Path keystore;
    private static final char[] PASSWORD = "changeit".toCharArray();

    private static synchronized KeyStore keys() throws Exception {
        if (keystore == null) {
            Path dir = Files.createTempDirectory("jasyncio-reliability");
            Path ks = dir.resolve("server.p12");
            String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
            Process p = new ProcessBuilder(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname",
                    "secp256r1", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", new String(PASSWORD))
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed: " + out);
            }
            ks.toFile().deleteOnExit();
            dir.toFile().deleteOnExit();
            keystore = ks;
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            ks.load(in, PASSWORD);
        }
        return ks;
    }

    private static SSLContext serverTls;
    private static SSLContext clientTls;

    /** The server's context (made once per JVM). */
    static synchronized SSLContext serverTls() throws Exception {
        if (serverTls != null) {
            return serverTls;
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys(), PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        serverTls = ctx;
        return ctx;
    }

    /** A client's context trusting the test certificate (made once per JVM). */
    static synchronized SSLContext clientTls() throws Exception {
        if (clientTls != null) {
            return clientTls;
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(keys());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        clientTls = ctx;
        return ctx;
    }
}
