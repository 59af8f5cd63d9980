package org.jasyncio.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.Pipe;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.ProcessLookupError;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.observe.FlightEvents;
import org.jasyncio.internal.os.PosixProcessCalls;
import org.jasyncio.internal.os.SignalNames;
import org.jasyncio.internal.transport.ErrorReports;
import org.jasyncio.internal.transport.TransportBase;

/**
 * asyncio's {@code BaseSubprocessTransport}: one child and up to three pipe transports. Every protocol call goes
 * through {@link #call}, queued until connectionMade ran and scheduled after that, so the protocol sees asyncio's
 * order; connectionLost comes once the exit status is known and every pipe has closed.
 */
final class ChildProcessTransport implements SubprocessTransport {
    private final SelectorEventLoop loop;
    private final Subprocesses owner;
    private final Process process;
    private final long pid;
    private final ChildPipeProtocol[] pipes = new ChildPipeProtocol[3];
    private SubprocessProtocol protocol;
    private List<Runnable> pendingCalls = new ArrayList<>();
    private Integer returncode;
    /** When the child started, for the Flight Recorder's subprocess events (0 while they are off). */
    long spawnedAt;
    private boolean closed;
    private boolean finished;
    /** asyncio's {@code _proc = None}: after connectionLost, signals fail with ProcessLookupError. */
    private boolean released;

    ChildProcessTransport(SelectorEventLoop loop, Subprocesses owner, SubprocessProtocol protocol, LaunchedChild child) {
        this.loop = loop;
        this.owner = owner;
        this.protocol = protocol;
        this.process = child.process();
        this.pid = process.pid();
        connectPipes(child);
    }

    /** Makes the pipe transports; each schedules its own connectionMade, which therefore runs before ours. */
    private void connectPipes(LaunchedChild child) {
        Object[] ends = {child.stdin(), child.stdout(), child.stderr()};
        try {
            for (int fd = 0; fd < 3; fd++) {
                if (ends[fd] == null) {
                    continue;
                }
                ChildPipeProtocol p = new ChildPipeProtocol(this, fd);
                pipes[fd] = p;
                p.pipe = switch (ends[fd]) {
                    case Pipe.SinkChannel sink -> new SelectableWritePipe(loop, sink, p);
                    case Pipe.SourceChannel source -> new SelectableReadPipe(loop, source, p);
                    case OutputStream out -> new StreamWritePipe(loop, out, out, p);
                    case InputStream in -> new StreamReadPipe(loop, in, in, p);
                    default -> throw new IllegalStateException("not a pipe end: " + ends[fd]);
                };
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Schedules connectionMade, then the calls that were waiting for it, then {@code afterwards}. */
    void start(Runnable afterwards) {
        loop.schedule(() -> {
            try {
                protocol.connectionMade(this);
            } catch (Throwable t) {
                ErrorReports.report(loop, "Exception in callback " + protocol + ".connectionMade()", t, this, protocol);
            }
            List<Runnable> calls = pendingCalls;
            pendingCalls = null;
            for (Runnable r : calls) {
                loop.schedule(r, null);
            }
            afterwards.run();
        }, null);
    }

    /**
     * The exit watcher has seen the child end; any thread. As asyncio's {@code _child_watcher_callback}
     * ({@code call_soon_threadsafe(call_soon, _process_exited)}), the exit is handled one iteration later, so that what
     * the pipes already hold, their ends of file and the losses of pipes {@link #close()} closed reach the protocol
     * before {@code processExited}.
     *
     * @throws IllegalStateException if the loop is closed
     */
    void exitSeen(int status) {
        loop.callSoonThreadsafe(() -> {
            stdinReaderGone();
            loop.schedule(() -> processExited(status), null);
        });
    }

    /**
     * Nobody reads the child's stdin any more. asyncio learns it from the pipe itself, usually in the same poll as
     * the exit, so the loss of pipe 0 comes before {@code processExited}.
     */
    private void stdinReaderGone() {
        ChildPipeProtocol stdin = pipes[0];
        if (stdin != null && !stdin.disconnected && stdin.pipe instanceof WritePipeBase w) {
            w.peerClosed();
        }
    }

    /** The exit, handled on the loop thread (through {@link #exitSeen}). */
    private void processExited(int status) {
        if (returncode != null) {
            return;
        }
        if (loop.getDebug()) {
            ErrorReports.LOGGER.log(Level.INFO, this + " exited with return code " + status);
        }
        returncode = status;
        FlightEvents.subprocessExited(getPid(), status, spawnedAt);
        call(() -> protocol.processExited());
        tryFinish();
    }

    void pipeDataReceived(int fd, byte[] data) {
        call(() -> protocol.pipeDataReceived(fd, data));
    }

    void pipeConnectionLost(int fd, Throwable exc) {
        call(() -> protocol.pipeConnectionLost(fd, exc));
        tryFinish();
    }

    void protocolPauseWriting() {
        protocol.pauseWriting();
    }

    void protocolResumeWriting() {
        protocol.resumeWriting();
    }

    private void tryFinish() {
        if (finished || returncode == null) {
            return;
        }
        for (ChildPipeProtocol p : pipes) {
            if (p != null && !p.disconnected) {
                return;
            }
        }
        finished = true;
        call(this::callConnectionLost);
    }

    /** asyncio's {@code _call_connection_lost}: after telling the protocol, let go of it and of the process. */
    private void callConnectionLost() {
        try {
            protocol.connectionLost(null);
        } finally {
            released = true;
            protocol = null;
            owner.forget(this);
        }
    }

    private void call(Runnable r) {
        if (pendingCalls != null) {
            pendingCalls.add(r);
        } else {
            loop.schedule(r, null);
        }
    }

    @Override
    public long getPid() {
        return pid;
    }

    @Override
    public BaseTransport getPipeTransport(int fd) {
        if (fd < 0 || fd > 2 || pipes[fd] == null) {
            return null;
        }
        return pipes[fd].pipe;
    }

    @Override
    public Integer getReturncode() {
        return returncode;
    }

    @Override
    public void kill() {
        signal(9);
    }

    @Override
    public void terminate() {
        signal(15);
    }

    @Override
    public void sendSignal(String signal) {
        signal(SignalNames.number(signal));
    }

    /**
     * Popen.send_signal: no-op once the exit is known, or when the child has ended unseen (ESRCH is ignored, as
     * Popen does); {@link ProcessLookupError} once the transport let the process go (asyncio's {@code _check_proc}).
     */
    private void signal(int number) {
        if (released) {
            throw new ProcessLookupError("No such process: the transport has released child " + pid);
        }
        if (returncode != null) {
            return;
        }
        try {
            send(number);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void send(int number) throws IOException {
        if (process instanceof NativeProcess np) {
            np.signal(number);
        } else if (number == 9) {
            process.toHandle().destroyForcibly();
        } else if (number == 15) {
            process.toHandle().destroy();
        } else if (PosixProcessCalls.available()) {
            boolean ignored = PosixProcessCalls.kill(pid, number); // false: gone already, as Popen ignores
        } else {
            Process k = new ProcessBuilder("kill", "-" + number, Long.toString(pid)).start();
            try {
                k.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (ChildPipeProtocol p : pipes) {
            if (p != null && p.pipe != null) {
                p.pipe.close();
            }
        }
        if (!released && returncode == null && process.isAlive()) {
            if (loop.getDebug()) {
                ErrorReports.LOGGER.log(Level.WARNING, "Close running child process: kill " + this);
            }
            try {
                kill9();
            } catch (ProcessLookupError gone) {
                // asyncio's close ignores ProcessLookupError: the child is gone, which is what close wants
            }
        }
    }

    private void kill9() {
        if (process instanceof NativeProcess np) {
            np.destroyForcibly();
        } else {
            process.toHandle().destroyForcibly();
        }
    }

    /**
     * When the loop closes under a running child: kill it and close its pipes. The JDK's reaper collects a ProcessBuilder child; a native
     * one is reaped here, since no loop will poll its pidfd any more.
     */
    void killIfRunning() {
        try {
            if (returncode == null && process.isAlive()) {
                kill9();
            }
        } finally {
            for (ChildPipeProtocol p : pipes) {
                if (p != null && p.pipe instanceof TransportBase end) {
                    end.releaseNow();
                }
            }
        }
        if (process instanceof NativeProcess np) {
            try {
                np.reapAfterKill(5000);
            } catch (IOException e) {
                ErrorReports.LOGGER.log(Level.WARNING, "could not reap child " + pid, e);
            }
        }
    }

    @Override
    public boolean isClosing() {
        return closed;
    }

    @Override
    public Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V getExtraInfo(String name, V defaultValue) {
        return "subprocess".equals(name) ? (V) process : defaultValue;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        if (!(protocol instanceof SubprocessProtocol sp)) {
            throw new IllegalArgumentException("a subprocess transport needs a SubprocessProtocol, not " + protocol);
        }
        this.protocol = sp;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<SubprocessTransport");
        if (closed) {
            sb.append(" closed");
        }
        sb.append(" pid=").append(pid);
        sb.append(returncode != null ? " returncode=" + returncode : " running");
        for (int fd = 0; fd < 3; fd++) {
            if (pipes[fd] != null) {
                sb.append(' ').append(new String[] {"stdin", "stdout", "stderr"}[fd]).append('=').append(pipes[fd].pipe);
            }
        }
        return sb.append('>').toString();
    }
}
