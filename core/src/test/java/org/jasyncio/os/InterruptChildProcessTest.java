package org.jasyncio.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jasyncio.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C and Asyncio.run, in a child JVM that gets real SIGINTs (see {@link InterruptChild}). */
class InterruptChildProcessTest {
    private static final long TIMEOUT_SECONDS = 30;

    @TempDir
    Path dir;

    /** A running InterruptChild: its stdout lines as they come, its stdin, its stderr in a file. */
    private final class Child implements AutoCloseable {
        final Process process;
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final List<String> seen = new ArrayList<>();
        final Path stderr;
        final Writer stdin;

        Child(String mode, boolean startIgnoringSigint) throws IOException, URISyntaxException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String classPath = codeSource(InterruptChild.class) + File.pathSeparator + codeSource(EventLoop.class);
            List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED",
                    "-Djasyncio.engine=thread", "-cp", classPath, InterruptChild.class.getName(), mode));
            if (startIgnoringSigint) { // what a script does to its background jobs
                command = List.of("sh", "-c", "trap '' INT; exec \"$@\"", "sh");
                command = new ArrayList<>(command);
                command.addAll(List.of(java, "--enable-native-access=ALL-UNNAMED", "-Djasyncio.engine=thread", "-cp",
                        classPath, InterruptChild.class.getName(), mode));
            }
            stderr = dir.resolve(mode + ".err");
            process = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
            stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread.ofPlatform().daemon().start(() -> {
                try (BufferedReader r = process.inputReader(StandardCharsets.UTF_8)) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException ignored) {
                    // the child is gone
                }
            });
        }

        private static String codeSource(Class<?> c) throws URISyntaxException {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        }

        /** Waits for the next line, which must be {@code expected}. */
        void expect(String expected) throws Exception {
            String line = lines.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
            }
            assertEquals(expected, line, () -> "child output so far " + seen + ", stderr: " + stderrText());
        }

        void interrupt() throws IOException, InterruptedException {
            SignalTestSupport.send("INT", process.pid());
        }

        void tell(String line) throws IOException {
            stdin.write(line + "\n");
            stdin.flush();
        }

        int exitStatus() throws Exception {
            assertTrue(process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), () -> "child still running; stderr: "
                    + stderrText());
            return process.exitValue();
        }

        /** The lines printed after the last one expected. */
        List<String> rest() throws Exception {
            exitStatus();
            Thread.sleep(50); // let the reader thread take the last lines
            List<String> rest = new ArrayList<>();
            lines.drainTo(rest);
            return rest;
        }

        String stderrText() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void theFirstCtrlCCancelsTheMainTaskAndRunRaisesInterruptedException() throws Exception {
        try (Child child = new Child("cancel", false)) {
            child.expect("READY");
            child.interrupt();
            child.expect("main task cancelled");
            assertEquals(1, child.exitStatus(), child::stderrText); // the exception ends main()
            assertEquals(List.of(), child.rest());
            assertTrue(child.stderrText().contains("java.lang.InterruptedException: interrupted (SIGINT)"),
                    child::stderrText);
        }
    }

    @Test
    void aSecondCtrlCDuringACleanupThatIgnoresCancellationEndsTheProgramAtOnce() throws Exception {
        try (Child child = new Child("stubborn", false)) {
            child.expect("READY");
            child.interrupt();
            child.expect("cleanup started");
            child.interrupt();
            assertEquals(130, child.exitStatus(), child::stderrText);
            List<String> rest = child.rest();
            assertFalse(rest.contains("cleanup finished"), rest::toString);
            assertFalse(rest.contains("cleanup cancelled again"), rest::toString);
        }
    }

    @Test
    void afterRunCtrlCEndsTheJvmAsWithoutJasyncio() throws Exception {
        try (Child child = new Child("restored", false)) {
            child.expect("run returned removed: true");
            child.expect("READY");
            child.interrupt();
            assertEquals(130, child.exitStatus(), child::stderrText);
            assertEquals(List.of(), child.rest());
        }
    }

    @Test
    void aProcessStartedWithSigintIgnoredKeepsIgnoringIt() throws Exception {
        try (Child child = new Child("ignored", true)) {
            child.expect("READY");
            child.interrupt(); // the kernel discards it at once
            child.tell("done");
            child.expect("run returned done");
            assertEquals(0, child.exitStatus(), child::stderrText);
            assertTrue(child.stderrText().contains("SIGINT was ignored when this process started"), child::stderrText);
        }
    }
}
