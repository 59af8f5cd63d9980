package org.jasyncio;

/**
 * The callbacks of a child process started by {@link EventLoop#subprocessExec} or {@link EventLoop#subprocessShell}
 * ({@code asyncio: asyncio.SubprocessProtocol}). File descriptor numbers are the child's: 0 stdin, 1 stdout,
 * 2 stderr. {@link #connectionLost} comes last, once the process has exited and every pipe is closed.
 *
 * <p>Loop-only: called by the loop thread.
 */
public interface SubprocessProtocol extends BaseProtocol {
    /**
     * The child wrote to its stdout or stderr. asyncio: {@code SubprocessProtocol.pipe_data_received}.
     *
     * @param fd 1 for stdout, 2 for stderr
     * @param data a fresh array with the bytes read, never empty; the protocol may keep it
     */
    default void pipeDataReceived(int fd, byte[] data) {
    }

    /**
     * One of the child's pipes closed. asyncio: {@code SubprocessProtocol.pipe_connection_lost}.
     *
     * @param fd 0, 1 or 2
     * @param exc null on a clean close, else the error
     */
    default void pipeConnectionLost(int fd, Throwable exc) {
    }

    /**
     * The child exited; {@link SubprocessTransport#getReturncode()} now has its status. Pipes may still hold data
     * that arrives after this call. asyncio: {@code SubprocessProtocol.process_exited}.
     */
    default void processExited() {
    }
}
