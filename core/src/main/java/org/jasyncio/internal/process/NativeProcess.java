package org.jasyncio.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Pipe;
import java.util.concurrent.CountDownLatch;
import org.jasyncio.internal.loop.ExceptionReporting;
import org.jasyncio.internal.os.PosixSpawn;

/**
 * A child started with posix_spawnp, seen as a {@link Process} (what getExtraInfo("subprocess") returns). Its exit is
 * watched through a pidfd that sits behind a JDK pipe channel's descriptor, so the loop's selector can poll it; the
 * loop thread reaps it with waitid. The streams are empty: the child's pipes belong to the pipe transports.
 * {@link #exitValue()} follows the JDK's convention (128 + N for a signal N); the transport's returncode is asyncio's.
 */
final class NativeProcess extends Process {
    private static final int SIGNAL_BASE = 128;
    /** asyncio's returncode when the status was lost. */
    private static final int STATUS_UNKNOWN = 255;

    private final long pid;
    /** Selectable stand-in for the pidfd: its descriptor number now refers to the pidfd. */
    private final Pipe.SourceChannel exitChannel;
    private final int pidfd;
    private final CountDownLatch exited = new CountDownLatch(1);
    private volatile Integer returncode;

    NativeProcess(long pid, Pipe.SourceChannel exitChannel, int pidfd) {
        this.pid = pid;
        this.exitChannel = exitChannel;
        this.pidfd = pidfd;
    }

    Pipe.SourceChannel exitChannel() {
        return exitChannel;
    }

    /** The exit status in asyncio's form if the child has ended, else null. */
    Integer reap() throws IOException {
        Integer rc = returncode;
        if (rc != null) {
            return rc;
        }
        try {
            rc = PosixSpawn.reap(pidfd);
        } catch (PosixSpawn.StatusAlreadyReaped e) {
            ExceptionReporting.LOGGER.log(System.Logger.Level.WARNING,
                    "child process pid " + pid + " exit status already read: will report returncode 255");
            rc = STATUS_UNKNOWN;
        }
        if (rc != null) {
            synchronized (this) { // a signal from another thread never reaches the pidfd's number once closed
                returncode = rc;
                exitChannel.close();
            }
            exited.countDown();
        }
        return rc;
    }

    /** After SIGKILL, when no loop will poll the pidfd again: waits (a few milliseconds at most) and reaps. */
    Integer reapAfterKill(long timeoutMillis) throws IOException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        Integer rc;
        while ((rc = reap()) == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return rc;
    }

    /**
     * Sends {@code signal} through the pidfd (never to another process that got the pid again) unless the child has
     * been reaped. A child that has ended but is not yet reaped is skipped quietly, as Popen.send_signal ignores
     * ProcessLookupError.
     */
    synchronized void signal(int signal) throws IOException {
        if (returncode == null && exitChannel.isOpen()) {
            PosixSpawn.pidfdSendSignal(pidfd, signal);
        }
    }

    @Override
    public long pid() {
        return pid;
    }

    @Override
    public OutputStream getOutputStream() {
        return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream getInputStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public InputStream getErrorStream() {
        return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() throws InterruptedException {
        exited.await();
        return exitValue();
    }

    @Override
    public int exitValue() {
        Integer rc = returncode;
        if (rc == null) {
            throw new IllegalThreadStateException("process hasn't exited");
        }
        return rc < 0 ? SIGNAL_BASE - rc : rc;
    }

    @Override
    public boolean isAlive() {
        return returncode == null;
    }

    @Override
    public void destroy() {
        signalUnchecked(15);
    }

    @Override
    public Process destroyForcibly() {
        signalUnchecked(9);
        return this;
    }

    @Override
    public boolean supportsNormalTermination() {
        return true;
    }

    private void signalUnchecked(int signal) {
        try {
            signal(signal);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        Integer rc = returncode;
        return "NativeProcess[pid=" + pid + ", " + (rc == null ? "running" : "returncode=" + rc) + "]";
    }
}
