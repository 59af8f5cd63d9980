package org.jasyncio.internal.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.jasyncio.BaseProtocol;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * A write pipe over a blocking {@link OutputStream}. Bytes are copied into a queue that a virtual thread drains into
 * the stream; the loop thread counts them as buffered until the writer reports them written, so flow control sees the
 * same buffer size as on a selectable pipe. The writer reports in batches: one wake-up per run of writes. The writer
 * is never registered with the poller.
 */
final class StreamWritePipe extends WritePipeBase {
    /** Queued after the last bytes by writeEof/close: the writer closes the stream and reports. */
    private static final ByteBuffer END = ByteBuffer.allocate(0);

    private final OutputStream out;
    private final Object pipe;
    private final LinkedBlockingQueue<ByteBuffer> queue = new LinkedBlockingQueue<>();
    private final AtomicLong written = new AtomicLong();
    private long pending;
    private Thread writer;
    private boolean endQueued;
    private volatile boolean stopped;

    StreamWritePipe(SelectorEventLoop loop, OutputStream out, Object pipe, BaseProtocol protocol) {
        super(loop, protocol);
        this.out = out;
        this.pipe = pipe;
        loop.schedule(() -> getProtocol().connectionMade(this), null);
    }

    @Override
    Object pipe() {
        return pipe;
    }

    @Override
    void send(ByteBuffer data) {
        ByteBuffer copy = ByteBuffer.allocate(data.remaining());
        copy.put(data).flip();
        pending += copy.remaining();
        queue.add(copy);
        if (writer == null) {
            writer = Thread.ofVirtual().name("jasyncio-pipe-writer").start(this::writeLoop);
        }
        maybePauseProtocol();
    }

    /** The writer thread. */
    private void writeLoop() {
        try {
            while (true) {
                ByteBuffer b = queue.take();
                if (stopped) {
                    return;
                }
                if (b == END) {
                    out.close();
                    post(connectionLostCall(null));
                    return;
                }
                out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
                out.flush();
                if (written.getAndAdd(b.remaining()) == 0) {
                    post(this::drained);
                }
            }
        } catch (IOException e) {
            if (!stopped) {
                post(() -> writeFailed(e));
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

    /** On the loop thread: the writer reported progress. Once all is written, a closing pipe sends END. */
    private void drained() {
        pending -= written.getAndSet(0);
        if (pending == 0) {
            maybeResumeProtocol();
            if (isClosing() && !endQueued && !stopped) {
                endQueued = true;
                queue.add(END);
            }
        }
    }

    private void writeFailed(IOException e) {
        fatalError(e, "Fatal write error on pipe transport"); // the forced close counts the loss
    }

    /** The writer thread is never registered with the poller: it posts its progress. */
    @Override
    protected void ready(int readyOps) {
    }

    @Override
    protected int bufferedBytes() {
        return (int) Math.min(Integer.MAX_VALUE, pending);
    }

    @Override
    protected void stopWriting() {
        // dropBuffer and release stop the writer
    }

    @Override
    protected void dropBuffer() {
        stopped = true;
        queue.clear();
        queue.add(END); // wakes an idle writer so that it ends
        pending = 0;
    }

    @Override
    protected void release() {
        stopped = true;
        queue.add(END);
        try {
            out.close();
        } catch (IOException ignored) {
            // the stream is gone either way
        }
    }
}
