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
 * <p>A system call goes to the channel's descriptor only while that number is certainly still this socket's. The
 * channel can be closed behind the transport (by {@code loop.close()}, or by a user holding
 * {@code getExtraInfo("socket")}, from any thread), and a freed number may be handed to another connection at once.
 * Two facts make the call safe: a closed channel reports it at once ({@code isOpen()}), and a non-blocking channel
 * registered with a selector defers the kernel's close until the selector lets go of it, which happens only inside
 * the loop thread's own poll. So on the loop thread, "open and registered" holds until this call returns. When the
 * channel is not registered (a moment at the start of a connection), the call goes through the channel's own NIO
 * method, which takes its locks. A closed transport fails with ClosedChannelException and reaches no socket at all.
 * No descriptor is duplicated: a connection costs the process one descriptor, as in NIO.
 */
final class NativeStreamIo implements StreamIo {
    private final SocketChannel channel;
    /** The channel's descriptor number: called on only while {@link #safeFd} vouches for it. */
    private final int fd;
    private final StreamNetworking streams;
    private final NativeSocketIo io;
    /** What the write buffer drains into: made on first use, as most transports never queue. */
    private GatheringByteChannel drain;

    NativeStreamIo(SocketChannel channel, StreamNetworking streams) {
        this.channel = channel;
        this.streams = streams;
        this.io = streams.nativeSocketIo();
        this.fd = FdNumbers.of(channel);
    }

    /**
     * The descriptor to call on now; -1 when only the channel's own method is safe (it is not registered, so another
     * thread's close would free the number at once); ClosedChannelException once the channel is closed. Loop thread.
     * An unregistered channel that its user set back to blocking fails instead: its own method would stall the loop.
     */
    private int safeFd() throws IOException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (channel.isRegistered()) {
            return fd;
        }
        if (channel.isBlocking()) {
            throw new IOException("the socket was set to blocking mode behind its transport");
        }
        return -1;
    }

    /** Into the loop's one scratch array, then copied out once (a copy into a new array skips its zeroing). */
    @Override
    public byte[] readArray() throws IOException {
        byte[] scratch = streams.readArray();
        int f = safeFd();
        int n = f >= 0 ? io.read(f, MemorySegment.ofArray(scratch)) : channel.read(ByteBuffer.wrap(scratch));
        if (n <= 0) {
            return n < 0 ? null : NOTHING;
        }
        return Arrays.copyOf(scratch, n);
    }

    @Override
    public int read(ByteBuffer into) throws IOException {
        int f = safeFd();
        if (f < 0) {
            return channel.read(into);
        }
        int n = io.read(f, MemorySegment.ofBuffer(into));
        if (n > 0) {
            into.position(into.position() + n);
        }
        return n;
    }

    @Override
    public long write(ByteBuffer data) throws IOException {
        int f = safeFd();
        if (f < 0) {
            return channel.write(data);
        }
        int n = io.write(f, MemorySegment.ofBuffer(data));
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
