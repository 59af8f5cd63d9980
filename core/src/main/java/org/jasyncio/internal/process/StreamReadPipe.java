package org.jasyncio.internal.process;

import java.io.IOException;
import java.io.InputStream;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Semaphore;
import org.jasyncio.BaseProtocol;
import org.jasyncio.ReadTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * A read pipe over a blocking {@link InputStream} (System.in, a FIFO, a child's stdout on the portable path). A
 * virtual thread does the blocking reads and hands each chunk to the loop thread, which owns all the transport's
 * state. The reader may run at most {@link #IN_FLIGHT} chunks ahead of the protocol: a paused transport holds what
 * already arrived and the reader stops, so a paused reader stops reading.
 */
final class StreamReadPipe implements ReadTransport, PipeEnd {
    private static final int CHUNK = 64 * 1024;
    private static final int IN_FLIGHT = 2;

    private final SelectorEventLoop loop;
    private final InputStream in;
    private final Object pipe;
    private final Map<String, Object> extra;
    private final Semaphore credits = new Semaphore(IN_FLIGHT);
    /** Chunks that arrived while paused, then the end of file (an empty array) if it came too. */
    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private BaseProtocol protocol;
    private boolean closing;
    private boolean paused;
    private boolean lost;
    /** Set on the loop thread when the transport closes; the reader then stops without posting anything. */
    private volatile boolean stopped;

    StreamReadPipe(SelectorEventLoop loop, InputStream in, Object pipe, BaseProtocol protocol, Map<String, Object> extra) {
        this.loop = loop;
        this.in = in;
        this.pipe = pipe;
        this.protocol = protocol;
        this.extra = extra;
        loop.schedule(() -> this.protocol.connectionMade(this), null);
        loop.schedule(this::startReading, null);
    }

    private void startReading() {
        if (!closing) {
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
        if (closing) {
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
            if (loop.getDebug()) {
                System.getLogger("org.jasyncio").log(Level.INFO, this + " was closed by peer");
            }
            closing = true;
            stopped = true;
            loop.schedule(() -> PipeDelivery.eof(protocol), null);
            loop.schedule(() -> connectionLost(null), null);
            return;
        }
        credits.release();
        try {
            PipeDelivery.data(protocol, chunk);
        } catch (Throwable t) {
            PipeDelivery.report(loop, "Exception in callback " + this + ".readReady()", t, this, protocol);
        }
    }

    private void deliverHeld() {
        while (!paused && !closing && !held.isEmpty()) {
            deliver(held.poll());
        }
    }

    private void readFailed(IOException e) {
        if (closing) {
            return;
        }
        if (loop.getDebug()) {
            System.getLogger("org.jasyncio").log(Level.DEBUG, this + ": Fatal read error on pipe transport", e);
        }
        close(e);
    }

    @Override
    public boolean isReading() {
        return !paused && !closing;
    }

    @Override
    public void pauseReading() {
        if (isReading()) {
            paused = true;
        }
    }

    @Override
    public void resumeReading() {
        if (closing || !paused) {
            return;
        }
        paused = false;
        if (!held.isEmpty()) {
            loop.schedule(this::deliverHeld, null);
        }
    }

    @Override
    public void close() {
        if (!closing) {
            close(null);
        }
    }

    private void close(Throwable exc) {
        closing = true;
        stopped = true;
        held.clear();
        credits.release(IN_FLIGHT);
        loop.schedule(() -> connectionLost(exc), null);
    }

    @Override
    public void releaseNow() {
        closing = true;
        stopped = true;
        credits.release(IN_FLIGHT);
        try {
            in.close();
        } catch (IOException ignored) {
            // the stream is gone either way
        }
    }

    private void connectionLost(Throwable exc) {
        if (lost) {
            return;
        }
        lost = true;
        try {
            protocol.connectionLost(exc);
        } finally {
            try {
                in.close();
            } catch (IOException ignored) {
                // the stream is gone either way
            }
        }
    }

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V getExtraInfo(String name, V defaultValue) {
        if ("pipe".equals(name)) {
            return (V) pipe;
        }
        return extra != null && extra.containsKey(name) ? (V) extra.get(name) : defaultValue;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public String toString() {
        return "<ReadPipeTransport " + pipe + (closing ? " closing" : paused ? " paused" : " open") + ">";
    }
}
