package org.jasyncio.internal.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.net.SocketException;

/**
 * recv(2) and send(2) on a connected stream socket's descriptor, straight into and out of the caller's memory, Java
 * arrays included. The downcalls are <em>critical</em> (with {@code MSG_DONTWAIT} they never block, and they never call
 * back), which is what lets them touch the heap: a heap array goes to the kernel as it is. NIO instead stages every heap
 * buffer through a temporary direct buffer, one more copy of every byte written from an array, and takes the
 * channel's locks on every call.
 *
 * <p>Linux only (errno values, the {@code MSG_} flags); needs native access for this module and the descriptor numbers
 * of JDK channels ({@link FdNumbers}). {@link #available()} says whether all of that is there, and
 * {@code -Djasyncio.socketio=nio} turns the path off. One instance per loop thread: it owns the segment errno is
 * captured into.
 */
public final class NativeSocketIo {
    private static final int EINTR = 4;
    /** Also EWOULDBLOCK on Linux. */
    private static final int EAGAIN = 11;
    private static final int EPIPE = 32;
    private static final int ECONNRESET = 104;
    /** A peer that went away gives EPIPE, not SIGPIPE. */
    private static final int MSG_NOSIGNAL = 0x4000;
    /**
     * Never block, whatever the descriptor's mode: a channel set back to blocking by its user must not stall the loop
     * inside a critical call (which also holds off the garbage collector).
     */
    private static final int MSG_DONTWAIT = 0x40;

    private static final MethodHandle RECV = downcall("recv");
    private static final MethodHandle SEND = downcall("send");
    private static final boolean SUPPORTED = NativeAccess.onLinux() && RECV != null && SEND != null
            && FdNumbers.available();
    private static final boolean AVAILABLE = SUPPORTED && !"nio".equals(System.getProperty("jasyncio.socketio"));

    private final MemorySegment callState = Arena.ofAuto().allocate(Errno.CAPTURE_LAYOUT);

    /** Whether stream transports take this path: it can run here and was not turned off. False means NIO. */
    public static boolean available() {
        return AVAILABLE;
    }

    /** Whether this path can run in this JVM at all, whatever {@code jasyncio.socketio} says. */
    public static boolean supported() {
        return SUPPORTED;
    }

    private static MethodHandle downcall(String name) {
        FunctionDescriptor fd = FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
        return NativeAccess.downcall(name, fd, Linker.Option.captureCallState("errno"), Linker.Option.critical(true));
    }

    /**
     * Reads into {@code into} (not empty): the number of bytes read, 0 if none are there now, -1 at end of stream.
     * A reset or any other socket error is thrown, as NIO words it.
     */
    public int read(int fd, MemorySegment into) throws IOException {
        while (true) {
            long n;
            try {
                n = (long) RECV.invokeExact(callState, fd, into, into.byteSize(), MSG_DONTWAIT);
            } catch (Throwable t) {
                throw new IllegalStateException("recv(" + fd + ") failed", t);
            }
            if (n > 0) {
                return (int) n;
            }
            if (n == 0) {
                return -1;
            }
            int errno = Errno.of(callState);
            if (errno == EAGAIN) {
                return 0;
            }
            if (errno != EINTR) {
                throw error(errno, "Connection reset");
            }
        }
    }

    /** Writes as much of {@code from} as the socket takes now: the number of bytes taken, 0 if none. */
    public int write(int fd, MemorySegment from) throws IOException {
        while (true) {
            long n;
            try {
                n = (long) SEND.invokeExact(callState, fd, from, from.byteSize(), MSG_NOSIGNAL | MSG_DONTWAIT);
            } catch (Throwable t) {
                throw new IllegalStateException("send(" + fd + ") failed", t);
            }
            if (n >= 0) {
                return (int) n;
            }
            int errno = Errno.of(callState);
            if (errno == EAGAIN) {
                return 0;
            }
            if (errno != EINTR) {
                throw error(errno, "Connection reset by peer");
            }
        }
    }

    /** The exception NIO would throw: a reset or a broken pipe as a SocketException, the rest as an IOException. */
    private static IOException error(int errno, String resetMessage) {
        return switch (errno) {
            case ECONNRESET -> new SocketException(resetMessage);
            case EPIPE -> new SocketException("Broken pipe");
            default -> new IOException(Errno.describe(errno));
        };
    }
}
