package org.jasyncio.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.jasyncio.internal.transport.WriteBuffer;

/** A stream transport's system calls through its NIO channel: the portable path. */
final class NioStreamIo implements StreamIo {
    private final SocketChannel channel;
    private final StreamNetworking streams;

    NioStreamIo(SocketChannel channel, StreamNetworking streams) {
        this.channel = channel;
        this.streams = streams;
    }

    /** Through the loop's one direct buffer, so that NIO makes no temporary copy of its own. */
    @Override
    public byte[] readArray() throws IOException {
        ByteBuffer scratch = streams.readBuffer();
        scratch.clear();
        int n = channel.read(scratch);
        if (n <= 0) {
            return n < 0 ? null : NOTHING;
        }
        byte[] data = new byte[n];
        scratch.flip();
        scratch.get(data);
        return data;
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        return channel.read(into);
    }

    @Override
    public long write(ByteBuffer data) throws IOException {
        return WriteBuffer.writeBounded(channel, data);
    }

    @Override
    public void drain(WriteBuffer queued) throws IOException {
        queued.flushTo(channel);
    }
}
