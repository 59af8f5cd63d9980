package org.jasyncio;

/** asyncio.SubprocessTransport. */
public interface SubprocessTransport extends BaseTransport {
    long getPid();

    /** The transport of the child's stdin (0), stdout (1) or stderr (2); null when that stream is not a pipe. */
    BaseTransport getPipeTransport(int fd);

    /** Null while running; the exit status; minus the signal number when a signal ended the process. */
    Integer getReturncode();

    void kill();

    void sendSignal(String signal);

    void terminate();

    /** Closes the pipes and kills the process if it still runs. */
    @Override
    void close();
}
