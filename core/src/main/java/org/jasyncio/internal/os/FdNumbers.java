package org.jasyncio.internal.os;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.channels.SelectableChannel;

/**
 * The file descriptor number behind a JDK channel. The JDK keeps it in {@code sun.nio.ch}, which is reachable only
 * when the JVM runs with {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED} (or the jar manifest's Add-Exports);
 * without it {@link #available()} is false and callers take the portable path.
 */
public final class FdNumbers {
    private static final MethodHandle GET_FD_VAL = find();
    private static final MethodHandle FD_VAL = findFdVal();
    private static final MethodHandle GET_FD = findGetFd();

    private FdNumbers() {
    }

    private static MethodHandle find() {
        try {
            Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
            return MethodHandles.lookup().findVirtual(selCh, "getFDVal", MethodType.methodType(int.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle findFdVal() {
        try {
            Class<?> ioUtil = Class.forName("sun.nio.ch.IOUtil");
            return MethodHandles.lookup().findStatic(ioUtil, "fdVal", MethodType.methodType(int.class, FileDescriptor.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static MethodHandle findGetFd() {
        try {
            Class<?> selCh = Class.forName("sun.nio.ch.SelChImpl");
            return MethodHandles.lookup().findVirtual(selCh, "getFD", MethodType.methodType(FileDescriptor.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    public static boolean available() {
        return GET_FD_VAL != null;
    }

    public static int of(SelectableChannel channel) {
        try {
            return (int) GET_FD_VAL.invoke(channel);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the file descriptor of " + channel, t);
        }
    }

    /** The number behind a {@link FileDescriptor} (a stream's {@code getFD()}); -1 when it is not valid (closed). */
    public static int of(FileDescriptor fd) {
        if (FD_VAL == null) {
            throw new IllegalStateException("file descriptor numbers are not reachable: run with "
                    + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED");
        }
        try {
            return (int) FD_VAL.invoke(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("cannot read the file descriptor number of " + fd, t);
        }
    }

    /** The {@link FileDescriptor} behind a JDK channel (a pipe end, a socket), valid while the channel is open. */
    public static FileDescriptor descriptorOf(SelectableChannel channel) {
        if (GET_FD == null) {
            throw new UnsupportedOperationException("a channel's file descriptor is not reachable: run with "
                    + "--add-exports java.base/sun.nio.ch=ALL-UNNAMED");
        }
        try {
            return (FileDescriptor) GET_FD.invoke(channel);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("not a channel of the JDK's own: " + channel, e);
        } catch (Throwable t) {
            throw new IllegalArgumentException("cannot read the file descriptor of " + channel, t);
        }
    }
}
