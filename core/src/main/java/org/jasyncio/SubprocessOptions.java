package org.jasyncio;

import java.io.FileDescriptor;
import java.nio.channels.SelectableChannel;
import java.nio.file.Path;
import java.util.Map;
import org.jasyncio.internal.os.FdNumbers;

/**
 * The keyword arguments of {@code loop.subprocess_exec} and {@code loop.subprocess_shell}: an immutable value; each
 * wither returns a copy with one option changed.
 *
 * <!-- sample: statements -->
 * <pre>{@code
 * SubprocessOptions o = SubprocessOptions.defaults().stdin(Stdio.DEVNULL).stderr(Stdio.STDOUT).cwd(Path.of("/tmp"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param stdin what the child's stdin is connected to
 * @param stdout what the child's stdout is connected to
 * @param stderr what the child's stderr is connected to ({@link Stdio#STDOUT}: the same as stdout)
 * @param cwd the child's working directory, or null for the parent's
 * @param env the child's whole environment (not added to the parent's), or null for the parent's; copied
 * @param startNewSession whether the child calls {@code setsid()} before it runs: a new session and process group
 *     led by the child (asyncio's {@code start_new_session=True})
 * @param processGroup the process group the child joins with {@code setpgid(0, processGroup)}: 0 makes a new group
 *     led by the child; {@link #NO_PROCESS_GROUP} leaves it in the parent's (asyncio's {@code process_group=})
 * @param stdinFrom an open file the child reads as its stdin (asyncio's {@code stdin=f}), or null; {@code stdin} is
 *     then {@link Stdio#INHERIT}
 * @param stdoutTo an open file the child writes as its stdout (asyncio's {@code stdout=f}), or null; {@code stdout}
 *     is then {@link Stdio#INHERIT}
 * @param stderrTo an open file the child writes as its stderr (asyncio's {@code stderr=f}), or null; {@code stderr}
 *     is then {@link Stdio#INHERIT}
 */
public record SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Path cwd, Map<String, String> env,
        boolean startNewSession, int processGroup, FileDescriptor stdinFrom, FileDescriptor stdoutTo,
        FileDescriptor stderrTo) {

    /** {@link #processGroup()} when none was asked for (asyncio's {@code process_group=None}). */
    public static final int NO_PROCESS_GROUP = -1;

    /**
     * Checks the values and copies {@code env}.
     *
     * @throws IllegalArgumentException when a stream is null, {@link Stdio#STDOUT} is given for stdin or stdout,
     *     {@code processGroup} is below {@link #NO_PROCESS_GROUP}, or a stream has a file while its {@link Stdio} is
     *     not {@link Stdio#INHERIT}
     */
    public SubprocessOptions {
        if (stdin == null || stdout == null || stderr == null) {
            throw new IllegalArgumentException("stdin, stdout and stderr must not be null");
        }
        if (stdin == Stdio.STDOUT || stdout == Stdio.STDOUT) {
            throw new IllegalArgumentException("Stdio.STDOUT is only valid for stderr");
        }
        if (processGroup < NO_PROCESS_GROUP) {
            throw new IllegalArgumentException("process_group must be a process group id >= 0, got " + processGroup);
        }
        if ((stdinFrom != null && stdin != Stdio.INHERIT) || (stdoutTo != null && stdout != Stdio.INHERIT)
                || (stderrTo != null && stderr != Stdio.INHERIT)) {
            throw new IllegalArgumentException("a stream given a file descriptor must have Stdio.INHERIT as its Stdio");
        }
        env = env == null ? null : Map.copyOf(env);
    }

    /**
     * The options without session, process group or file changes (the shape before those were added).
     *
     * @param stdin what the child's stdin is connected to
     * @param stdout what the child's stdout is connected to
     * @param stderr what the child's stderr is connected to
     * @param cwd the child's working directory, or null for the parent's
     * @param env the child's whole environment, or null for the parent's
     * @throws IllegalArgumentException as the canonical constructor
     */
    public SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Path cwd, Map<String, String> env) {
        this(stdin, stdout, stderr, cwd, env, false, NO_PROCESS_GROUP, null, null, null);
    }

    /**
     * asyncio's defaults as the loop methods take them: all three streams {@link Stdio#PIPE}, the parent's directory
     * and environment.
     *
     * @return the default options
     */
    public static SubprocessOptions defaults() {
        return new SubprocessOptions(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE, null, null, false, NO_PROCESS_GROUP, null,
                null, null);
    }

    /**
     * What stdin is connected to (dropping a file given with {@link #stdinFrom(FileDescriptor)}). asyncio:
     * {@code stdin=}.
     *
     * @param v PIPE, DEVNULL or INHERIT
     * @return a copy with this option
     * @throws IllegalArgumentException when null or STDOUT
     */
    public SubprocessOptions stdin(Stdio v) {
        return new SubprocessOptions(v, stdout, stderr, cwd, env, startNewSession, processGroup, null, stdoutTo,
                stderrTo);
    }

    /**
     * What stdout is connected to (dropping a file given with {@link #stdoutTo(FileDescriptor)}). asyncio:
     * {@code stdout=}.
     *
     * @param v PIPE, DEVNULL or INHERIT
     * @return a copy with this option
     * @throws IllegalArgumentException when null or STDOUT
     */
    public SubprocessOptions stdout(Stdio v) {
        return new SubprocessOptions(stdin, v, stderr, cwd, env, startNewSession, processGroup, stdinFrom, null,
                stderrTo);
    }

    /**
     * What stderr is connected to (dropping a file given with {@link #stderrTo(FileDescriptor)}). asyncio:
     * {@code stderr=}.
     *
     * @param v PIPE, DEVNULL, STDOUT or INHERIT
     * @return a copy with this option
     * @throws IllegalArgumentException when null
     */
    public SubprocessOptions stderr(Stdio v) {
        return new SubprocessOptions(stdin, stdout, v, cwd, env, startNewSession, processGroup, stdinFrom, stdoutTo,
                null);
    }

    /**
     * The working directory. asyncio: {@code cwd=}.
     *
     * @param v the directory, or null for the parent's
     * @return a copy with this option
     */
    public SubprocessOptions cwd(Path v) {
        return new SubprocessOptions(stdin, stdout, stderr, v, env, startNewSession, processGroup, stdinFrom,
                stdoutTo, stderrTo);
    }

    /**
     * The child's whole environment (not added to the parent's). asyncio: {@code env=}.
     *
     * @param v the variables, or null for the parent's
     * @return a copy with this option
     */
    public SubprocessOptions env(Map<String, String> v) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, v, startNewSession, processGroup, stdinFrom,
                stdoutTo, stderrTo);
    }

    /**
     * Starts the child in a new session: it calls {@code setsid()} before it runs, so it leads a new session and a
     * new process group, has no controlling terminal, and a signal sent to the parent's process group (Ctrl-C in a
     * terminal) does not reach it. asyncio: {@code start_new_session=True}.
     *
     * <p>Needs the native spawn path (Linux, {@code posix_spawn} through the FFM API, the default where it works):
     * {@code ProcessBuilder}, which the other paths use, cannot do it, and there the spawn call throws
     * UnsupportedOperationException rather than start the child without it.
     *
     * @param v true for a new session
     * @return a copy with this option
     */
    public SubprocessOptions startNewSession(boolean v) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, v, processGroup, stdinFrom, stdoutTo, stderrTo);
    }

    /**
     * Puts the child in process group {@code v} before it runs ({@code setpgid(0, v)}): 0 makes a new group whose id
     * is the child's pid, so that {@code kill(-pid, sig)} reaches the child and everything it starts. With
     * {@link #startNewSession(boolean)} as well, the session is made first, as Python's {@code subprocess} does.
     * asyncio: {@code process_group=} (3.11).
     *
     * <p>Needs the native spawn path, as {@link #startNewSession(boolean)}. Joining a group that does not exist or
     * lies in another session fails the spawn with the system's error ("Operation not permitted").
     *
     * @param v the group id, 0 for a new group, or {@link #NO_PROCESS_GROUP} to stay in the parent's
     * @return a copy with this option
     * @throws IllegalArgumentException when {@code v} is below {@link #NO_PROCESS_GROUP}
     */
    public SubprocessOptions processGroup(int v) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, env, startNewSession, v, stdinFrom, stdoutTo,
                stderrTo);
    }

    /**
     * Makes the child read its stdin from an open file: the child gets a copy of {@code fd} (from
     * {@link java.io.FileInputStream#getFD()}, {@link java.io.RandomAccessFile#getFD()}, ...), so it reads from the
     * file's current position and shares that position with the parent, as Python's {@code stdin=f} does with
     * {@code f.fileno()}. The parent may close its own stream once the spawn call has returned. Sets
     * {@link #stdin()} to {@link Stdio#INHERIT}; a later {@link #stdin(Stdio)} drops the file. asyncio:
     * {@code stdin=f}.
     *
     * <p>Needs the native spawn path, as {@link #startNewSession(boolean)}; elsewhere the spawn call throws
     * UnsupportedOperationException.
     *
     * @param fd the open file, not null
     * @return a copy with this option
     * @throws IllegalArgumentException when {@code fd} is null
     */
    public SubprocessOptions stdinFrom(FileDescriptor fd) {
        return new SubprocessOptions(Stdio.INHERIT, stdout, stderr, cwd, env, startNewSession, processGroup,
                requireFd(fd), stdoutTo, stderrTo);
    }

    /**
     * Makes the child write its stdout to an open file: the child gets a copy of {@code fd} (from
     * {@link java.io.FileOutputStream#getFD()}, ...), so its output lands at the file's position, appended when the
     * file was opened to append, as Python's {@code stdout=f} does. {@code stderr(Stdio.STDOUT)} then sends stderr
     * there too. Sets {@link #stdout()} to {@link Stdio#INHERIT}; a later {@link #stdout(Stdio)} drops the file.
     * asyncio: {@code stdout=f}.
     *
     * <pre>{@code
     * try (FileOutputStream log = new FileOutputStream("build.log")) {
     *     Subprocess p = await(Asyncio.createSubprocessExec(List.of("make"),
     *             SubprocessOptions.defaults().stdoutTo(log.getFD()).stderr(Stdio.STDOUT)));
     *     await(p.waitAsync());
     * }
     * }</pre>
     *
     * <p>Needs the native spawn path, as {@link #startNewSession(boolean)}.
     *
     * @param fd the open file, not null
     * @return a copy with this option
     * @throws IllegalArgumentException when {@code fd} is null
     */
    public SubprocessOptions stdoutTo(FileDescriptor fd) {
        return new SubprocessOptions(stdin, Stdio.INHERIT, stderr, cwd, env, startNewSession, processGroup, stdinFrom,
                requireFd(fd), stderrTo);
    }

    /**
     * Makes the child write its stderr to an open file, as {@link #stdoutTo(FileDescriptor)} does for stdout. Sets
     * {@link #stderr()} to {@link Stdio#INHERIT}; a later {@link #stderr(Stdio)} drops the file. asyncio:
     * {@code stderr=f}.
     *
     * <p>Needs the native spawn path, as {@link #startNewSession(boolean)}.
     *
     * @param fd the open file, not null
     * @return a copy with this option
     * @throws IllegalArgumentException when {@code fd} is null
     */
    public SubprocessOptions stderrTo(FileDescriptor fd) {
        return new SubprocessOptions(stdin, stdout, Stdio.INHERIT, cwd, env, startNewSession, processGroup, stdinFrom,
                stdoutTo, requireFd(fd));
    }

    /**
     * {@link #stdinFrom(FileDescriptor)} for a channel: the child reads its stdin from {@code channel}'s descriptor,
     * such as the source end of a {@link java.nio.channels.Pipe} whose sink another child writes (a pipeline, what
     * Python does with {@code os.pipe()}), or a connected socket. Close the parent's copy once the child runs if the
     * parent has no more use for it. Leave the channel in blocking mode, as {@code os.pipe()}'s are: the child shares
     * its open file, so a non-blocking channel would make the child's reads fail with EAGAIN. asyncio:
     * {@code stdin=fd}.
     *
     * @param channel an open JDK channel
     * @return a copy with this option
     * @throws IllegalArgumentException when {@code channel} is null or not one of the JDK's own channels
     * @throws UnsupportedOperationException when the JVM does not export {@code sun.nio.ch} to the library
     */
    public SubprocessOptions stdinFrom(SelectableChannel channel) {
        return stdinFrom(descriptorOf(channel));
    }

    /**
     * {@link #stdoutTo(FileDescriptor)} for a channel: the child writes its stdout to {@code channel}'s descriptor,
     * such as the sink end of a {@link java.nio.channels.Pipe} that another child reads. Leave it in blocking mode, as
     * {@link #stdinFrom(SelectableChannel)} says.
     *
     * <pre>{@code
     * Pipe pipe = Pipe.open();                       // echo hello | tr a-z A-Z
     * Subprocess echo = await(Asyncio.createSubprocessExec(List.of("echo", "hello"),
     *         SubprocessOptions.defaults().stdin(Stdio.DEVNULL).stdoutTo(pipe.sink()).stderr(Stdio.INHERIT)));
     * Subprocess tr = await(Asyncio.createSubprocessExec(List.of("tr", "a-z", "A-Z"),
     *         SubprocessOptions.defaults().stdinFrom(pipe.source()).stderr(Stdio.INHERIT)));
     * pipe.sink().close();
     * pipe.source().close();
     * byte[] upper = await(tr.communicate()).stdout();   // "HELLO\n"
     * }</pre>
     *
     * @param channel an open JDK channel
     * @return a copy with this option
     * @throws IllegalArgumentException when {@code channel} is null or not one of the JDK's own channels
     * @throws UnsupportedOperationException when the JVM does not export {@code sun.nio.ch} to the library
     */
    public SubprocessOptions stdoutTo(SelectableChannel channel) {
        return stdoutTo(descriptorOf(channel));
    }

    /**
     * {@link #stderrTo(FileDescriptor)} for a channel, as {@link #stdoutTo(SelectableChannel)}.
     *
     * @param channel an open JDK channel
     * @return a copy with this option
     * @throws IllegalArgumentException when {@code channel} is null or not one of the JDK's own channels
     * @throws UnsupportedOperationException when the JVM does not export {@code sun.nio.ch} to the library
     */
    public SubprocessOptions stderrTo(SelectableChannel channel) {
        return stderrTo(descriptorOf(channel));
    }

    private static FileDescriptor descriptorOf(SelectableChannel channel) {
        if (channel == null) {
            throw new IllegalArgumentException("the channel must not be null");
        }
        return FdNumbers.descriptorOf(channel);
    }

    private static FileDescriptor requireFd(FileDescriptor fd) {
        if (fd == null) {
            throw new IllegalArgumentException("the file descriptor must not be null");
        }
        return fd;
    }
}
