package org.jasyncio.scale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * 10,000 concurrent connections to one jasyncio echo server. The clients live in a child JVM ({@link EchoClients}),
 * so this JVM holds only the server's ~10,000 sockets and the test fits under a 20,000-descriptor limit. Every
 * connection exchanges a message and checks it, all stay open at once, then all close, and the server's descriptor
 * count returns to where it started. The count is settable with {@code -Djasyncio.test.connections}.
 */
class TenThousandConnectionsTest {
    private final EventLoop loop = Asyncio.newEventLoop();
    private final List<Object> loopErrors = new ArrayList<>();
    private int live;
    private int made;
    private int lost;
    private final List<Throwable> lostWithError = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        loop.close();
    }

    /** Echoes every byte back and counts connections as the loop sees them. */
    private final class CountingEcho implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            made++;
            live++;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }

        @Override
        public void connectionLost(Throwable exc) {
            live--;
            lost++;
            if (exc != null) {
                lostWithError.add(exc);
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(300) // its own bounds (90 s to open, 60 s to close) are longer than the default
    void tenThousandConcurrentEchoConnections() throws Exception {
        int n = Integer.getInteger("jasyncio.test.connections", 10_000);
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "counts descriptors in /proc/self/fd");
        long limit = openFileLimit();
        Assumptions.assumeTrue(limit >= n + 1000, "needs ~" + (n + 1000) + " descriptors here, the limit is " + limit);
        loop.setExceptionHandler((l, ctx) -> loopErrors.add(ctx));

        Server server = loop.runUntilComplete(loop.createServer(CountingEcho::new, "127.0.0.1", 0,
                ServerOptions.defaults().backlog(4096)));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        long before = openDescriptors();

        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                EchoClients.class.getName(), String.valueOf(port), String.valueOf(n), "echo")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> opened = CompletableFuture.supplyAsync(() -> readLine(out));
            runUntil(opened::isDone, 90);
            assertEquals("OPEN " + n, opened.join(), "the child's word after opening every connection");
            runUntil(() -> made == n, 10); // the last echoes are on their way back; the accepts are all done
            assertEquals(n, made, "connections accepted");
            assertEquals(n, live, "all connections are open at once");
            assertTrue(openDescriptors() >= before + n, "the server holds a socket per connection");

            CompletableFuture<String> closed = CompletableFuture.supplyAsync(() -> readLine(out));
            OutputStream in = child.getOutputStream();
            in.write("CLOSE\n".getBytes(StandardCharsets.US_ASCII));
            in.flush();
            runUntil(() -> lost == n && closed.isDone(), 60);
            assertEquals("CLOSED", closed.join());
            assertEquals(n, lost, "every connection was lost exactly once");
            assertEquals(0, live);
            assertTrue(lostWithError.isEmpty(), "clean closes: " + lostWithError.stream().limit(3).toList());
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the child exits");
            assertEquals(0, child.exitValue());
        } finally {
            child.destroyForcibly();
            child.getInputStream().close();
            child.getOutputStream().close();
            child.waitFor(30, TimeUnit.SECONDS);
        }
        runUntil(() -> openDescriptorsQuietly() == before, 10);
        assertEquals(before, openDescriptors(), "every accepted socket is closed again");
        server.close();
        loop.runUntilComplete(Asyncio.waitFor(server.waitClosed(), 30));
        assertTrue(loopErrors.isEmpty(), "nothing went to the loop's exception handler: " + loopErrors);
    }

    /** Runs the loop in short slices until {@code done} holds or {@code seconds} pass. */
    private void runUntil(BooleanSupplier done, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.sleep(0.02))));
        }
    }

    private static String readLine(BufferedReader out) {
        try {
            String line = out.readLine();
            return line == null ? "(the child ended without a word)" : line;
        } catch (IOException e) {
            return "(cannot read the child: " + e + ")";
        }
    }

    static long openFileLimit() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
                if (line.startsWith("Max open files")) {
                    String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                    return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    static long openDescriptors() throws IOException {
        try (var s = Files.list(Path.of("/proc/self/fd"))) {
            return s.count();
        }
    }

    private static long openDescriptorsQuietly() {
        try {
            return openDescriptors();
        } catch (IOException e) {
            return -1;
        }
    }
}
