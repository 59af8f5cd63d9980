package org.jasyncio.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jasyncio.EngineInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The engine and I/O paths a JVM takes are queryable, and an engine asked for that cannot run fails fast. */
@Timeout(60)
class EngineChoiceTest {
    @Test
    void engineInfoSaysWhatThisJvmWasConfiguredFor() {
        EngineInfo info = EngineInfo.current();
        assertEquals(System.getProperty("jasyncio.engine"), info.coroutines(), "Surefire sets the engine per run");
        if ("nio".equals(System.getProperty("jasyncio.socketio"))) {
            assertEquals("nio", info.sockets());
        }
        assertTrue(List.of("native", "nio").contains(info.sockets()), info.toString());
        assertTrue(List.of("native", "selectable", "streams").contains(info.subprocesses()), info.toString());
        assertEquals(List.of(), info.missingFlags(), "the test JVM has every flag: " + info);
        assertTrue(info.toString().startsWith("coroutines=" + info.coroutines() + " sockets=" + info.sockets()));
    }

    @Test
    void theFirstLoopToStartLogsThePathsOnceAtInfoNamingTheMissingFlags() throws Exception {
        List<String> lines = child("report");
        String flags = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED" + (onLinux()
                ? " --add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED" : "");
        assertEquals(List.of("INFO jasyncio coroutines=thread sockets=nio subprocesses=streams (portable paths in use; "
                + "faster with the JVM flags " + flags + ")"), lines, "two loops ran; one report");
    }

    @Test
    void theContinuationEngineWithoutItsFlagFailsEveryLoopWithTheFlagsName() throws Exception {
        List<String> lines = child("loops", "-Djasyncio.engine=continuation");
        assertEquals(2, lines.size(), "one line per attempt, nothing else: " + lines);
        for (String line : lines) {
            assertTrue(line.startsWith("java.lang.IllegalStateException: -Djasyncio.engine=continuation needs the JVM flag "
                    + "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED"), line);
        }
    }

    /** Runs {@link EngineChoiceChild} in a JVM with no flags but {@code props}; its output lines, stderr included. */
    private static List<String> child(String mode, String... props) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(props));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), EngineChoiceChild.class.getName(), mode));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            assertTrue(child.waitFor(50, TimeUnit.SECONDS), "the child exits");
            assertEquals(0, child.exitValue(), "the child's exit status; it said " + lines);
            return lines;
        } finally {
            child.destroyForcibly();
        }
    }

    private static boolean onLinux() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }
}
