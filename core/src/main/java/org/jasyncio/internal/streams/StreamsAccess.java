package org.jasyncio.internal.streams;

import org.jasyncio.BaseProtocol;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.WriteTransport;

/**
 * The library's way to the streams' package-private parts, for streams not made by {@code StreamReaderProtocol}
 * (subprocess pipes: asyncio's {@code SubprocessStreamProtocol} builds its writer on its own flow control). The
 * public writer class installs its operations here when it initialises; this package names neither public stream
 * class (the type parameters {@code R} and {@code W} stand for the reader and the writer), so the arrows between
 * them point one way, from the public package down.
 */
public final class StreamsAccess {
    private static volatile Operations<?, ?> operations;

    private StreamsAccess() {
    }

    /** Called once, by the writer class's static initialiser. */
    public static void install(Operations<?, ?> ops) {
        operations = ops;
    }

    /**
     * The installed operations, initialising {@code writerClass} (which installs them) first if need be.
     *
     * @throws IllegalStateException when {@code writerClass} installs none
     */
    @SuppressWarnings("unchecked")
    public static <R, W> Operations<R, W> get(Class<R> readerClass, Class<W> writerClass) {
        Operations<?, ?> ops = operations;
        if (ops == null) {
            try {
                Class.forName(writerClass.getName(), true, writerClass.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ops = operations;
            if (ops == null) {
                throw new IllegalStateException(writerClass.getName() + " installs no stream operations");
            }
        }
        return (Operations<R, W>) ops;
    }

    /** What the streams classes let the library do with their package-private parts: R the reader, W the writer. */
    public interface Operations<R, W> {
        /**
         * A writer on {@code transport} whose drain follows {@code flow} and whose waitClosed follows
         * {@code closeWaiter}; {@code reader} (may be null) is the one whose exception drain re-raises.
         */
        W newWriter(WriteTransport transport, DrainFlow flow, Future<Void> closeWaiter, R reader, EventLoop loop);

        /** Gives {@code reader} the transport it pauses above twice its limit (asyncio: {@code set_transport}). */
        void setTransport(R reader, ReadTransport transport);

        /** Binds a reader made outside the loop to {@code loop}. */
        void bindLoop(R reader, EventLoop loop);

        /**
         * The bytes the reader of {@code protocol} holds when it is a StreamReaderProtocol, taken out of it (empty for
         * any other protocol): a server's start_tls hands them to the TLS layer, as they are the start of the
         * handshake (asyncio, gh-142352).
         */
        byte[] takeBuffered(BaseProtocol protocol);
    }
}
