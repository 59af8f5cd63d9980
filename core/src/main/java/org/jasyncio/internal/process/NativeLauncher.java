package org.jasyncio.internal.process;

import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Stdio;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.internal.os.FdNumbers;
import org.jasyncio.internal.os.PosixSpawn.ChildFd;
import org.jasyncio.internal.os.PosixSpawn;

/**
 * The Linux fast path: pipes made in the parent with {@link Pipe#open()} (selectable channels), their child ends
 * handed to {@code posix_spawnp} as dup2 file actions, and the exit watched through a pidfd made selectable by
 * putting it behind one more pipe channel's descriptor (dup2), so the loop's own selector reports the exit.
 */
final class NativeLauncher {
    /** Puts a pidfd for the new child behind the exit channel's descriptor (a seam: tests make it fail). */
    interface ExitAttach {
        void attach(long pid, int exitFd) throws IOException;
    }

    static volatile ExitAttach attach = NativeLauncher::attachPidfd;

    private NativeLauncher() {
    }

    private static void attachPidfd(long pid, int exitFd) throws IOException {
        int pidfd = PosixSpawn.pidfdOpen(pid);
        try {
            PosixSpawn.dup2(pidfd, exitFd);
        } finally {
            PosixSpawn.close(pidfd);
        }
    }

    static boolean available() {
        return PosixSpawn.available() && FdNumbers.available();
    }

    static LaunchedChild launch(List<String> command, SubprocessOptions options) throws IOException {
        List<Channel> childEnds = new ArrayList<>(3);
        List<Channel> parentEnds = new ArrayList<>(4);
        try {
            ChildFd[] stdio = new ChildFd[3];
            Pipe.SinkChannel stdin = null;
            Pipe.SourceChannel stdout = null;
            Pipe.SourceChannel stderr = null;
            if (options.stdinFrom() != null) {
                stdio[0] = new PosixSpawn.DupFrom(fileNumber(options.stdinFrom(), "stdin"));
            } else if (options.stdin() == Stdio.PIPE) {
                Pipe p = Pipe.open();
                parentEnds.add(stdin = p.sink());
                childEnds.add(p.source());
                stdio[0] = new PosixSpawn.DupFrom(FdNumbers.of(p.source()));
            } else {
                stdio[0] = plain(options.stdin());
            }
            if (options.stdoutTo() != null) {
                stdio[1] = new PosixSpawn.DupFrom(fileNumber(options.stdoutTo(), "stdout"));
            } else if (options.stdout() == Stdio.PIPE) {
                Pipe p = Pipe.open();
                parentEnds.add(stdout = p.source());
                childEnds.add(p.sink());
                stdio[1] = new PosixSpawn.DupFrom(FdNumbers.of(p.sink()));
            } else {
                stdio[1] = plain(options.stdout());
            }
            if (options.stderrTo() != null) {
                stdio[2] = new PosixSpawn.DupFrom(fileNumber(options.stderrTo(), "stderr"));
            } else if (options.stderr() == Stdio.STDOUT) {
                stdio[2] = new PosixSpawn.SameAsStdout(); // file actions run in order: fd 1 is already the child's stdout
            } else if (options.stderr() == Stdio.PIPE) {
                Pipe p = Pipe.open();
                parentEnds.add(stderr = p.source());
                childEnds.add(p.sink());
                stdio[2] = new PosixSpawn.DupFrom(FdNumbers.of(p.sink()));
            } else {
                stdio[2] = plain(options.stderr());
            }
            Pipe exit = Pipe.open();
            parentEnds.add(exit.source());
            childEnds.add(exit.sink());
            String cwd = options.cwd() == null ? null : options.cwd().toString();
            long pid = PosixSpawn.spawn(command, options.env(), cwd, stdio, options.startNewSession(), options.processGroup());
            int exitFd = FdNumbers.of(exit.source());
            try {
                attach.attach(pid, exitFd);
                exit.source().configureBlocking(false);
            } catch (IOException | RuntimeException | Error e) {
                // the child runs, but nothing will ever watch it or collect it: it must not outlive the failure
                PosixSpawn.killAndReap(pid);
                throw e;
            }
            return new LaunchedChild(new NativeProcess(pid, exit.source(), exitFd), stdin, stdout, stderr);
        } catch (IOException | RuntimeException e) {
            closeAll(parentEnds);
            throw e;
        } finally {
            closeAll(childEnds);
        }
    }

    /** The number of a file given for a child's stream; a closed one is refused, as Python's fileno() refuses it. */
    private static int fileNumber(java.io.FileDescriptor fd, String stream) {
        int n = fd.valid() ? FdNumbers.of(fd) : -1;
        if (n < 0) {
            throw new IllegalArgumentException("the file descriptor given for " + stream + " is not valid (closed?)");
        }
        return n;
    }

    private static ChildFd plain(Stdio stdio) {
        return stdio == Stdio.DEVNULL ? new PosixSpawn.DevNull() : new PosixSpawn.Inherit();
    }

    private static void closeAll(List<Channel> channels) {
        for (Channel c : channels) {
            try {
                c.close();
            } catch (IOException ignored) {
                // a pipe end the parent no longer needs
            }
        }
    }
}
