package org.jasyncio.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.Semaphore;
import org.jasyncio.BaseProtocol;
import org.jasyncio.ReadTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.TransportBase;

/**
 * A read pipe over a blocking {@link InputStream} (System.in, a FIFO, a child's stdout on the portable path). A
 * virtual thread does the blocking reads and hands each chunk to the loop thread, which owns all the transport's
 * state. The reader may run at most {@link #IN_FLIGHT} chunks ahead of the protocol: a paused transport holds what
 * already arrived and the reader stops, so a paused reader stops reading. Closing, the fatal error and connectionLost
 * are {@link TransportBase}'s; the reader is never registered with the poller.
 */
final class StreamReadPipe extends TransportBase implements ReadTransport {
    private static final int CHUNK = 64 * 1024;
    private static final int IN_FLIGHT = 2;

    private final InputStream in;
    private final Object pipe;
    private final Semaphore credits = new Semaphore(IN_FLIGHT);
    /** Chunks that arrived while paused, then the end of file (an empty array) if it came too. */
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private boolean paused;
    /** Set on the loop thread when the transport closes; the reader then stops without posting anything. */
    private volatile boolean stopped;

    StreamReadPipe(SelectorEventLoop loop, InputStream in, Object pipe, BaseProtocol protocol) {
        super(loop);
        this.in = in;
        this.pipe = pipe;
        setProtocol(protocol);
        loop.schedule(() -> getProtocol().connectionMade(this), null);
        loop.schedule(this::startReading, null);
    }

    private void startReading() {
        if (!isClosing()) {
            Thread.ofVirtual().name("jasyncio-pipe-reader").start(this::readLoop);
        }
    }

    /** The reader thread. */
    private void readLoop() {
        byte[] buf = new byte[CHUNK];
        try {
            while (true) {
                credits.acquire();
                if (stopped) {
                    return;
                }
                int n = in.read(buf, 0, CHUNK);
                if (stopped) {
                    return;
                }
                byte[] chunk = n < 0 ? new byte[0] : Arrays.copyOf(buf, n);
                if (n == 0) {
                    credits.release();
                    continue;
                }
                post(() -> arrived(chunk));
                if (n < 0) {
                    return;
                }
            }
        } catch (IOException e) {
            if (!stopped) {
                post(() -> readFailed(e));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void post(Runnable r) {
        try {
            loop.callSoonThreadsafe(r);
        } catch (IllegalStateException loopClosed) {
            stopped = true;
        }
    }

    /** On the loop thread: a chunk, or the end of file as an empty array. */
    private void arrived(byte[] chunk) {
        if (isClosing()) {
            return;
        }
        if (paused || !held.isEmpty()) {
            held.add(chunk);
            return;
        }
        deliver(chunk);
    }

    private void deliver(byte[] chunk) {
        if (chunk.length == 0) {
            PipeDelivery.endOfFile(loop, this);
            return;
        }
        credits.release();
        BaseProtocol protocol = getProtocol();
        try {
            PipeDelivery.data(protocol, chunk);
        } catch (Throwable t) {
            reportFromReadyCallback("_read_ready", t); // asyncio calls it outside the pipe's error handling
        }
    }

    private void deliverHeld() {
        while (!paused && !isClosing() && !held.isEmpty()) {
            deliver(held.poll());
        }
    }

    private void readFailed(IOException e) {
        if (!isClosing()) {
            fatalError(e, "Fatal read error on pipe transport");
        }
    }

    /** asyncio's {@code _UnixReadPipeTransport._fatal_error}: only EIO is quiet (see {@link ReadPipeErrors}). */
    @Override
    protected boolean quietFatalError(Throwable exc) {
        return ReadPipeErrors.isQuiet(exc);
    }

    @Override
    public boolean isReading() {
        return !paused && !isClosing();
    }

    @Override
    public void pauseReading() {
        if (isReading()) {
            paused = true;
        }
    }

    @Override
    public void resumeReading() {
        if (isClosing() || !paused) {
            return;
        }
        paused = false;
        if (!held.isEmpty()) {
            loop.schedule(this::deliverHeld, null);
        }
    }

    // ------------------------------------------------------------------ what TransportBase asks of a read pipe

    /** The reader thread is never registered with the poller: it posts what it reads. */
    @Override
    protected void ready(int readyOps) {
    }

    /** The reader stops without posting anything more; what was held is dropped. */
    @Override
    protected void stopReading() {
        stopped = true;
        held.clear();
        credits.release(IN_FLIGHT);
    }

    @Override
    protected void stopWriting() {
    }

    @Override
    protected int bufferedBytes() {
        return 0;
    }

    @Override
    protected void dropBuffer() {
    }

    @Override
    protected void release() {
        stopReading();
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream is gone either way
        }
    }

    @Override
    protected Object extra(String name) {
        return "pipe".equals(name) ? pipe : null;
    }

    @Override
    protected void acceptProtocol(BaseProtocol protocol) {
        // any protocol: PipeDelivery checks its kind when data arrives
    }

    /** asyncio's class, as its handles name this transport's callbacks in a report. */
    @Override
    protected String asyncioName() {
        return "_UnixReadPipeTransport";
    }

    @Override
    public String toString() {
        return "<ReadPipeTransport " + pipe + (isClosing() ? " closing" : paused ? " paused" : " open") + ">";
    }
}
