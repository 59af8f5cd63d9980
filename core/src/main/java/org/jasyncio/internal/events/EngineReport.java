package org.jasyncio.internal.events;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jasyncio.EngineInfo;
import org.jasyncio.internal.os.FdNumbers;
import org.jasyncio.internal.os.NativeSocketIo;
import org.jasyncio.internal.process.Subprocesses;
import org.jasyncio.internal.task.CoroutineEngine;

/**
 * Says which coroutine engine, socket path and spawn path this JVM takes: as a value ({@link EngineInfo}) and once,
 * at INFO, when the first loop starts, so a program started without the flags is never silently on the slower paths.
 */
public final class EngineReport {
    private static final String VM_EXPORT = "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED";
    private static final String NIO_EXPORT = "--add-exports java.base/sun.nio.ch=ALL-UNNAMED";
    private static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    private static final AtomicBoolean ANNOUNCED = new AtomicBoolean();
    private static volatile EngineInfo info;

    private EngineReport() {
    }

    /** The paths of this JVM, worked out on first call. IllegalStateException when the engine asked for cannot run. */
    public static EngineInfo info() {
        EngineInfo i = info;
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

    private static EngineInfo compute() {
        String coroutines = CoroutineEngine.current().name();
        String sockets = NativeSocketIo.available() ? "native" : "nio";
        String subprocesses = Subprocesses.defaultMode();
        boolean linux = System.getProperty("os.name", "").startsWith("Linux");
        boolean nativeAccess = EngineInfo.class.getModule().isNativeAccessEnabled();
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
        return new EngineInfo(coroutines, sockets, subprocesses, missing);
    }
}
