package org.jasyncio.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;

/**
 * Heap retained per idle accepted connection. A jasyncio server accepts N connections from a child JVM (this class
 * again, in client mode, so this JVM holds only the server's sockets), then the used heap after a full GC is compared
 * with the figure before the clients came, divided by N. With {@code --histogram} the JVM's class histogram
 * ({@code jcmd <pid> GC.class_histogram}) is printed while the connections are open, to show what each one holds.
 *
 * <pre>java -cp core/target/classes:bench/target/classes org.jasyncio.bench.IdleConnectionMemory [N] [--histogram]</pre>
 */
public final class IdleConnectionMemory {
    private int made;
    private int lost;

    private IdleConnectionMemory() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("client")) {
            client(Integer.parseInt(args[1]), Integer.parseInt(args[2]));
            return;
        }
        int n = args.length > 0 && !args[0].startsWith("--") ? Integer.parseInt(args[0]) : 10_000;
        boolean histogram = List.of(args).contains("--histogram");
        new IdleConnectionMemory().measure(n, histogram);
    }

    /** A protocol that holds nothing: what is measured is what the library keeps per connection. */
    private final class Idle implements Protocol {
        @Override
        public void connectionMade(BaseTransport transport) {
            made++;
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost++;
        }
    }

    private void measure(int n, boolean histogram) throws Exception {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            Server server = loop.runUntilComplete(loop.createServer(Idle::new, "127.0.0.1", 0,
                    ServerOptions.defaults().backlog(4096)));
            int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
            // One connection first, so that the classes and per-loop buffers of the accept and read paths exist.
            try (SocketChannel warm = SocketChannel.open(new InetSocketAddress("127.0.0.1", port))) {
                runUntil(loop, () -> made == 1, 10);
            }
            runUntil(loop, () -> lost == 1, 10);
            made = 0;
            lost = 0;
            long before = usedHeapAfterGc();

            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx128m", "-cp", System.getProperty("java.class.path"), IdleConnectionMemory.class.getName(),
                    "client", String.valueOf(port), String.valueOf(n))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String[] word = new String[1];
            Thread.ofVirtual().start(() -> word[0] = readLine(out));
            runUntil(loop, () -> word[0] != null && made == n, 120);
            if (made != n) {
                throw new IllegalStateException("only " + made + " of " + n + " connections accepted; the child said " + word[0]);
            }
            long after = usedHeapAfterGc();
            System.out.printf("%d idle connections: used heap %d -> %d bytes, %.0f bytes per connection%n",
                    n, before, after, (after - before) / (double) n);
            if (histogram) {
                printHistogram(n);
            }
            child.getOutputStream().write("CLOSE\n".getBytes(StandardCharsets.US_ASCII));
            child.getOutputStream().flush();
            runUntil(loop, () -> lost == n, 60);
            child.waitFor();
            server.close();
            loop.runUntilComplete(server.waitClosed());
        } finally {
            loop.close();
        }
    }

    private static void runUntil(EventLoop loop, java.util.function.BooleanSupplier done, double seconds) throws Exception {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.sleep(0.02))));
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** The classes with at least one instance per connection, from the JVM's own histogram. */
    private static void printHistogram(int n) throws IOException, InterruptedException {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(ProcessHandle.current().pid()), "GC.class_histogram").redirectErrorStream(true).start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(jcmd.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        jcmd.waitFor();
        System.out.println("classes with >= " + n + " instances (instances, bytes, bytes per connection, class):");
        for (String line : lines) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4 && f[0].endsWith(":")) {
                long instances = Long.parseLong(f[1]);
                long bytes = Long.parseLong(f[2]);
                if (instances >= n) {
                    System.out.printf("%9d %11d %7.1f  %s%n", instances, bytes, bytes / (double) n, f[3]);
                }
            }
        }
    }

    private static String readLine(BufferedReader out) {
        try {
            String line = out.readLine();
            return line == null ? "(nothing)" : line;
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** Client mode: opens {@code n} idle connections, says OPEN, closes them all when told CLOSE on stdin. */
    private static void client(int port, int n) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        List<SocketChannel> channels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            channels.add(SocketChannel.open(server));
        }
        System.out.println("OPEN " + n);
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null && !line.equals("CLOSE")) {
            // wait for the word
        }
        for (SocketChannel c : channels) {
            c.close();
        }
    }
}
