package org.jasyncio.examples;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the commands of the examples jar as real processes. The jar is what {@code ./jasyncio test} builds before
 * the tests ({@code examples/target/jasyncio-examples.jar}); a test is skipped, with a message, when it or an external
 * tool it drives with is missing.
 */
final class ExampleProcesses {
    private ExampleProcesses() {
    }

    /** The examples jar, found from the core module's directory (Surefire's) or the project root. */
    static Path jar() {
        assumeTrue(!"thread".equals(System.getProperty("jasyncio.engine")),
                "the examples run in processes of their own: the run with the continuation engine covers them");
        for (Path p : List.of(Path.of("../examples/target/jasyncio-examples.jar"), Path.of("examples/target/jasyncio-examples.jar"))) {
            if (Files.isRegularFile(p)) {
                return p.toAbsolutePath().normalize();
            }
        }
        assumeTrue(false, "examples/target/jasyncio-examples.jar is missing: build it first (./jasyncio test does)");
        return null;
    }

    /** True when {@code tool} runs (found on the PATH). */
    static boolean have(String tool) {
        try {
            Process p = new ProcessBuilder("/bin/sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    static void require(String tool) {
        assumeTrue(have(tool), tool + " is not installed: this example test drives the example with it");
    }

    /** {@code java -jar jasyncio-examples.jar args...} */
    static Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(jar().toString());
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).start();
    }

    static BufferedReader lines(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    /** The port in the "listening on ...:PORT" line a server prints first. */
    static int listeningPort(BufferedReader out, Process p) throws IOException {
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("the example printed nothing; stderr: "
                    + new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
        }
        String digits = line.replaceAll("^.*:(\\d+)/?$", "$1");
        return Integer.parseInt(digits);
    }

    /** True when this JVM ignores SIGINT (started in the background without job control): children inherit that. */
    static boolean sigintIgnored() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("SigIgn:")) {
                    return (Long.parseLong(l.substring(7).trim(), 16) & 2) != 0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            // not Linux: assume the default disposition
        }
        return false;
    }

    /** Sends SIGINT (what Ctrl-C sends) to {@code p}. */
    static void interrupt(Process p) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).inheritIO().start();
        kill.waitFor(10, TimeUnit.SECONDS);
    }

    /** Waits for {@code p} to end (killing it after 20 s) and returns its exit status. */
    static int exit(Process p) throws InterruptedException {
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor();
            throw new AssertionError("the example did not stop within 20 s");
        }
        return p.exitValue();
    }
}
