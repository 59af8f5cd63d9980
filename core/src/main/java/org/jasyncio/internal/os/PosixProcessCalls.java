package org.jasyncio.internal.os;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * {@code kill(2)} through the Foreign Function & Memory API, for signals the JDK's ProcessHandle cannot send
 * (it knows only SIGTERM and SIGKILL). {@link #available()} is false where the C library has no {@code kill} or native access is off.
 */
public final class PosixProcessCalls {
    private static final int ESRCH = 3;
    private static final StructLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle KILL = find();

    private PosixProcessCalls() {
    }

    private static MethodHandle find() {
        if (!NativeAccess.enabled()) {
            return null;
        }
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("kill")
                    .map(addr -> linker.downcallHandle(addr,
                            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT),
                            Linker.Option.captureCallState("errno")))
                    .orElse(null);
        } catch (RuntimeException | LinkageError e) {
            return null;
        }
    }

    public static boolean available() {
        return KILL != null;
    }

    /** Sends {@code signal} to {@code pid}; ProcessLookupError (ESRCH) and other failures as IOException. */
    public static void kill(long pid, int signal) throws IOException {
        int rc;
        int errno;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(CALL_STATE);
            try {
                rc = (int) KILL.invokeExact(state, (int) pid, signal);
            } catch (Throwable t) {
                throw new IOException("kill(" + pid + ", " + signal + ") failed", t);
            }
            errno = (int) ERRNO.get(state, 0L);
        }
        if (rc != 0) {
            throw new IOException(errno == ESRCH ? "[Errno 3] No such process: " + pid
                    : "[Errno " + errno + "] kill(" + pid + ", " + signal + ") failed");
        }
    }
}
