package org.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The streams examples as real processes ({@code java -jar examples/target/jasyncio-examples.jar ...}, built by the
 * package step before the tests), driven from outside with plain blocking sockets, and stopped with a real SIGINT.
 */
class StreamExamplesTest {
    private static final Path JAR = Path.of("..", "examples", "target", "jasyncio-examples.jar").toAbsolutePath();
    private static final int SIGINT = 2;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void needTheJar() {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "the examples jar is built by the package step: " + JAR);
    }

    @AfterEach
    void killLeftovers() throws IOException {
        started.forEach(Process::destroyForcibly);
        for (Path p : errorFiles) {
            Files.deleteIfExists(p);
        }
    }

    private final List<Path> errorFiles = new ArrayList<>();

    /** A started example: its stdout lines as they come. */
    private final class Example {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final StringBuilder all = new StringBuilder();
        final Path stderr;

        Example(String... args) throws Throwable {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString()));
            cmd.addAll(List.of(args));
            // A build run as a script's background job ignores SIGINT, and a child inherits that: the child is given
            // the default disposition, as an interactive shell would give it, so that Ctrl-C reaches it.
            boolean reset = setSigint(MemorySegment.NULL);
            try {
                stderr = Files.createTempFile("example", ".err");
                process = new ProcessBuilder(cmd).redirectError(stderr.toFile()).start();
            } finally {
                if (reset) {
                    setSigint(MemorySegment.ofAddress(1)); // SIG_IGN again
                }
            }
            started.add(process);
            errorFiles.add(stderr);
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = process.inputReader(StandardCharsets.UTF_8)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        synchronized (all) {
                            all.append(line).append('\n');
                        }
                        if (!engineReport(line)) {
                            lines.add(line);
                        }
                    }
                } catch (IOException ignored) {
                    // the example is gone
                }
            });
        }

        /** The two lines the JDK's default logging prints for the engine report of the example's first loop. */
        private static boolean engineReport(String line) {
            return line.endsWith("org.jasyncio.internal.events.EngineReport announceOnce")
                    || line.startsWith("INFO: jasyncio coroutines=");
        }

        String next() throws InterruptedException {
            String line = lines.poll(60, TimeUnit.SECONDS);
            synchronized (all) {
                assertTrue(line != null, "no line from the example; it printed: " + all + "; stderr: " + errors());
            }
            return line;
        }

        String errors() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return e.toString();
            }
        }

        int port(String prefix) throws InterruptedException {
            String line = next();
            assertTrue(line.startsWith(prefix), line);
            String rest = line.substring(line.lastIndexOf(':') + 1);
            return Integer.parseInt(rest.split(" ")[0]);
        }

        /** Ctrl-C: the example must say it stopped and exit with status 0. */
        void interruptAndExpectCleanStop(String lastLine) throws Exception {
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start();
            assertTrue(kill.waitFor(10, TimeUnit.SECONDS));
            assertEquals(lastLine, next());
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running after Ctrl-C");
            assertEquals(0, process.exitValue(), () -> all + "; stderr: " + errors());
        }
    }

    /** Sets SIGINT's disposition in this JVM if the kernel ignores it here; returns whether it did. */
    private static boolean setSigint(MemorySegment disposition) throws Throwable {
        boolean ignored = false;
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("SigIgn:")) {
                ignored = (Long.parseUnsignedLong(line.substring(7).trim(), 16) & (1L << (SIGINT - 1))) != 0;
            }
        }
        boolean wantIgnored = disposition.address() == 1;
        if (ignored == wantIgnored) {
            return false;
        }
        MethodHandle signal = Linker.nativeLinker().downcallHandle(
                Linker.nativeLinker().defaultLookup().find("signal").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
        MemorySegment previous = (MemorySegment) signal.invokeExact(SIGINT, disposition);
        return previous.address() != disposition.address();
    }

    private static String helpOf(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void echoServerHelpNamesTheStreamsMode() throws Exception {
        String out = helpOf("echo-server", "--help");
        assertTrue(out.contains("--streams"), out);
    }

    @Test
    void chatServerHelpSaysHowToUseIt() throws Exception {
        String out = helpOf("chat-server", "--help");
        assertTrue(out.startsWith("usage: chat-server --port N"), out);
    }

    @Test
    void theStreamsEchoServerEchoesSeveralClientsAndStopsOnCtrlC() throws Throwable {
        Example echo = new Example("echo-server", "--streams", "--port", "0", "--host", "127.0.0.1");
        int port = echo.port("echo-server listening on 127.0.0.1:");
        List<Thread> clients = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            byte[] data = StreamConnectionTest.pattern(1024 * 1024 + c);
            clients.add(Thread.ofPlatform().start(() -> {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    Thread writer = Thread.ofPlatform().start(() -> {
                        try {
                            OutputStream out = s.getOutputStream();
                            out.write(data);
                            out.flush();
                            s.shutdownOutput();
                        } catch (IOException e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    });
                    byte[] back = s.getInputStream().readAllBytes();
                    writer.join();
                    assertArrayEquals(data, back);
                } catch (Throwable t) {
                    synchronized (failures) {
                        failures.add(t);
                    }
                }
            }));
        }
        for (Thread t : clients) {
            t.join(120_000);
        }
        assertEquals(List.of(), failures);
        echo.interruptAndExpectCleanStop("echo-server stopped");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return c < 0 && sb.isEmpty() ? null : sb.toString();
    }

    @Test
    void theChatServerBroadcastsLinesAndStopsOnCtrlC() throws Throwable {
        Example chat = new Example("chat-server", "--port", "0", "--host", "127.0.0.1");
        int port = chat.port("chat-server listening on 127.0.0.1:");
        try (Socket a = new Socket("127.0.0.1", port); Socket b = new Socket("127.0.0.1", port)) {
            a.setSoTimeout(60_000);
            b.setSoTimeout(60_000);
            InputStream ain = a.getInputStream();
            InputStream bin = b.getInputStream();
            assertEquals("* you are user1", readLine(ain));
            assertEquals("* you are user2", readLine(bin));
            assertEquals("* user2 joined", readLine(ain));
            try (Socket c = new Socket("127.0.0.1", port)) {
                c.setSoTimeout(60_000);
                InputStream cin = c.getInputStream();
                assertEquals("* you are user3", readLine(cin));
                assertEquals("* user3 joined", readLine(ain));
                assertEquals("* user3 joined", readLine(bin));
                a.getOutputStream().write("hello from a\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("user1: hello from a", readLine(bin));
                assertEquals("user1: hello from a", readLine(cin));
                c.getOutputStream().write("x".repeat(70_000).getBytes(StandardCharsets.UTF_8));
                c.getOutputStream().write("\nshort\n".getBytes(StandardCharsets.UTF_8));
                assertEquals("* line too long (the limit is 65536 bytes)", readLine(cin));
                assertEquals("user3: short", readLine(ain));
                assertEquals("user3: short", readLine(bin));
                c.shutdownOutput();
                assertEquals(null, readLine(cin), "the server closes a member who left");
            }
            assertEquals("* user3 left", readLine(ain));
            assertEquals("* user3 left", readLine(bin));
            b.getOutputStream().write("bye\n".getBytes(StandardCharsets.UTF_8));
            assertEquals("user2: bye", readLine(ain));
            chat.interruptAndExpectCleanStop("chat-server stopped");
        }
    }
}
