package org.jasyncio.internal.process;

import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.internal.loop.ExceptionReporting;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.observe.FlightEvents;
import org.jasyncio.internal.os.PosixSpawn;

/**
 * Child processes for one loop. The child starts at once (on the calling thread, as asyncio's Popen runs inside the
 * coroutine); the returned future completes after the protocol's connectionMade. The exit reaches the loop from the
 * loop's selector (a pidfd, on the native path) or from the JDK's process reaper through {@code onExit()} and
 * {@code callSoonThreadsafe}. {@link SpawnMode} says which path a loop takes.
 */
public final class Subprocesses {
    /** The JDK reports a child killed by signal N as exit status 128 + N. */
    private static final int SIGNAL_BASE = 128;
    private static final int MAX_SIGNAL = 31;

    private final SelectorEventLoop loop;
    private final SpawnMode mode;
    /** The children not yet released, in the order they started (transports compare by identity). */
    private final Set<ChildProcessTransport> live = new LinkedHashSet<>();

    public Subprocesses(SelectorEventLoop loop) {
        this.loop = loop;
        this.mode = SpawnMode.choose();
        loop.onClose(this::killAll);
    }

    /** How loops of this JVM start children: "native", "selectable" or "streams" (see {@link SpawnMode}). */
    public static String defaultMode() {
        return SpawnMode.choose().name().toLowerCase(java.util.Locale.ROOT);
    }

    /** How this loop starts children: "NATIVE", "SELECTABLE" or "STREAMS". */
    public String mode() {
        return mode.name();
    }

    public <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> exec(Supplier<P> factory, List<String> args,
            SubprocessOptions options) {
        if (args == null || args.isEmpty()) {
            throw new IllegalArgumentException("program must be given: args is empty");
        }
        for (String a : args) {
            if (a == null) {
                throw new IllegalArgumentException("program arguments must be strings, not null: " + args);
            }
        }
        return start(factory, List.copyOf(args), options);
    }

    public <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> shell(Supplier<P> factory, String command,
            SubprocessOptions options) {
        if (command == null) {
            throw new IllegalArgumentException("cmd must be a string");
        }
        return start(factory, List.of("/bin/sh", "-c", command), options);
    }

    private <P extends SubprocessProtocol> Future<Connection<SubprocessTransport, P>> start(Supplier<P> factory, List<String> command,
            SubprocessOptions options) {
        if (factory == null) {
            throw new IllegalArgumentException("protocol_factory must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null (use SubprocessOptions.defaults())");
        }
        // the same refusals on every spawn path, before anything starts
        PosixSpawn.validate(command, options.env(), options.cwd() == null ? null : options.cwd().toString());
        if (mode != SpawnMode.NATIVE) {
            refuseNativeOnly(options);
        }
        for (java.io.FileDescriptor fd : new java.io.FileDescriptor[] {options.stdinFrom(), options.stdoutTo(), options.stderrTo()}) {
            if (fd != null && !fd.valid()) {
                throw new IllegalArgumentException("a file descriptor given for a child's stream is not valid (closed?)");
            }
        }
        Future<Connection<SubprocessTransport, P>> result = loop.createFuture();
        P protocol;
        LaunchedChild child;
        try {
            protocol = factory.get();
            child = mode == SpawnMode.NATIVE ? NativeLauncher.launch(command, options)
                    : ChildLauncher.launch(command, options, mode == SpawnMode.SELECTABLE);
        } catch (IOException | RuntimeException e) {
            result.setException(e);
            return result;
        }
        ChildProcessTransport transport = new ChildProcessTransport(loop, this, protocol, child);
        track(transport);
        transport.spawnedAt = FlightEvents.subprocessSpawned(transport.getPid(), command);
        watchExit(child.process(), transport);
        transport.start(() -> {
            if (result.cancelled()) {
                transport.close();
            } else {
                result.setResult(new Connection<>(transport, protocol));
            }
        });
        return result;
    }

    /**
     * ProcessBuilder has no setsid/setpgid and cannot hand the child one of our descriptors; starting the child
     * without what was asked would break what it promises, so the call throws instead.
     */
    private void refuseNativeOnly(SubprocessOptions options) {
        String what = options.startNewSession() ? "start_new_session"
                : options.processGroup() >= 0 ? "process_group"
                : options.stdinFrom() != null ? "a file for stdin"
                : options.stdoutTo() != null ? "a file for stdout"
                : options.stderrTo() != null ? "a file for stderr" : null;
        if (what != null) {
            throw new UnsupportedOperationException(what + " needs the native spawn path (posix_spawn on Linux); this "
                    + "loop starts children with ProcessBuilder (" + mode.name().toLowerCase(java.util.Locale.ROOT)
                    + "), which cannot do it");
        }
    }

    private void watchExit(Process process, ChildProcessTransport transport) {
        if (process instanceof NativeProcess np) {
            try {
                PidfdExitWatch.start(loop, np, transport);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        process.onExit().whenComplete((p, err) -> {
            int status = exitStatus(process.exitValue());
            try {
                transport.exitSeen(status);
            } catch (IllegalStateException loopClosed) {
                // nobody is listening any more; the JDK has reaped the child
            }
        });
    }

    /** asyncio's returncode: minus the signal number when a signal ended the child. */
    static int exitStatus(int jdkExitValue) {
        if (jdkExitValue > SIGNAL_BASE && jdkExitValue <= SIGNAL_BASE + MAX_SIGNAL) {
            return SIGNAL_BASE - jdkExitValue;
        }
        return jdkExitValue;
    }

    void track(ChildProcessTransport transport) {
        if (live.add(transport)) {
            loop.countTransport(1);
        }
    }

    void forget(ChildProcessTransport transport) {
        if (live.remove(transport)) {
            loop.countTransport(-1);
        }
    }

    /** When the loop closes: kills every child still running; one that cannot be killed does not spare the rest. */
    private void killAll() {
        for (ChildProcessTransport t : List.copyOf(live)) {
            try {
                t.killIfRunning();
            } catch (RuntimeException e) {
                ExceptionReporting.LOGGER.log(System.Logger.Level.WARNING,
                        "could not kill child process " + t.getPid() + " while closing the loop", e);
            }
        }
        loop.countTransport(-live.size());
        live.clear();
    }
}
