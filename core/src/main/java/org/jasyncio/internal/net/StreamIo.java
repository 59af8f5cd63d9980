package org.jasyncio.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import org.jasyncio.internal.os.NativeSocketIo;
import org.jasyncio.internal.transport.WriteBuffer;

/**
 * The system calls of one stream transport: recv and send on its descriptor where the JVM allows native access
 * ({@link NativeStreamIo}), the channel's own read and write otherwise ({@link NioStreamIo}). Loop thread only.
 */
sealed interface StreamIo permits NativeStreamIo, NioStreamIo {
    /** What {@link #readArray} returns when nothing is there to read now. */
    byte[] NOTHING = new byte[0];

    /** The native path wherever it runs, for every stream transport of the loop alike. */
    static StreamIo of(SocketChannel channel, StreamNetworking streams) {
        if (NativeSocketIo.available()) {
            return new NativeStreamIo(channel, streams);
        }
        return new NioStreamIo(channel, streams);
    }

    /**
     * Reads what is there, at most {@link SocketTransport#MAX_READ} bytes, into a fresh array of exactly that
     * length (the Protocol contract: the protocol may keep it): {@link #NOTHING} if no byte is there now, null at
     * end of stream.
     */
    byte[] readArray() throws IOException;

    /** Reads into {@code into}'s remaining space, moving its position: the bytes read, 0 if none, -1 at end of stream. */
    int read(ByteBuffer into) throws IOException;

    /** Writes what the socket takes now of {@code data}, moving its position past it: the bytes written. */
    long write(ByteBuffer data) throws IOException;


    /** Sends what the socket takes now of the bytes queued in {@code queued} (see {@link WriteBuffer#flushTo}). */
    void drain(WriteBuffer queued) throws IOException;
}
