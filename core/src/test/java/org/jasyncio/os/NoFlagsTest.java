package org.jasyncio.os;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started with none of the optional flags (no native access, no exports) must work on the portable paths and
 * print nothing: in particular not the JDK's warning about restricted FFM calls, which any native lookup made without
 * checking first would trigger.
 */
@Timeout(60)
class NoFlagsTest {
    @Test
    void aJvmWithoutFlagsTakesThePortablePathsSilently(@TempDir Path dir) throws Exception {
        Path stderr = dir.resolve("stderr.txt");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NoFlagsChild.class.getName())
                .redirectError(stderr.toFile())
                .start();
        String out = new String(child.getInputStream().readAllBytes()).strip();
        child.waitFor(50, TimeUnit.SECONDS);
        assertEquals("", Files.readString(stderr).strip(), "the child's standard error");
        assertEquals(0, child.exitValue());
        assertEquals("hello returncode=-10 native-sockets=false native-spawn=false", out);
    }
}
