package org.jasyncio.tls;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** One loop per test, the test certificate, and protocols that record what happened to them. */
abstract class TlsFixture {
    @TempDir
    static Path certDir;
    static TestCertificates certs;

    final EventLoop loop = Asyncio.newEventLoop();
    final List<Map<String, Object>> loopErrors = new ArrayList<>();

    @BeforeAll
    static void makeCertificates() throws Exception {
        certs = TestCertificates.create(certDir);
    }

    TlsFixture() {
        loop.setExceptionHandler((l, ctx) -> loopErrors.add(ctx));
    }

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    <T> T await(Future<T> f) throws Exception {
        return loop.runUntilComplete(Asyncio.waitFor(f, 30));
    }

    void idle(double seconds) throws Exception {
        Future<Void> later = loop.createFuture();
        loop.callLater(seconds, () -> later.setResult(null));
        loop.runUntilComplete(later);
    }

    static int portOf(Server server) throws IOException {
        return ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
    }

    Server tlsServer(Supplier<? extends BaseProtocol> factory) throws Exception {
        return await(loop.createServer(factory, "127.0.0.1", 0, ServerOptions.defaults().ssl(certs.serverContext())));
    }

    <P extends BaseProtocol> Connection<Transport, P> connect(Server server, Supplier<P> factory) throws Exception {
        return await(loop.createConnection(factory, "127.0.0.1", portOf(server),
                ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost")));
    }

    static byte[] randomBytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Descriptors this process has open, to show a failure leaves no channel behind. */
    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** Records callbacks in order ("made", "data", "eof", "lost", "pause", "resume") and collects the bytes. */
    class Recorder implements Protocol {
        final List<String> events = new ArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final Future<BaseTransport> made = loop.createFuture();
        final Future<Throwable> lost = loop.createFuture();
        Future<byte[]> done = loop.createFuture();
        int want = Integer.MAX_VALUE;
        int dataCalls;
        boolean keepOpenOnEof;
        Transport transport;

        Recorder expecting(int bytes) {
            want = bytes;
            return this;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            events.add("made");
            made.setResult(t);
        }

        @Override
        public void dataReceived(byte[] data) {
            dataCalls++;
            if (events.isEmpty() || !events.get(events.size() - 1).equals("data")) {
                events.add("data");
            }
            received.writeBytes(data);
            if (received.size() >= want && !done.done()) {
                done.setResult(received.toByteArray());
            }
        }

        @Override
        public boolean eofReceived() {
            events.add("eof");
            return keepOpenOnEof;
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lost.setResult(exc);
        }

        @Override
        public void pauseWriting() {
            events.add("pause");
        }

        @Override
        public void resumeWriting() {
            events.add("resume");
        }

        long count(String event) {
            return events.stream().filter(event::equals).count();
        }
    }

    /** Echoes every byte back through its TLS transport. */
    static class Echo implements Protocol {
        Transport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    /** How many times the library logged exactly {@code message} into {@code log}. */
    static long logged(org.jasyncio.loop.LogCapture log, String message) {
        return log.matching(message::equals).size();
    }
}
