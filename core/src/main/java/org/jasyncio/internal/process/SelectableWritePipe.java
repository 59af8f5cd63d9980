package org.jasyncio.internal.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.WritableByteChannel;
import org.jasyncio.BaseProtocol;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.WriteBuffer;

/**
 * asyncio's {@code _UnixWritePipeTransport} over a selectable channel: a write goes straight to the pipe when nothing
 * is queued; what the pipe does not take waits in a {@link WriteBuffer} and is flushed when the poller says the pipe
 * is writable again.
 */
final class SelectableWritePipe extends WritePipeBase {
    private final SelectableChannel channel;
    private final WritableByteChannel sink;
    private final WriteBuffer buffer = new WriteBuffer();
    private PollKey key;

    <C extends SelectableChannel & WritableByteChannel> SelectableWritePipe(SelectorEventLoop loop, C channel, BaseProtocol protocol)
            throws IOException {
        super(loop, protocol);
        loop.ensureNoWatcher(channel);
        channel.configureBlocking(false);
        this.channel = channel;
        this.sink = channel;
        loop.schedule(() -> getProtocol().connectionMade(this), null);
    }

    @Override
    Object pipe() {
        return channel;
    }

    @Override
    void send(ByteBuffer data) {
        if (buffer.isEmpty()) {
            try {
                WriteBuffer.writeBounded(sink, data); // at most MAX_WRITE bytes of a heap buffer per call
            } catch (IOException | RuntimeException e) {
                fatalError(e, "Fatal write error on pipe transport"); // the forced close counts the loss
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            try {
                watchWritable(true);
            } catch (IOException e) {
                fatalError(e, "Fatal write error on pipe transport");
                return;
            }
        }
        buffer.addCopy(data);
        maybePauseProtocol();
    }

    /** asyncio's {@code _write_ready}: flush; once drained, resume the protocol and finish a pending close. */
    @Override
    protected void ready(int readyOps) {
        try {
            buffer.flushTo(sink);
        } catch (IOException | RuntimeException e) {
            buffer.clear();
            cancelKey();
            fatalError(e, "Fatal write error on pipe transport");
            return;
        }
        if (buffer.isEmpty()) {
            key.interestOps(0);
            maybeResumeProtocol(); // may write again
            if (isClosing() && buffer.isEmpty()) {
                cancelKey();
                drainedWhileClosing();
            }
        }
    }

    private void watchWritable(boolean on) throws IOException {
        if (key == null) {
            key = loop.poller().register(channel, on ? SelectionKey.OP_WRITE : 0, this);
        } else {
            key.interestOps(on ? SelectionKey.OP_WRITE : 0);
        }
    }

    @Override
    protected int bufferedBytes() {
        return buffer.size();
    }

    @Override
    protected void dropBuffer() {
        buffer.clear();
    }

    @Override
    protected void stopWriting() {
        cancelKey();
    }

    @Override
    protected void release() {
        cancelKey();
        try {
            channel.close();
        } catch (IOException ignored) {
            // the pipe is gone either way
        }
    }

    private void cancelKey() {
        if (key != null) {
            key.cancel();
            key = null;
        }
    }
}
