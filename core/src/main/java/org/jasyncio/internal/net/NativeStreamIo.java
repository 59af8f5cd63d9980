package org.jasyncio.internal.net;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.jasyncio.internal.os.FdNumbers;
import org.jasyncio.internal.os.NativeSocketIo;
import org.jasyncio.internal.transport.WriteBuffer;

/**
 * A stream transport's system calls as recv and send on its descriptor, straight from and into the caller's buffer
 * whether it is direct or on the heap: a {@code write(byte[])} goes to the kernel from the array itself, where NIO
 * would copy it into a temporary direct buffer first. The channel stays the owner of the descriptor (it closes it,
 * shuts it down and is what the poller watches); the loop thread is the only one that reads or writes it.
 */
final class NativeStreamIo implements StreamIo {
    private final SocketChannel channel;
    private final int fd;
    private final StreamNetworking streams;
    private final NativeSocketIo io;
    /** What the write buffer drains into: made on first use, as most transports never queue. */
    private GatheringByteChannel drain;

    NativeStreamIo(SocketChannel channel, StreamNetworking streams) {
        this.channel = channel;
        this.fd = FdNumbers.of(channel);
        this.streams = streams;
        this.io = streams.nativeSocketIo();
    }

    /** Into the loop's one scratch array, then copied out once (a copy into a new array skips its zeroing). */
    @Override
    public byte[] readArray() throws IOException {
        byte[] scratch = streams.readArray();
        int n = io.read(fd, MemorySegment.ofArray(scratch));
        if (n <= 0) {
            return n < 0 ? null : NOTHING;
        }
        return Arrays.copyOf(scratch, n);
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        int n = io.read(fd, MemorySegment.ofBuffer(into));
        if (n > 0) {
            into.position(into.position() + n);
        }
        return n;
    }

    @Override
    public long write(ByteBuffer data) throws IOException {
        int n = io.write(fd, MemorySegment.ofBuffer(data));
        data.position(data.position() + n);
        return n;
    }

    /**
     * One queued buffer goes out by send like any write; several go through the channel's gathering write (an iovec
     * cannot point into the Java heap), which stages them as NIO does.
     */
    @Override
    public void drain(WriteBuffer queued) throws IOException {
        GatheringByteChannel d = drain;
        if (d == null) {
            d = drain = new Drain();
        }
        queued.flushTo(d);
    }

    private final class Drain implements GatheringByteChannel {
        @Override
        public int write(ByteBuffer src) throws IOException {
            return (int) NativeStreamIo.this.write(src);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return length == 1 ? write(srcs[offset]) : channel.write(srcs, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs) throws IOException {
            return write(srcs, 0, srcs.length);
        }

        @Override
        public boolean isOpen() {
            return channel.isOpen();
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
