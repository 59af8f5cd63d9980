package org.jasyncio;

import java.util.List;
import org.jasyncio.internal.events.EngineReport;

/**
 * Which implementation paths this JVM's loops take, as chosen once at start-up from the JVM flags and the
 * {@code jasyncio.*} system properties. The same line is logged at INFO (logger {@code org.jasyncio}) when the first
 * loop starts. asyncio has no counterpart: it has one implementation.
 *
 * <!-- sample: statements runs -->
 * <pre>{@code
 * EngineInfo engines = EngineInfo.current();
 * if (!engines.missingFlags().isEmpty()) {
 *     System.err.println("jasyncio runs on its portable paths; faster with " + engines.missingFlags());
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param coroutines the coroutine engine: {@code "continuation"} (task bodies run on the loop thread; needs
 *     {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}) or {@code "thread"} (the portable engine: a
 *     virtual thread per task, handed off strictly to and from the loop thread). {@code -Djasyncio.engine=thread}
 *     forces the portable one; {@code -Djasyncio.engine=continuation} fails fast without the flag
 * @param sockets how stream sockets read and write: {@code "native"} (recv/send on the descriptor, straight from and
 *     into Java arrays; Linux, needs {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} and
 *     {@code --enable-native-access=ALL-UNNAMED}) or {@code "nio"} (the JDK's channels). {@code -Djasyncio.socketio=nio}
 *     forces NIO
 * @param subprocesses how child processes start: {@code "native"} (posix_spawn and a pidfd the loop polls; Linux,
 *     same two flags), {@code "selectable"} (ProcessBuilder with pipes the loop polls; Linux, needs the
 *     {@code sun.nio.ch} export) or {@code "streams"} (ProcessBuilder and its blocking streams served by virtual
 *     threads; any JDK)
 * @param missingFlags the JVM flags that would unlock a faster path than the one taken, on this platform; empty when
 *     none would (or a {@code jasyncio.*} property chose the slower path on purpose)
 */
public record EngineInfo(String coroutines, String sockets, String subprocesses, List<String> missingFlags) {
    /** The value of {@link #current()}, once worked out (the report's paths, copied into the public record). */
    private static volatile EngineInfo current;

    /**
     * Copies {@code missingFlags}.
     *
     * @throws IllegalArgumentException when a path is null
     */
    public EngineInfo {
        if (coroutines == null || sockets == null || subprocesses == null) {
            throw new IllegalArgumentException("coroutines, sockets and subprocesses must not be null");
        }
        missingFlags = missingFlags == null ? List.of() : List.copyOf(missingFlags);
    }

    /**
     * The paths of this JVM. Thread-safe; the same value on every call. The same value is logged when the first loop starts.
     *
     * @return what the loops of this JVM use
     * @throws IllegalStateException when {@code -Djasyncio.engine} names an engine that cannot run here (the message
     *     names the missing flag)
     */
    public static EngineInfo current() {
        EngineInfo i = current;
        if (i == null) {
            EngineReport.Paths p = EngineReport.info();
            i = current = new EngineInfo(p.coroutines(), p.sockets(), p.subprocesses(), p.missingFlags());
        }
        return i;
    }

    /**
     * The line the first loop logs, for example
     * {@code coroutines=continuation sockets=native subprocesses=native}, followed by the missing flags if any.
     *
     * @return a one-line description
     */
    @Override
    public String toString() {
        return new EngineReport.Paths(coroutines, sockets, subprocesses, missingFlags).toString();
    }
}
