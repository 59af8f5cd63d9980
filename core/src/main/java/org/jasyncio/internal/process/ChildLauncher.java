package org.jasyncio.internal.process;

import java.io.File;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Stdio;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.internal.os.FdNumbers;

/**
 * Starts a child with {@link ProcessBuilder}. On the selectable path (Linux with {@code /proc} and the fd numbers of
 * JDK channels readable) each PIPE is a {@link Pipe} made in the parent: the child's end is handed to the child as
 * {@code /proc/self/fd/N}, which the JDK opens in the parent and dup2s onto 0, 1 or 2, and the parent keeps the other
 * end, a selectable channel the loop polls like a socket. On the portable path the JDK's own (blocking) process streams
 * are used.
 */
final class ChildLauncher {
    private static final File DEV_NULL = new File("/dev/null");

    private ChildLauncher() {
    }

    /** Whether the selectable path works in this JVM. */
    static boolean selectableAvailable() {
        return FdNumbers.available() && Files.isDirectory(Path.of("/proc/self/fd"));
    }

    static LaunchedChild launch(List<String> command, SubprocessOptions options, boolean selectable) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (options.cwd() != null) {
            pb.directory(options.cwd().toFile());
        }
        if (options.env() != null) {
            Map<String, String> env = pb.environment();
            env.clear();
            env.putAll(options.env());
        }
        List<Channel> childEnds = new ArrayList<>(3);
        List<Channel> parentEnds = new ArrayList<>(3);
        Process process;
        try {
            Pipe in = null;
            Pipe out = null;
            Pipe err = null;
            switch (options.stdin()) {
                case PIPE -> {
                    if (selectable) {
                        in = Pipe.open();
                        parentEnds.add(in.sink());
                        childEnds.add(in.source());
                        pb.redirectInput(procFd(in.source()));
                    } else {
                        pb.redirectInput(ProcessBuilder.Redirect.PIPE);
                    }
                }
                case DEVNULL -> pb.redirectInput(DEV_NULL);
                default -> pb.redirectInput(ProcessBuilder.Redirect.INHERIT);
            }
            out = outputPipe(options.stdout(), selectable, childEnds, parentEnds);
            pb.redirectOutput(redirect(options.stdout(), out));
            if (options.stderr() == Stdio.STDOUT) {
                pb.redirectErrorStream(true);
            } else {
                err = outputPipe(options.stderr(), selectable, childEnds, parentEnds);
                pb.redirectError(redirect(options.stderr(), err));
            }
            process = pb.start();
            if (selectable) {
                return new LaunchedChild(process, in == null ? null : in.sink(), out == null ? null : out.source(),
                        err == null ? null : err.source());
            }
            return new LaunchedChild(process, options.stdin() == Stdio.PIPE ? process.getOutputStream() : null,
                    options.stdout() == Stdio.PIPE ? process.getInputStream() : null,
                    options.stderr() == Stdio.PIPE ? process.getErrorStream() : null);
        } catch (IOException | RuntimeException e) {
            closeAll(parentEnds);
            throw e;
        } finally {
            closeAll(childEnds);
        }
    }

    private static Pipe outputPipe(Stdio stdio, boolean selectable, List<Channel> childEnds, List<Channel> parentEnds) throws IOException {
        if (stdio != Stdio.PIPE || !selectable) {
            return null;
        }
        Pipe p = Pipe.open();
        childEnds.add(p.sink());
        parentEnds.add(p.source());
        return p;
    }

    private static ProcessBuilder.Redirect redirect(Stdio stdio, Pipe pipe) {
        return switch (stdio) {
            case PIPE -> pipe != null ? ProcessBuilder.Redirect.to(procFd(pipe.sink())) : ProcessBuilder.Redirect.PIPE;
            case DEVNULL -> ProcessBuilder.Redirect.DISCARD;
            default -> ProcessBuilder.Redirect.INHERIT;
        };
    }

    private static File procFd(java.nio.channels.SelectableChannel channel) {
        return new File("/proc/self/fd/" + FdNumbers.of(channel));
    }

    private static void closeAll(List<Channel> channels) {
        for (Channel c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing more to do for a pipe end we no longer need
            }
        }
    }
}
