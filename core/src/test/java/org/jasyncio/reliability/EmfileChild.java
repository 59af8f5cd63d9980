package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;

/**
 * Run by {@link EmfileTest} under a low descriptor limit: an echo server and a connection to it, clients waiting in
 * the accept backlog, then every free descriptor taken so that accept and connect fail with EMFILE; then the
 * descriptors are given back. Prints one "key=value" line per finding for the test to check.
 */
public final class EmfileChild {
    private EmfileChild() {
    }

    public static void main(String[] args) throws Exception {
        preloadOwnClasses(); // under EMFILE no class file can be opened: load ours now
        int waiting = 8;
        EventLoop loop = Asyncio.newEventLoop();
        List<Map<String, Object>> reports = new CopyOnWriteArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reports.add(ctx));
        Server server = loop.runUntilComplete(loop.createServer(Kit.Echo::new, "127.0.0.1", 0));
        int port = Kit.port(server);
        Pinger healthy = new Pinger(loop);
        loop.runUntilComplete(loop.createConnection(() -> healthy, "127.0.0.1", port));
        System.out.println("warm-up-echo=" + loop.runUntilComplete(healthy.ping("warm")));
        tryConnect(loop, port); // once with descriptors free: the whole path is loaded before the test

        // Clients whose connections the kernel completes while the loop does not run: they wait in the backlog.
        List<SocketChannel> backlog = new ArrayList<>();
        for (int i = 0; i < waiting; i++) {
            backlog.add(SocketChannel.open(new InetSocketAddress("127.0.0.1", port)));
        }
        List<FileChannel> hogs = new ArrayList<>();
        try {
            while (true) {
                hogs.add(FileChannel.open(Path.of("/dev/null")));
            }
        } catch (IOException full) {
            System.out.println("exhausted=" + full.getMessage().contains("Too many open files"));
        }
        // With no descriptor free: accept fails (reported, retried a second later), connect fails its caller,
        // and the connection already open goes on echoing.
        String connectResult = tryConnect(loop, port);
        System.out.println("connect-under-emfile=" + connectResult);
        System.out.println("healthy-echo-under-emfile=" + loop.runUntilComplete(healthy.ping("still here")));
        loop.runUntilComplete(() -> await(Asyncio.sleep(1.5)));
        System.out.println("serving-under-emfile=" + server.isServing());
        for (FileChannel h : hogs) {
            h.close();
        }
        System.out.println("hogs=" + hogs.size());

        // Descriptors back: the waiting clients are accepted and echoed, a new connect works.
        CompletableFuture<Integer> echoed = CompletableFuture.supplyAsync(() -> {
            int ok = 0;
            for (int i = 0; i < backlog.size(); i++) {
                try (SocketChannel c = backlog.get(i)) {
                    byte[] msg = ("client " + i).getBytes();
                    c.write(ByteBuffer.wrap(msg));
                    ByteBuffer back = ByteBuffer.allocate(msg.length);
                    while (back.hasRemaining() && c.read(back) >= 0) {
                        // blocking read until the echo is whole
                    }
                    if (java.util.Arrays.equals(msg, back.array())) {
                        ok++;
                    }
                } catch (IOException e) {
                    System.out.println("backlog-client-error=" + e);
                }
            }
            return ok;
        });
        System.out.println("backlog-echoed=" + loop.runUntilComplete(() -> await(Asyncio.waitFor(Asyncio.wrapFuture(echoed), 20))));
        System.out.println("connect-after=" + tryConnect(loop, port));
        System.out.println("healthy-echo-after=" + loop.runUntilComplete(healthy.ping("after")));
        long outOfResource = reports.stream().filter(r -> "socket.accept() out of system resource".equals(r.get("message"))).count();
        System.out.println("accept-reports=" + outOfResource);
        System.out.println("other-reports=" + (reports.size() - outOfResource));
        healthy.transport.close();
        server.close();
        loop.runUntilComplete(() -> await(Asyncio.waitFor(server.waitClosed(), 10)));
        loop.close();
        System.out.println("done=true");
    }

    /** "ok" when a connection to {@code port} opens (and is closed again), else the error's class and message. */
    private static String tryConnect(EventLoop loop, int port) {
        try {
            var c = loop.runUntilComplete(() -> await(Asyncio.waitFor(loop.createConnection(Kit.Tracked::new, "127.0.0.1", port), 10)));
            c.transport().close();
            loop.runUntilComplete(() -> await(Asyncio.sleep(0.05)));
            return "ok";
        } catch (Exception e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    /** A client that sends a line and waits for its echo. */
    private static final class Pinger implements Protocol {
        private final EventLoop loop;
        Transport transport;
        private StringBuilder got = new StringBuilder();
        private String want;
        private Future<String> back;

        Pinger(EventLoop loop) {
            this.loop = loop;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        Coroutine<String> ping(String text) {
            return () -> {
                got = new StringBuilder();
                want = text;
                back = loop.createFuture();
                transport.write(text.getBytes());
                return await(Asyncio.waitFor(back, 10));
            };
        }

        @Override
        public void dataReceived(byte[] data) {
            got.append(new String(data));
            if (got.toString().equals(want)) {
                back.setResult(want);
            }
        }
    }

    /** Loads (without initialising) every class of the class-path directories, so no class file is opened later. */
    private static void preloadOwnClasses() throws IOException {
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            Path root = Path.of(entry);
            if (!Files.isDirectory(root)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(root)) {
                for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                    if (!name.startsWith("org.jasyncio")) {
                        continue;
                    }
                    try {
                        Class.forName(name, false, EmfileChild.class.getClassLoader());
                    } catch (Throwable t) {
                        // a class that cannot load here is one this run does not need
                    }
                }
            }
        }
        try (InputStream warm = Files.newInputStream(Path.of("/dev/null"))) {
            warm.read();
        }
    }
}
