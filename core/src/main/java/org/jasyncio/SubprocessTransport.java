package org.jasyncio;

/**
 * A child process and its pipes, made by {@link EventLoop#subprocessExec} or {@link EventLoop#subprocessShell}
 * ({@code asyncio: asyncio.SubprocessTransport}). Loop-only.
 */
public interface SubprocessTransport extends BaseTransport {
    /**
     * The child's process id. asyncio: {@code SubprocessTransport.get_pid}.
     *
     * @return the pid
     */
    long getPid();

    /**
     * The transport of one of the child's standard streams: write to stdin through a {@link WriteTransport}, pause
     * stdout or stderr through a {@link ReadTransport}. asyncio: {@code SubprocessTransport.get_pipe_transport}.
     *
     * @param fd 0 (stdin), 1 (stdout) or 2 (stderr)
     * @return the pipe's transport, or null when that stream is not a {@link Stdio#PIPE}
     */
    BaseTransport getPipeTransport(int fd);

    /**
     * The child's exit status. asyncio: {@code SubprocessTransport.get_returncode}.
     *
     * @return null while it runs; its exit status; minus the signal number when a signal ended it
     */
    Integer getReturncode();

    /**
     * Sends SIGKILL. Does nothing once the exit is known. asyncio: {@code SubprocessTransport.kill}.
     */
    void kill();

    /**
     * Sends a signal to the child. Does nothing once the exit is known. asyncio:
     * {@code SubprocessTransport.send_signal}.
     *
     * @param signal the signal's name, {@code "SIGTERM"} or {@code "TERM"}
     * @throws IllegalArgumentException for a name that is no signal
     */
    void sendSignal(String signal);

    /**
     * Sends SIGTERM. Does nothing once the exit is known. asyncio: {@code SubprocessTransport.terminate}.
     */
    void terminate();

    /**
     * Closes the pipes and kills the process if it still runs. asyncio: {@code SubprocessTransport.close}.
     */
    @Override
    void close();
}
