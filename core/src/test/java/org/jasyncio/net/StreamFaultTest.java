package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.ServerOptions;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults: resets, running out of descriptors, thousands of connections, and closing a loop under live sockets. */
class StreamFaultTest {
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    @Test
    void aPeerResetMidWriteLosesTheConnectionWithSocketException() throws Exception {
        try (ServerSocketChannel raw = ServerSocketChannel.open()) {
            raw.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = ((InetSocketAddress) raw.getLocalAddress()).getPort();
            Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                    "127.0.0.1", port));
            SocketChannel peer = raw.accept();
            StreamKit.smallKernelBuffers(c.transport());
            peer.setOption(StandardSocketOptions.SO_RCVBUF, 32 * 1024);
            c.transport().setWriteBufferLimits(Integer.MAX_VALUE);
            c.transport().write(new byte[8 * 1024 * 1024]);
            assertTrue(c.transport().getWriteBufferSize() > 0, "the writer is mid-write");
            peer.setOption(StandardSocketOptions.SO_LINGER, 0);
            peer.close();
            Throwable lost = kit.await(c.protocol().lost);
            assertInstanceOf(SocketException.class, lost);
            assertEquals(0, c.transport().getWriteBufferSize());
            assertEquals("lost", c.protocol().events.get(c.protocol().events.size() - 1));
            assertTrue(kit.errors.isEmpty(), "connection errors are not loop errors: " + kit.errors);
        }
    }

    @Test
    void aResetWhileReadingIsASocketExceptionToo() throws Exception {
        try (ServerSocketChannel raw = ServerSocketChannel.open()) {
            raw.bind(new InetSocketAddress("127.0.0.1", 0));
            Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                    "127.0.0.1", ((InetSocketAddress) raw.getLocalAddress()).getPort()));
            SocketChannel peer = raw.accept();
            c.transport().write("unread".getBytes());
            Thread.sleep(20);
            peer.setOption(StandardSocketOptions.SO_LINGER, 0);
            peer.close();
            assertInstanceOf(SocketException.class, kit.await(c.protocol().lost));
            assertEquals(1, c.protocol().lostCount);
        }
    }

    @Test
    void writesAfterResetAreIgnoredWithAWarningAfterAFew() throws Exception {
        try (ServerSocketChannel raw = ServerSocketChannel.open()) {
            raw.bind(new InetSocketAddress("127.0.0.1", 0));
            Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                    "127.0.0.1", ((InetSocketAddress) raw.getLocalAddress()).getPort()));
            SocketChannel peer = raw.accept();
            peer.setOption(StandardSocketOptions.SO_LINGER, 0);
            peer.close();
            kit.await(c.protocol().lost);
            for (int i = 0; i < 20; i++) {
                c.transport().write("ignored".getBytes());
            }
            assertEquals(0, c.transport().getWriteBufferSize());
            assertTrue(c.transport().isClosing());
        }
    }

    @Test
    void closingTheLoopWithLiveTransportsLeaksNoDescriptor() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")));
        liveTransportsThenClose(dir.resolve("warm.sock")); // first use loads classes and opens jars: not a leak
        long before = openDescriptors();
        liveTransportsThenClose(dir.resolve("leak.sock"));
        assertEquals(before, openDescriptors(), "every socket, and the selector, is closed with the loop");
    }

    private void liveTransportsThenClose(Path unixPath) throws Exception {
        long before = openDescriptors();
        EventLoop loop = Asyncio.newEventLoop();
        try {
            Server tcp = loop.runUntilComplete(loop.createServer(StreamKit.Echo::new, "127.0.0.1", 0));
            Server unix = loop.runUntilComplete(loop.createUnixServer(StreamKit.Echo::new, unixPath));
            for (int i = 0; i < 20; i++) {
                loop.runUntilComplete(loop.createConnection(StreamKit.Echo::new, "127.0.0.1", StreamKit.port(tcp)));
                Connection<Transport, StreamKit.Echo> u = loop.runUntilComplete(loop.createUnixConnection(StreamKit.Echo::new,
                        unixPath));
                u.transport().setWriteBufferLimits(Integer.MAX_VALUE);
                u.transport().write(new byte[1024 * 1024]);
            }
            loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.sleep(0.05))));
            assertTrue(openDescriptors() >= before + 80, "the connections are open");
            assertEquals(1, unix.sockets().size());
        } finally {
            loop.close();
        }
    }

    @Test
    void runningOutOfDescriptorsPausesAcceptingThenResumes() throws Exception {
        runOutOfDescriptors(java.util.Map.of());
    }

    /**
     * The JDK words accept's EMFILE with the C library's strerror text, in the process's language: the server must
     * recognise the error by its number, not by English words (with catalogs for French here, "Trop de fichiers
     * ouverts"; without them the text stays English and the test proves nothing more than the one above).
     */
    @Test
    void runningOutOfDescriptorsIsRecognisedWhateverTheLanguageOfTheMessages() throws Exception {
        runOutOfDescriptors(java.util.Map.of("LANGUAGE", "fr", "LC_ALL", "C.UTF-8"));
    }

    private void runOutOfDescriptors(java.util.Map<String, String> env) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/sh")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c",
                "ulimit -n 256 && exec \"$0\" --enable-native-access=ALL-UNNAMED -cp \"$1\" \"$2\"",
                java, System.getProperty("java.class.path"), EmfileChild.class.getName());
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        Process child = pb.start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("PORT "), "child said: " + first);
            int port = Integer.parseInt(first.substring(5).trim());
            String ready = out.readLine();
            assertEquals("FULL", ready);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                OutputStream o = s.getOutputStream();
                o.write("ping".getBytes());
                o.flush();
                byte[] back = s.getInputStream().readNBytes(4);
                assertArrayEquals("ping".getBytes(), back);
            } catch (IOException e) {
                child.destroyForcibly();
                StringBuilder said = new StringBuilder();
                String line;
                while ((line = out.readLine()) != null) {
                    said.append(line).append('\n');
                }
                throw new AssertionError("the child went away; it said:\n" + said, e);
            }
            List<String> rest = new ArrayList<>();
            String line;
            while ((line = out.readLine()) != null) {
                rest.add(line);
            }
            assertTrue(child.waitFor(20, TimeUnit.SECONDS));
            assertTrue(rest.contains("REPORTED socket.accept() out of system resource"), String.valueOf(rest));
            assertTrue(rest.contains("ACCEPTED"), String.valueOf(rest));
            assertEquals(0, child.exitValue(), String.valueOf(rest));
        } finally {
            child.destroyForcibly();
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

    /** The child JVM of the EMFILE test: serves one port, then uses up every descriptor. */
    public static final class EmfileChild {
        private static void preloadLibraryClasses() throws Exception {
            java.net.URL where = EventLoop.class.getProtectionDomain().getCodeSource().getLocation();
            Path root = Path.of(where.toURI());
            if (!Files.isDirectory(root)) {
                return; // a jar stays open: its classes can be read later
            }
            try (var files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                    String name = root.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                    if (!name.equals("module-info")) {
                        Class.forName(name, false, EventLoop.class.getClassLoader());
                    }
                }
            }
        }

        public static void main(String[] args) throws Exception {
            EventLoop loop = Asyncio.newEventLoop();
            List<java.nio.channels.FileChannel> hog = new ArrayList<>();
            Future<Void> accepted = loop.createFuture();
            loop.setExceptionHandler((l, ctx) -> {
                System.out.println("REPORTED " + ctx.get("message"));
                for (java.nio.channels.FileChannel f : hog) {
                    try {
                        f.close();
                    } catch (IOException ignored) {
                        // freeing descriptors is all that matters here
                    }
                }
                hog.clear();
            });
            Server server = loop.runUntilComplete(loop.createServer(() -> new StreamKit.Echo() {
                @Override
                public void connectionMade(org.jasyncio.BaseTransport t) {
                    super.connectionMade(t);
                    System.out.println("ACCEPTED");
                }

                @Override
                public void dataReceived(byte[] data) {
                    super.dataReceived(data);
                    if (!accepted.done()) {
                        accepted.setResult(null);
                    }
                }
            }, "127.0.0.1", 0));
            System.out.println("PORT " + ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort());
            // Load the library's classes now: once the descriptors are gone, none could be read from disk.
            loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.sleep(0.01))));
            preloadLibraryClasses();
            Future<Void> deadline = Asyncio.waitFor(accepted, 15);
            try {
                while (true) {
                    hog.add(java.nio.channels.FileChannel.open(Path.of("/dev/null")));
                }
            } catch (IOException full) {
                System.out.println("FULL");
            }
            loop.runUntilComplete(deadline);
            loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.sleep(0.1))));
            server.close();
            loop.close();
            System.exit(0);
        }
    }
}
