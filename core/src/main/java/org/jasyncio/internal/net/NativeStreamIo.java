package org.jasyncio.internal.net;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.jasyncio.internal.os.NativeSocketIo;

/**
 * A stream transport's system calls as recv and send on its descriptor, straight from and into the caller's buffer
 * whether it is direct or on the heap: a {@code write(byte[])} goes to the kernel from the array itself, where NIO
 * would copy it into a temporary direct buffer first. The channel stays the owner of the descriptor (it closes it,
 * shuts it down and is what the poller watches); the loop thread is the only one that reads or writes it.
 */
final class NativeStreamIo implements StreamIo {
    private final int fd;
    private final StreamNetworking streams;
    private final NativeSocketIo io;

    NativeStreamIo(int fd, StreamNetworking streams) {
        this.fd = fd;
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
}
