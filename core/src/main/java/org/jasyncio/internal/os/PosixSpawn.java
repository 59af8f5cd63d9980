package org.jasyncio.internal.os;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;

/**
 * Linux process creation and reaping through the Foreign Function & Memory API: {@code posix_spawnp} with file
 * actions (dup2 of pipe ends onto 0, 1, 2, {@code /dev/null}, chdir, closefrom 3), {@code pidfd_open} and
 * {@code waitid(P_PIDFD)}. glibc 2.36 and Linux 5.4 or newer; {@link #available()} says whether all of it is there.
 * The layouts (siginfo_t, the opaque spawn structures) are those of Linux on 64-bit x86 and ARM.
 */
public final class PosixSpawn {
    /** Opaque glibc structures, allocated with room to spare (80 and 336 bytes on x86_64). */
    private static final long FILE_ACTIONS_SIZE = 256;
    private static final long SPAWNATTR_SIZE = 512;
    private static final long SIGSET_SIZE = 128;
    private static final long SIGINFO_SIZE = 128;
    private static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    private static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    private static final int POSIX_SPAWN_SETPGROUP = 0x02;
    private static final int POSIX_SPAWN_SETSID = 0x80;
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 1;
    private static final int P_PID = 1;
    private static final int P_PIDFD = 3;
    private static final int SIGKILL = 9;
    private static final int ESRCH = 3;
    private static final int EINTR = 4;
    private static final int WEXITED = 4;
    private static final int WNOHANG = 1;
    private static final int CLD_EXITED = 1;
    private static final int EAGAIN = 11;
    private static final int ECHILD = 10;

    private static final MethodHandle FA_INIT = fn("posix_spawn_file_actions_init", JAVA_INT, ADDRESS);
    private static final MethodHandle FA_DESTROY = fn("posix_spawn_file_actions_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle FA_DUP2 = fn("posix_spawn_file_actions_adddup2", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle FA_OPEN = fn("posix_spawn_file_actions_addopen", JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle FA_CHDIR = fn("posix_spawn_file_actions_addchdir_np", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle FA_CLOSEFROM = fn("posix_spawn_file_actions_addclosefrom_np", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle ATTR_INIT = fn("posix_spawnattr_init", JAVA_INT, ADDRESS);
    private static final MethodHandle ATTR_DESTROY = fn("posix_spawnattr_destroy", JAVA_INT, ADDRESS);
    private static final MethodHandle ATTR_SETFLAGS = fn("posix_spawnattr_setflags", JAVA_INT, ADDRESS, ValueLayout.JAVA_SHORT);
    private static final MethodHandle ATTR_SETPGROUP = fn("posix_spawnattr_setpgroup", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle ATTR_SETSIGMASK = fn("posix_spawnattr_setsigmask", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle ATTR_SETSIGDEFAULT = fn("posix_spawnattr_setsigdefault", JAVA_INT, ADDRESS, ADDRESS);
    private static final MethodHandle SIGEMPTYSET = fn("sigemptyset", JAVA_INT, ADDRESS);
    private static final MethodHandle SIGADDSET = fn("sigaddset", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle SPAWNP = fn("posix_spawnp", JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle PIDFD_OPEN = fnErrno("pidfd_open", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle PIDFD_SEND_SIGNAL = fnErrno("pidfd_send_signal", JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle KILL = fnErrno("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle WAITID = fnErrno("waitid", JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle DUP2 = fnErrno("dup2", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = fn("close", JAVA_INT, JAVA_INT);
    private static final boolean AVAILABLE = probe();

    /** The parent's environment as a NULL-terminated envp, built once (System.getenv() never changes). */
    private static volatile MemorySegment defaultEnvp;

    private PosixSpawn() {
    }

    private static MethodHandle fn(String name, ValueLayout ret, ValueLayout... args) {
        return NativeAccess.downcall(name, FunctionDescriptor.of(ret, args));
    }

    private static MethodHandle fnErrno(String name, ValueLayout ret, ValueLayout... args) {
        return NativeAccess.downcall(name, FunctionDescriptor.of(ret, args), Linker.Option.captureCallState("errno"));
    }

    private static boolean probe() {
        if (!NativeAccess.onLinux()) {
            return false;
        }
        MethodHandle[] all = {FA_INIT, FA_DESTROY, FA_DUP2, FA_OPEN, FA_CHDIR, FA_CLOSEFROM, ATTR_INIT, ATTR_DESTROY, ATTR_SETFLAGS,
                ATTR_SETSIGMASK, ATTR_SETSIGDEFAULT, SIGEMPTYSET, SIGADDSET, SPAWNP, PIDFD_OPEN, PIDFD_SEND_SIGNAL, KILL, WAITID, DUP2, CLOSE};
        for (MethodHandle h : all) {
            if (h == null) {
                return false;
            }
        }
        try {
            int fd = pidfdOpen(ProcessHandle.current().pid());
            close(fd);
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public static boolean available() {
        return AVAILABLE;
    }

    /** What the child's standard stream 0, 1 or 2 becomes. */
    public sealed interface ChildFd {
    }

    /** The child's fd becomes a copy of the parent's {@code fd} (as it was before the spawn, even if it is 0, 1 or 2). */
    public record DupFrom(int fd) implements ChildFd {
    }

    /** The child's fd 2 becomes a copy of the child's own fd 1, after that was set up (Python's stderr=STDOUT). */
    public record SameAsStdout() implements ChildFd {
    }

    /** The child's fd is /dev/null. */
    public record DevNull() implements ChildFd {
    }

    /** The child keeps the parent's stream. */
    public record Inherit() implements ChildFd {
    }

    /**
     * Refuses what a C string array cannot carry as given, as Python's subprocess does before it spawns: a NUL byte in
     * an argument, the directory, an environment key or value ("embedded null byte"), and an environment key that is
     * empty or holds '=' ("illegal environment variable name"); the child would otherwise see other strings than the
     * caller gave (C strings end at the NUL; the key ends at the first '='). Every spawn path calls this first.
     *
     * @throws IllegalArgumentException naming what was wrong
     */
    public static void validate(List<String> argv, Map<String, String> env, String cwd) {
        for (String arg : argv) {
            if (arg == null) {
                throw new IllegalArgumentException("program arguments must be strings, not null: " + argv);
            }
            if (arg.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("embedded null byte (in program argument " + quoted(arg) + ")");
            }
        }
        if (cwd != null && cwd.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("embedded null byte (in cwd " + quoted(cwd) + ")");
        }
        if (env == null) {
            return;
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String key = e.getKey();
            String value = e.getValue();
            if (key == null || value == null) {
                throw new IllegalArgumentException("environment keys and values must be strings, not null: "
                        + quoted(String.valueOf(key)));
            }
            if (key.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("embedded null byte (in environment variable " + quoted(key) + ")");
            }
            if (key.isEmpty() || key.indexOf('=') >= 0) {
                throw new IllegalArgumentException("illegal environment variable name " + quoted(key));
            }
        }
    }

    private static String quoted(String s) {
        return "\"" + s.replace("\0", "\\0") + "\"";
    }

    /**
     * Starts {@code argv[0]} (searched in PATH) and returns its pid. {@code env} null keeps the parent's environment;
     * {@code cwd} null the parent's directory. Every descriptor from 3 up is closed in the child.
     *
     * @throws IllegalArgumentException as {@link #validate} says, before anything is spawned
     */
    public static long spawn(List<String> argv, Map<String, String> env, String cwd, ChildFd[] stdio) throws IOException {
        return spawn(argv, env, cwd, stdio, false, -1);
    }

    /**
     * {@link #spawn(List, Map, String, ChildFd[])} that also makes the child call {@code setsid()} when
     * {@code newSession}, then {@code setpgid(0, processGroup)} when {@code processGroup >= 0} (Python's order), both
     * before it runs the program; a failure of either fails the spawn with its errno.
     */
    public static long spawn(List<String> argv, Map<String, String> env, String cwd, ChildFd[] stdio, boolean newSession,
            int processGroup) throws IOException {
        validate(argv, env, cwd);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment actions = arena.allocate(FILE_ACTIONS_SIZE, 16);
            MemorySegment attr = arena.allocate(SPAWNATTR_SIZE, 16);
            check((int) FA_INIT.invokeExact(actions), "posix_spawn_file_actions_init");
            check((int) ATTR_INIT.invokeExact(attr), "posix_spawnattr_init");
            try {
                int[] from = parkStandardSources(actions, stdio);
                for (int target = 0; target < 3; target++) {
                    switch (stdio[target]) {
                        case DupFrom d -> check((int) FA_DUP2.invokeExact(actions, from[target], target), "adddup2");
                        case SameAsStdout o -> check((int) FA_DUP2.invokeExact(actions, 1, target), "adddup2");
                        case DevNull n -> check((int) FA_OPEN.invokeExact(actions, target, arena.allocateFrom("/dev/null"),
                                (target == 0 ? O_RDONLY : O_WRONLY), 0), "addopen");
                        case Inherit i -> {
                        }
                    }
                }
                if (cwd != null) {
                    check((int) FA_CHDIR.invokeExact(actions, arena.allocateFrom(cwd)), "addchdir_np");
                }
                check((int) FA_CLOSEFROM.invokeExact(actions, 3), "addclosefrom_np");
                MemorySegment sigs = arena.allocate(SIGSET_SIZE, 8);
                check((int) SIGEMPTYSET.invokeExact(sigs), "sigemptyset");
                check((int) ATTR_SETSIGMASK.invokeExact(attr, sigs), "setsigmask");
                for (int sig : new int[] {1, 2, 3, 13, 15, 10, 12, 14, 25}) {
                    check((int) SIGADDSET.invokeExact(sigs, sig), "sigaddset");
                }
                check((int) ATTR_SETSIGDEFAULT.invokeExact(attr, sigs), "setsigdefault");
                int flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
                if (newSession) {
                    flags |= POSIX_SPAWN_SETSID;
                }
                if (processGroup >= 0) {
                    if (ATTR_SETPGROUP == null) {
                        throw new UnsupportedOperationException("posix_spawnattr_setpgroup is not available");
                    }
                    check((int) ATTR_SETPGROUP.invokeExact(attr, processGroup), "setpgroup");
                    flags |= POSIX_SPAWN_SETPGROUP;
                }
                check((int) ATTR_SETFLAGS.invokeExact(attr, (short) flags), "setflags");
                MemorySegment argvSeg = cStrings(arena, argv);
                MemorySegment envp = env == null ? defaultEnvp() : cStrings(arena, envStrings(env));
                MemorySegment pidOut = arena.allocate(JAVA_INT);
                int rc = (int) SPAWNP.invokeExact(pidOut, argvSeg.getAtIndex(ADDRESS, 0), actions, attr, argvSeg, envp);
                if (rc != 0) {
                    String where = cwd != null ? " (in directory \"" + cwd + "\")" : "";
                    throw new IOException("Cannot run program \"" + argv.getFirst() + "\"" + where + ": error=" + rc + ", " + Errno.describe(rc));
                }
                return pidOut.get(JAVA_INT, 0);
            } finally {
                int ignored = (int) FA_DESTROY.invokeExact(actions);
                ignored = (int) ATTR_DESTROY.invokeExact(attr);
            }
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("posix_spawnp failed", t);
        }
    }

    /**
     * The descriptor each {@link DupFrom} is copied from. One that is itself 0, 1 or 2 (a parent's standard stream
     * given for another stream, or a pipe end the kernel numbered low because the parent had closed that stream)
     * would be overwritten by the time its turn comes, so it is first copied to a spare number above every source;
     * {@code closefrom(3)} closes the spare afterwards. Python's {@code _posixsubprocess} does the same with dup().
     */
    private static int[] parkStandardSources(MemorySegment actions, ChildFd[] stdio) throws Throwable {
        int[] from = new int[3];
        int spare = 3;
        for (ChildFd c : stdio) {
            if (c instanceof DupFrom d) {
                spare = Math.max(spare, d.fd() + 1);
            }
        }
        for (int target = 0; target < 3; target++) {
            if (stdio[target] instanceof DupFrom d) {
                from[target] = d.fd();
                if (d.fd() <= 2 && d.fd() != target) {
                    check((int) FA_DUP2.invokeExact(actions, d.fd(), spare), "adddup2");
                    from[target] = spare++;
                }
            }
        }
        return from;
    }

    private static List<String> envStrings(Map<String, String> env) {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList();
    }

    private static MemorySegment defaultEnvp() {
        MemorySegment envp = defaultEnvp;
        if (envp == null) {
            envp = cStrings(Arena.global(), envStrings(System.getenv()));
            defaultEnvp = envp;
        }
        return envp;
    }

    /** A NULL-terminated array of C strings. */
    private static MemorySegment cStrings(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    /** A pidfd for {@code pid}: readable once the process has exited. */
    public static int pidfdOpen(long pid) throws IOException {
        return (int) callErrno(PIDFD_OPEN, "pidfd_open", (int) pid, 0);
    }

    /**
     * Reaps the process behind {@code pidfd} if it has ended: its exit status, or minus the signal that ended it; null
     * while it runs. Never blocks (a pidfd shared with a non-blocking channel answers EAGAIN for "still running").
     */
    public static Integer reap(int pidfd) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(SIGINFO_SIZE, 8);
            MemorySegment state = arena.allocate(Errno.CAPTURE_LAYOUT);
            int rc = (int) WAITID.invokeExact(state, P_PIDFD, pidfd, info, WEXITED | WNOHANG);
            if (rc != 0) {
                int errno = Errno.of(state);
                if (errno == EAGAIN) {
                    return null;
                }
                if (errno == ECHILD) {
                    throw new StatusAlreadyReaped("child exit status already read (SIGCHLD ignored, or reaped elsewhere)");
                }
                throw new IOException("waitid failed: error=" + errno + ", " + Errno.describe(errno));
            }
            int pid = info.get(JAVA_INT, 16);
            if (pid == 0) {
                return null;
            }
            int code = info.get(JAVA_INT, 8);
            int status = info.get(JAVA_INT, 24);
            return code == CLD_EXITED ? status : -status;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("waitid failed", t);
        }
    }

    /** waitid found no child: someone else collected the status (asyncio then reports 255). */
    public static final class StatusAlreadyReaped extends IOException {
        StatusAlreadyReaped(String message) {
            super(message);
        }
    }

    /**
     * Sends {@code signal} to the process behind {@code pidfd} (which cannot have been recycled for another process,
     * as a pid can): true if sent, false when that process has ended (ESRCH, even before it is reaped).
     */
    public static boolean pidfdSendSignal(int pidfd, int signal) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Errno.CAPTURE_LAYOUT);
            int rc = (int) PIDFD_SEND_SIGNAL.invokeExact(state, pidfd, signal, MemorySegment.NULL, 0);
            if (rc == 0) {
                return true;
            }
            int errno = Errno.of(state);
            if (errno == ESRCH) {
                return false;
            }
            throw new IOException("pidfd_send_signal failed: error=" + errno + ", " + Errno.describe(errno));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException("pidfd_send_signal failed", t);
        }
    }

    /**
     * For a child spawned here whose launch failed after the spawn (no pidfd to watch it by): SIGKILL it and reap it
     * with waitid(P_PID), waiting for it to die, so that it neither runs on unseen nor stays a zombie. Never throws.
     */
    public static void killAndReap(long pid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Errno.CAPTURE_LAYOUT);
            int ignored = (int) KILL.invokeExact(state, (int) pid, SIGKILL);
            MemorySegment info = arena.allocate(SIGINFO_SIZE, 8);
            for (int attempt = 0; attempt < 100; attempt++) {
                int rc = (int) WAITID.invokeExact(state, P_PID, (int) pid, info, WEXITED);
                if (rc == 0 || Errno.of(state) != EINTR) {
                    return;
                }
            }
        } catch (Throwable ignored) {
            // nothing more can be done for it
        }
    }

    /** Makes {@code target} another descriptor for {@code fd}'s open file. */
    public static void dup2(int fd, int target) throws IOException {
        callErrno(DUP2, "dup2", fd, target);
    }

    public static void close(int fd) {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable t) {
            throw new IllegalStateException("close(" + fd + ") failed", t);
        }
    }

    private static long callErrno(MethodHandle h, String name, int a, int b) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = arena.allocate(Errno.CAPTURE_LAYOUT);
            int rc = (int) h.invokeExact(state, a, b);
            if (rc < 0) {
                int errno = Errno.of(state);
                throw new IOException(name + " failed: error=" + errno + ", " + Errno.describe(errno));
            }
            return rc;
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IOException(name + " failed", t);
        }
    }

    private static void check(int rc, String what) throws IOException {
        if (rc != 0) {
            throw new IOException(what + " failed: error=" + rc + ", " + Errno.describe(rc));
        }
    }
}
