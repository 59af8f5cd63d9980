package org.jasyncio.internal.process;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.WritableByteChannel;
import java.util.Map;
import org.jasyncio.BaseProtocol;
import org.jasyncio.internal.loop.IoHandler;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.transport.WriteBuffer;

/**
 * asyncio's {@code _UnixWritePipeTransport} over a selectable channel: a write goes straight to the pipe when nothing
 * is queued; what the pipe does not take waits in a {@link WriteBuffer} and is flushed when the poller says the pipe
 * is writable again.
 */
final class SelectableWritePipe extends WritePipeBase implements IoHandler {
    private final SelectableChannel channel;
    private final WritableByteChannel sink;
    private final WriteBuffer buffer = new WriteBuffer();
    private PollKey key;

    <C extends SelectableChannel & WritableByteChannel> SelectableWritePipe(SelectorEventLoop loop, C channel, BaseProtocol protocol,
            Map<String, Object> extra) throws IOException {
        super(loop, protocol, extra);
        loop.ensureNoWatcher(channel);
        channel.configureBlocking(false);
        this.channel = channel;
        this.sink = channel;
        loop.schedule(() -> this.protocol.connectionMade(this), null);
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
                connLost++;
                fatalError(e, "Fatal write error on pipe transport");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            try {
                watchWritable(true);
            } catch (IOException e) {
                connLost++;
                fatalError(e, "Fatal write error on pipe transport");
                return;
            }
        }
        buffer.addCopy(data);
        flow.maybePause(buffer.size(), protocol);
    }

    @Override
    public void onReady(int readyOps) {
        try {
            buffer.flushTo(sink);
        } catch (IOException | RuntimeException e) {
            buffer.clear();
            connLost++;
            cancelKey();
            fatalError(e, "Fatal write error on pipe transport");
            return;
        }
        if (buffer.isEmpty()) {
            key.interestOps(0);
            flow.maybeResume(0, protocol); // may write again
            if (closing && buffer.isEmpty()) {
                cancelKey();
                connectionLost(null);
            }
        }
    }

    @Override
    public Object owner() {
        return this;
    }

    private void watchWritable(boolean on) throws IOException {
        if (key == null) {
            key = loop.poller().register(channel, on ? SelectionKey.OP_WRITE : 0, this);
        } else {
            key.interestOps(on ? SelectionKey.OP_WRITE : 0);
        }
    }

    @Override
    public int getWriteBufferSize() {
        return buffer.size();
    }

    @Override
    boolean hasPendingWrites() {
        return !buffer.isEmpty();
    }

    @Override
    void dropPending() {
        buffer.clear();
        cancelKey();
    }

    @Override
    void release() {
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
