package org.jasyncio.internal.net;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import org.jasyncio.internal.os.FdNumbers;
import org.jasyncio.internal.os.NativeSocketIo;
import org.jasyncio.internal.transport.WriteBuffer;

/**
 * A stream transport's system calls as recv and send on its descriptor, straight from and into the caller's buffer
 * whether it is direct or on the heap: a {@code write(byte[])} goes to the kernel from the array itself, where NIO
 * would copy it into a temporary direct buffer first. The channel stays the owner of the socket (it shuts it down and
 * is what the poller watches); the loop thread is the only one that reads or writes it.
 *
 * <p>The system calls go to a duplicate descriptor that this object owns, never to the channel's own number: the
 * channel can be closed behind the transport (by {@code loop.close()}, or by a user holding
 * {@code getExtraInfo("socket")}, from any thread), and its number may then be handed to another connection at once.
 * The duplicate keeps naming this socket until {@link #close} releases it on the loop thread, and every call first
 * checks that the channel is still open, so a closed transport fails with ClosedChannelException instead of reaching
 * any socket at all.
 */
final class NativeStreamIo implements StreamIo {
    private final SocketChannel channel;
    /** The duplicate this object owns; -1 once {@link #close} released it. */
    private int fd;
    private final StreamNetworking streams;
    private final NativeSocketIo io;
    /** What the write buffer drains into: made on first use, as most transports never queue. */
    private GatheringByteChannel drain;

    /** Duplicates the channel's descriptor; IOException when none can be had (EMFILE), and the caller takes NIO. */
    NativeStreamIo(SocketChannel channel, StreamNetworking streams) throws IOException {
        this.channel = channel;
        this.streams = streams;
        this.io = streams.nativeSocketIo();
        this.fd = io.duplicate(FdNumbers.of(channel));
    }

    /** The descriptor to call on, or ClosedChannelException once the channel or this object is closed. */
    private int ownedFd() throws ClosedChannelException {
        int f = fd;
        if (f < 0 || !channel.isOpen()) {
            throw new ClosedChannelException();
        }
        return f;
    }

    @Override
    public void close() {
        int f = fd;
        if (f >= 0) {
            fd = -1;
            io.close(f);
        }
    }

    /** Into the loop's one scratch array, then copied out once (a copy into a new array skips its zeroing). */
    @Override
    public byte[] readArray() throws IOException {
        byte[] scratch = streams.readArray();
        int n = io.read(ownedFd(), MemorySegment.ofArray(scratch));
        if (n <= 0) {
            return n < 0 ? null : NOTHING;
        }
        return Arrays.copyOf(scratch, n);
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        int n = io.read(ownedFd(), MemorySegment.ofBuffer(into));
        if (n > 0) {
            into.position(into.position() + n);
        }
        return n;
    }

    @Override
    public long write(ByteBuffer data) throws IOException {
        int n = io.write(ownedFd(), MemorySegment.ofBuffer(data));
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
