package org.jasyncio.internal.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;

/**
 * The one way this package reaches the C library. A downcall handle is a restricted method of the FFM API, allowed
 * only when the JVM runs with {@code --enable-native-access} for this module (or the jar manifest's
 * Enable-Native-Access). {@link #downcall} asks first and answers null otherwise, so a JVM without the flag gets the
 * portable paths and neither the JDK's warning about restricted calls nor, in a later JDK, its refusal.
 */
final class NativeAccess {
    private static final boolean ENABLED = NativeAccess.class.getModule().isNativeAccessEnabled();
    private static final boolean LINUX = System.getProperty("os.name", "").startsWith("Linux");

    private NativeAccess() {
    }

    /** Whether this is Linux, whose system calls, errno values and flags some callers spell out. */
    static boolean onLinux() {
        return LINUX;
    }

    /**
     * The C library's function {@code name} as a downcall handle; null without native access or where the library
     * lacks it (the caller then takes its portable path).
     */
    static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        if (!ENABLED) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find(name).map(a -> linker.downcallHandle(a, fd, options)).orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }
}
