package org.jasyncio;

import java.util.List;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.process.Communication;
import org.jasyncio.internal.process.SubprocessStreamProtocol;
import org.jasyncio.internal.process.SubprocessStreams;

/**
 * A child process with stream pipes (asyncio: {@code asyncio.subprocess.Process}), made by
 * {@link Asyncio#createSubprocessExec} or {@link Asyncio#createSubprocessShell}: write to its {@link #stdin()}, read
 * its {@link #stdout()} and {@link #stderr()}, wait for its exit, or do all at once with {@link #communicate()}.
 * Named {@code Subprocess} because {@code java.lang.Process} owns the other name.
 *
 * <!-- sample: statements runs
 *      prints: a
 *      prints: b
 *      prints: exit status 0 -->
 * <pre>{@code
 * Subprocess p = Asyncio.await(Asyncio.createSubprocessExec(List.of("sort"),
 *         SubprocessOptions.defaults().stderr(Stdio.DEVNULL)));
 * Subprocess.Output out = Asyncio.await(p.communicate("b\na\n".getBytes()));
 * System.out.print(new String(out.stdout()));        // a, then b
 * System.out.println("exit status " + p.returncode());   // exit status 0
 * }</pre>
 *
 * <p>Loop-only: use it from tasks and callbacks of the loop that made it.
 */
public final class Subprocess {
    /**
     * What {@link #communicate()} collected.
     *
     * <p>Thread-safe to hand to another thread; the arrays are not copied, so do not change them while others read
     * them.
     *
     * @param stdout everything the child wrote to stdout, or null when stdout was not a pipe
     * @param stderr everything the child wrote to stderr, or null when stderr was not a pipe
     */
    public record Output(byte[] stdout, byte[] stderr) {
    }

    private final SubprocessTransport transport;
    private final SubprocessStreamProtocol protocol;
    private final SelectorEventLoop loop;

    private Subprocess(SubprocessTransport transport, SubprocessStreamProtocol protocol) {
        this.transport = transport;
        this.protocol = protocol;
        this.loop = (SelectorEventLoop) protocol.stdinLoop();
    }

    static Future<Subprocess> exec(List<String> args, SubprocessOptions options, int limit) {
        checkLimit(limit);
        if (args == null || args.isEmpty()) {
            throw new IllegalArgumentException("args must name the program to run");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        return SubprocessStreams.create(limit,
                factory -> Asyncio.getRunningLoop().subprocessExec(factory, args, options), Subprocess::new);
    }

    static Future<Subprocess> shell(String cmd, SubprocessOptions options, int limit) {
        checkLimit(limit);
        if (cmd == null) {
            throw new IllegalArgumentException("cmd must not be null");
        }
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        return SubprocessStreams.create(limit,
                factory -> Asyncio.getRunningLoop().subprocessShell(factory, cmd, options), Subprocess::new);
    }

    /** The stream readers' limit is checked before anything starts, as asyncio's StreamReader checks it. */
    private static void checkLimit(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
    }

    /**
     * The child's process id.
     *
     * <p>asyncio: {@code Process.pid}.
     *
     * @return the pid
     */
    public long pid() {
        return transport.getPid();
    }

    /**
     * The writer on the child's stdin: {@code write}, {@code drain}, {@code close} (the child then sees the end of
     * its input).
     *
     * <p>asyncio: {@code Process.stdin}.
     *
     * @return the writer, or null when stdin is not {@link Stdio#PIPE}
     */
    public StreamWriter stdin() {
        return protocol.stdin();
    }

    /**
     * The reader on the child's stdout.
     *
     * <p>asyncio: {@code Process.stdout}.
     *
     * @return the reader, or null when stdout is not {@link Stdio#PIPE}
     */
    public StreamReader stdout() {
        return protocol.stdout();
    }

    /**
     * The reader on the child's stderr.
     *
     * <p>asyncio: {@code Process.stderr}.
     *
     * @return the reader, or null when stderr is not {@link Stdio#PIPE} (also with {@link Stdio#STDOUT})
     */
    public StreamReader stderr() {
        return protocol.stderr();
    }

    /**
     * The exit status once the child has exited.
     *
     * <p>asyncio: {@code Process.returncode}.
     *
     * @return null while it runs; its exit status; minus the signal number when a signal ended it
     */
    public Integer returncode() {
        return transport.getReturncode();
    }

    /**
     * Waits for the child to exit: done with the exit status at once when it is known, else once the child exited and
     * its pipes closed. With a stdout or stderr pipe, read it meanwhile (or use {@link #communicate()}): a child that
     * fills a pipe nobody reads never exits.
     *
     * <p>asyncio: {@code Process.wait()} (named {@code waitAsync}: {@code Object.wait} is final); loop-only.
     *
     * @return a future of the exit status
     */
    public Future<Integer> waitAsync() {
        return protocol.waitAsync();
    }

    /**
     * {@link #communicate(byte[])} with no input: closes stdin, reads stdout and stderr to their end, waits for the
     * exit.
     *
     * <p>asyncio: {@code Process.communicate()}; loop-only.
     *
     * @return a future of both outputs
     */
    public Future<Output> communicate() {
        return communicate(null);
    }

    /**
     * Writes {@code input} to stdin and closes it, reads stdout and stderr to their end, all at once, then waits for
     * the child to exit. A child that exits without reading its input does not make this fail (a broken pipe while
     * writing is ignored, as asyncio ignores it). Cancelling the future cancels the reads and the wait; the child goes
     * on running.
     *
     * <p>asyncio: {@code Process.communicate(input)}; loop-only.
     *
     * @param input the bytes for stdin, or null for none (ignored when stdin is not a pipe)
     * @return a future of both outputs (null for a stream that is not a pipe)
     */
    public Future<Output> communicate(byte[] input) {
        return new Communication<>(loop, protocol, transport, input, Output::new);
    }

    /**
     * Sends {@code signal} to the child; does nothing once its exit is known while the transport still holds the
     * child, and fails once the transport let it go (the child exited and every pipe closed: what a
     * {@link #waitAsync()} that had to wait, or {@link #communicate()}, waited for), as asyncio's {@code _check_proc}.
     *
     * <p>asyncio: {@code Process.send_signal}; loop-only.
     *
     * @param signal the signal's name, {@code "SIGHUP"} or {@code "HUP"}
     * @throws IllegalArgumentException for a name that is no signal
     * @throws ProcessLookupError once the transport let the child go
     */
    public void sendSignal(String signal) {
        transport.sendSignal(signal);
    }

    /**
     * Sends SIGTERM to the child, as {@link #sendSignal(String)}.
     *
     * <p>asyncio: {@code Process.terminate}; loop-only.
     *
     * @throws ProcessLookupError once the transport let the child go
     */
    public void terminate() {
        transport.terminate();
    }

    /**
     * Sends SIGKILL to the child, as {@link #sendSignal(String)}.
     *
     * <p>asyncio: {@code Process.kill}; loop-only.
     *
     * @throws ProcessLookupError once the transport let the child go
     */
    public void kill() {
        transport.kill();
    }

    /** asyncio's repr: {@code <Process 4242>}. */
    @Override
    public String toString() {
        return "<Subprocess " + pid() + ">";
    }
}
