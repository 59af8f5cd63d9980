package org.jasyncio.process;

import static org.jasyncio.process.ProcessTesting.newLoop;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jasyncio.EventLoop;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.process.ProcessTesting.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Strings a child could not see as given (a NUL ends a C string; an environment key ends at its first '=') are
 * refused with IllegalArgumentException before anything is spawned, on every spawn path alike, as Python's
 * subprocess refuses them.
 */
class SpawnArgumentsTest {
    private EventLoop loop;
    @TempDir
    Path dir;

    @AfterEach
    void closeLoop() {
        if (loop != null && !loop.isClosed()) {
            loop.close();
        }
        System.clearProperty(ProcessTesting.PIPES_PROPERTY);
    }

    /** A command that would leave a mark if it ever ran. */
    private List<String> marking(String extra) {
        return List.of("/bin/sh", "-c", "touch \"$0\"", dir.resolve("ran").toString(), extra);
    }

    private IllegalArgumentException refused(List<String> args, Map<String, String> env) {
        SubprocessOptions options = env == null ? SubprocessOptions.defaults() : SubprocessOptions.defaults().env(env);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.subprocessExec(() -> new Recorder(loop), args, options));
        assertTrue(Files.notExists(dir.resolve("ran")), "the child was spawned");
        return e;
    }

    private static Map<String, String> env(String key, String value) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        env.put(key, value);
        return env;
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void aNulInAnArgumentIsRefused(String mode) {
        loop = newLoop(mode);
        var e = refused(marking("a\0b"), null);
        assertTrue(e.getMessage().startsWith("embedded null byte"), e.getMessage());
        var shell = assertThrows(IllegalArgumentException.class,
                () -> loop.subprocessShell(() -> new Recorder(loop), "touch '" + dir.resolve("ran") + "' \0 x"));
        assertTrue(shell.getMessage().startsWith("embedded null byte"), shell.getMessage());
        assertTrue(Files.notExists(dir.resolve("ran")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void anEnvironmentKeyWithAnEqualsSignIsRefused(String mode) {
        loop = newLoop(mode);
        var e = refused(marking("x"), env("A=B", "c"));
        assertEquals("illegal environment variable name \"A=B\"", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void anEmptyEnvironmentKeyIsRefused(String mode) {
        loop = newLoop(mode);
        var e = refused(marking("x"), env("", "c"));
        assertEquals("illegal environment variable name \"\"", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void aNulInAnEnvironmentKeyOrValueIsRefused(String mode) {
        loop = newLoop(mode);
        var inValue = refused(marking("x"), env("GOOD", "a\0b"));
        assertTrue(inValue.getMessage().startsWith("embedded null byte"), inValue.getMessage());
        var inKey = refused(marking("x"), env("BA\0D", "c"));
        assertTrue(inKey.getMessage().startsWith("embedded null byte"), inKey.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void validStringsStillReachTheChildExactly(String mode) throws Exception {
        loop = newLoop(mode);
        var c = ProcessTesting.run(loop, loop.subprocessExec(() -> new Recorder(loop),
                List.of("/bin/sh", "-c", "printf '%s|%s' \"$0\" \"$JASYNCIO_V\"", "é x=y"),
                SubprocessOptions.defaults().env(env("JASYNCIO_V", "v=w ü"))), 10);
        ProcessTesting.run(loop, c.protocol().lost, 10);
        assertEquals("é x=y|v=w ü", c.protocol().text(1));
    }
}
