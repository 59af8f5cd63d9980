package org.jasyncio.internal.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code kill(2)} through the Foreign Function & Memory API, for signals the JDK's ProcessHandle cannot send
 * (it knows only SIGTERM and SIGKILL). {@link #available()} is false where the C library has no {@code kill} or native access is off.
 */
public final class PosixProcessCalls {
    private static final int ESRCH = 3;
    private static final MethodHandle KILL = NativeAccess.downcall("kill",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
            Linker.Option.captureCallState("errno"));

    private PosixProcessCalls() {
    }

    public static boolean available() {
        return KILL != null;
    }

    /**
     * Sends {@code signal} to {@code pid}: true if sent, false when there is no such process (ESRCH, Python's
     * ProcessLookupError); other failures as IOException.
     */
    public static boolean kill(long pid, int signal) throws IOException {
        int rc;
        int errno;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Errno.CAPTURE_LAYOUT);
            try {
                rc = (int) KILL.invokeExact(state, (int) pid, signal);
            } catch (Throwable t) {
                throw new IOException("kill(" + pid + ", " + signal + ") failed", t);
            }
            errno = Errno.of(state);
        }
        if (rc != 0) {
            if (errno == ESRCH) {
                return false;
            }
            throw new IOException("[Errno " + errno + "] kill(" + pid + ", " + signal + ") failed: " + Errno.describe(errno));
        }
        return true;
    }
}
