package org.jasyncio.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * EMFILE on accept and on connect, in a child JVM started under {@code ulimit -n 64} ({@link EmfileChild}): the
 * accept failure is reported and retried, the connect fails its caller, the open connection goes on echoing, and once
 * descriptors are free again every client that waited in the backlog is served.
 */
@Timeout(120)
class EmfileTest {
    @Test
    void runningOutOfDescriptorsFailsOnlyTheCallsThatNeedOneAndTheServerRecovers(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        List<String> command = new ArrayList<>(List.of("sh", "-c", "ulimit -n 64 && exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED", "--add-exports", "java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED", "-Djasyncio.engine=" + Census.engine()));
        if (System.getProperty("jasyncio.socketio") != null) {
            command.add("-Djasyncio.socketio=" + System.getProperty("jasyncio.socketio"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EmfileChild.class.getName()));
        Process child = new ProcessBuilder(command).redirectError(stderr.toFile()).start();
        String out = new String(child.getInputStream().readAllBytes());
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child ended");
        Map<String, String> found = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                found.put(line.substring(0, eq), line.substring(eq + 1).trim());
            }
        }
        String context = "child output:\n" + out + "\nstderr:\n" + Files.readString(stderr);
        System.out.printf("emfile[%s]: %s%n", Census.engine(), found);
        assertEquals(0, child.exitValue(), context);
        assertEquals("true", found.get("exhausted"), context);
        assertTrue(found.get("connect-under-emfile").contains("Too many open files"), context);
        assertEquals("still here", found.get("healthy-echo-under-emfile"), context);
        assertEquals("8", found.get("backlog-echoed"), context);
        assertEquals("ok", found.get("connect-after"), context);
        assertEquals("after", found.get("healthy-echo-after"), context);
        int acceptReports = Integer.parseInt(found.get("accept-reports"));
        assertTrue(acceptReports >= 1 && acceptReports <= 4, "one report per failed accept (retried each second): " + context);
        assertEquals("0", found.get("other-reports"), context);
        assertEquals("true", found.get("done"), context);
    }
}
