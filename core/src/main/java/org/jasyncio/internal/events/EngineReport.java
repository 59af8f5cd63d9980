package org.jasyncio.internal.events;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jasyncio.internal.os.FdNumbers;
import org.jasyncio.internal.os.NativeSocketIo;
import org.jasyncio.internal.process.Subprocesses;
import org.jasyncio.internal.task.CoroutineEngine;

/**
 * Works out which coroutine engine, socket path and spawn path this JVM takes ({@link Paths}, which the public
 * {@code EngineInfo} copies) and says it once, at INFO, when the first loop starts, so a program started without the
 * flags is never silently on the slower paths.
 */
public final class EngineReport {
    private static final String VM_EXPORT = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String NIO_EXPORT = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";
    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();
    private static volatile Paths info;

    private EngineReport() {
    }

    /** The paths of this JVM, worked out on first call. IllegalStateException when the engine asked for cannot run. */
    public static Paths info() {
        Paths i = info;
        if (i == null) {
            i = info = compute();
        }
        return i;
    }

    /** Throws the engine's IllegalStateException now when {@code jasyncio.engine} cannot be honoured. */
    static void requireEngine() {
        CoroutineEngine.current();
    }

    /** Logs {@link #info()} at INFO the first time any loop of this JVM starts. */
    static void announceOnce() {
        if (!ANNOUNCED.get() && ANNOUNCED.compareAndSet(false, true)) {
            System.getLogger("org.jasyncio").log(Level.INFO, "jasyncio " + info());
        }
    }

    private static Paths compute() {
        String coroutines = CoroutineEngine.current().name();
        String sockets = NativeSocketIo.available() ? "native" : "nio";
        String subprocesses = Subprocesses.defaultMode();
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        boolean nativeAccess = EngineReport.class.getModule().isNativeAccessEnabled();
        List<String> missing = new ArrayList<>(3);
        if (coroutines.equals("thread") && !"thread".equals(System.getProperty("jasyncio.engine"))) {
            missing.add(VM_EXPORT);
        }
        boolean socketsByChoice = "nio".equals(System.getProperty("jasyncio.socketio"));
        boolean spawnByChoice = !"native".equals(System.getProperty("jasyncio.subprocess", "native"));
        boolean wantsNative = linux && ((sockets.equals("nio") && !socketsByChoice)
                || (!subprocesses.equals("native") && !spawnByChoice));
        if (wantsNative && !FdNumbers.available()) {
            missing.add(NIO_EXPORT);
        }
        if (wantsNative && !nativeAccess) {
            missing.add(NATIVE_ACCESS);
        }
        return new Paths(coroutines, sockets, subprocesses, List.copyOf(missing));
    }

    /**
     * The paths taken and the JVM flags that would unlock faster ones: what {@code EngineInfo} holds.
     *
     * @param coroutines "continuation" or "thread"
     * @param sockets "native" or "nio"
     * @param subprocesses "native", "selectable" or "streams"
     * @param missingFlags the flags missing for a faster path, unmodifiable
     */
    public record Paths(String coroutines, String sockets, String subprocesses, List<String> missingFlags) {
        /** The one line the first loop logs and {@code EngineInfo.toString} returns. */
        @Override
        public String toString() {
            String paths = "coroutines=" + coroutines + " sockets=" + sockets + " subprocesses=" + subprocesses;
            return missingFlags.isEmpty() ? paths
                    : paths + " (portable paths in use; faster with the JVM flags " + String.join(" ", missingFlags)
                            + ")";
        }
    }
}
