package org.jasyncio.internal.streams;

import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamReaderProtocol;
import org.jasyncio.StreamWriter;
import org.jasyncio.WriteTransport;

/**
 * The library's way to the streams' package-private parts, for streams not made by {@code StreamReaderProtocol}
 * (subprocess pipes: asyncio's {@code SubprocessStreamProtocol} builds its writer on its own flow control). The
 * streams classes install their operations here when they initialise.
 */
public final class StreamsAccess {
    private static volatile Operations operations;

    private StreamsAccess() {
    }

    /** Called once, by StreamWriter's static initialiser. */
    public static void install(Operations ops) {
        operations = ops;
    }

    /** The installed operations, initialising the streams classes first if need be. */
    public static Operations get() {
        Operations ops = operations;
        if (ops == null) {
            try {
                Class.forName(StreamWriter.class.getName(), true, StreamWriter.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
            ops = operations;
        }
        return ops;
    }

    /** What the streams classes let the library do with their package-private parts. */
    public interface Operations {
        /**
         * A writer on {@code transport} whose drain follows {@code flow} and whose waitClosed follows
         * {@code closeWaiter}; {@code reader} (may be null) is the one whose exception drain re-raises.
         */
        StreamWriter newWriter(WriteTransport transport, DrainFlow flow, Future<Void> closeWaiter, StreamReader reader,
                EventLoop loop);

        /** Gives {@code reader} the transport it pauses above twice its limit (asyncio: {@code set_transport}). */
        void setTransport(StreamReader reader, ReadTransport transport);

        /** Binds a reader made outside the loop to {@code loop}. */
        void bindLoop(StreamReader reader, EventLoop loop);

        /**
         * Takes the bytes {@code protocol}'s reader holds, leaving it empty: a server's start_tls hands them to the
         * TLS layer, as they are the start of the handshake (asyncio, gh-142352).
         */
        byte[] takeBuffered(StreamReaderProtocol protocol);
    }
}
