package org.jasyncio;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The programs some tests drive as peers (CPython's asyncio, openssl). A test whose peer is missing is skipped with a
 * message naming what to install, never failed: call {@code Peers.assumePython3()} first.
 */
public final class Peers {
    private static final Map<String, Boolean> FOUND = new ConcurrentHashMap<>();

    private Peers() {
    }

    /** Skips the calling test unless {@code python3} with asyncio and ssl runs. */
    public static void assumePython3() {
        Assumptions.assumeTrue(runs("python3", "-c", "import asyncio, ssl"),
                "python3 (with its asyncio and ssl modules) is not on the PATH: this test drives CPython's asyncio as "
                        + "its peer; install python3 to run it");
    }

    /** Skips the calling test unless the {@code openssl} command runs. */
    public static void assumeOpenssl() {
        Assumptions.assumeTrue(runs("openssl", "version"),
                "openssl is not on the PATH: this test drives the openssl command as its peer; install openssl to run it");
    }

    private static boolean runs(String... command) {
        return FOUND.computeIfAbsent(String.join(" ", command), k -> {
            try {
                Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }
}
