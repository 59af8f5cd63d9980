package org.jasyncio.internal.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/** errno as the native calls of this package capture it, and the C library's text for it. */
final class Errno {
    static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final long ERRNO_OFFSET = CAPTURE_LAYOUT.byteOffset(PathElement.groupElement("errno"));
    private static final MethodHandle STRERROR = NativeAccess.downcall("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));

    private Errno() {
    }

    /** The errno a call with {@code Linker.Option.captureCallState("errno")} left in {@code state}. */
    static int of(MemorySegment state) {
        return state.get(JAVA_INT, ERRNO_OFFSET);
    }

    /** strerror(3), or "errno N" where the C library cannot be reached. */
    static String describe(int errno) {
        if (STRERROR == null) {
            return "errno " + errno;
        }
        try {
            MemorySegment s = (MemorySegment) STRERROR.invokeExact(errno);
            return s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }
}
