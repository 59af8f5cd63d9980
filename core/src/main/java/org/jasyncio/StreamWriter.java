package org.jasyncio;

import java.nio.ByteBuffer;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import org.jasyncio.internal.streams.DrainFlow;
import org.jasyncio.internal.streams.StreamsAccess;

/**
 * The sending side of a stream connection: writes go to the transport's buffer at once, and {@link #drain()} is
 * what a writer awaits to respect flow control.
 *
 * <!-- sample: statements
 *      given: StreamWriter writer; byte[] data -->
 * <pre>{@code
 * writer.write(data);
 * Asyncio.await(writer.drain());   // waits only while the transport's buffer is above its high-water mark
 * writer.close();
 * Asyncio.await(writer.waitClosed());
 * }</pre>
 *
 * <p>asyncio: {@code asyncio.StreamWriter}. Loop-only.
 */
public final class StreamWriter {
    static {
        StreamsAccess.install(new StreamsAccess.Operations<StreamReader, StreamWriter>() {
            @Override
            public StreamWriter newWriter(WriteTransport transport, DrainFlow flow, Future<Void> closeWaiter,
                    StreamReader reader, EventLoop loop) {
                return new StreamWriter(transport, null, flow, closeWaiter, reader, loop);
            }

            @Override
            public void setTransport(StreamReader reader, ReadTransport transport) {
                reader.setTransport(transport);
            }

            @Override
            public void bindLoop(StreamReader reader, EventLoop loop) {
                reader.bindLoop(loop);
            }

            @Override
            public byte[] takeBuffered(BaseProtocol protocol) {
                return protocol instanceof StreamReaderProtocol streams ? streams.takeBuffered() : new byte[0];
            }
        });
    }

    private WriteTransport transport;
    private final StreamReaderProtocol protocol;
    private final DrainFlow flow;
    private final Future<Void> closeWaiter;
    private final StreamReader reader;
    private final EventLoop loop;

    /**
     * A writer on {@code transport}, whose flow control {@code protocol} follows (the protocol the transport calls).
     *
     * <p>asyncio: {@code StreamWriter(transport, protocol, reader, loop)}.
     *
     * @param transport the connection's transport
     * @param protocol the transport's protocol
     * @param reader the connection's reader, whose exception {@link #drain()} re-raises; may be null
     * @param loop the connection's loop
     */
    public StreamWriter(WriteTransport transport, StreamReaderProtocol protocol, StreamReader reader, EventLoop loop) {
        this(transport, protocol, protocol.flow(), protocol.closed(), reader, loop);
    }

    private StreamWriter(WriteTransport transport, StreamReaderProtocol protocol, DrainFlow flow,
            Future<Void> closeWaiter, StreamReader reader, EventLoop loop) {
        this.transport = transport;
        this.protocol = protocol;
        this.flow = flow;
        this.closeWaiter = closeWaiter;
        this.reader = reader;
        this.loop = loop;
    }

    /**
     * The transport written to (after {@link #startTls}, the TLS one).
     *
     * <p>asyncio: {@code StreamWriter.transport}.
     *
     * @return the transport
     */
    public WriteTransport transport() {
        return transport;
    }

    /**
     * Queues {@code data} to be sent; never waits (await {@link #drain()} for flow control). The array may be
     * reused once this returns.
     *
     * <p>asyncio: {@code StreamWriter.write}.
     *
     * @param data the bytes
     */
    public void write(byte[] data) {
        transport.write(data);
    }

    /**
     * Queues the buffer's remaining bytes, moving its position to its limit; the transport copies what it cannot
     * send at once.
     *
     * <p>asyncio: {@code StreamWriter.write} (with a memoryview).
     *
     * @param data the bytes
     */
    public void write(ByteBuffer data) {
        transport.write(data);
    }

    /**
     * Queues each array in turn.
     *
     * <p>asyncio: {@code StreamWriter.writelines}.
     *
     * @param data the chunks
     */
    public void writelines(Iterable<byte[]> data) {
        transport.writelines(data);
    }

    /**
     * Whether {@link #writeEof()} is possible (not over TLS, for one).
     *
     * <p>asyncio: {@code StreamWriter.can_write_eof}.
     *
     * @return true for TCP and Unix sockets, false over TLS
     */
    public boolean canWriteEof() {
        return transport.canWriteEof();
    }

    /**
     * Closes the sending side once the buffer is flushed; the reader may go on reading (half-close).
     *
     * <p>asyncio: {@code StreamWriter.write_eof}.
     */
    public void writeEof() {
        transport.writeEof();
    }

    /**
     * Closes the connection: queued bytes are still sent, then the transport closes. Await {@link #waitClosed()}
     * for the end.
     *
     * <p>asyncio: {@code StreamWriter.close}.
     */
    public void close() {
        transport.close();
    }

    /**
     * Whether the connection is closed or closing.
     *
     * <p>asyncio: {@code StreamWriter.is_closing}.
     *
     * @return true once closing or closed
     */
    public boolean isClosing() {
        return transport.isClosing();
    }

    /**
     * A future done when the connection is lost: with null after a clean close, with the connection's error
     * otherwise. Cancelling the returned future cancels only this wait.
     *
     * <p>asyncio: {@code StreamWriter.wait_closed}.
     *
     * @return a future done when the connection is gone
     */
    public Future<Void> waitClosed() {
        if (closeWaiter.done()) {
            return closeWaiter;
        }
        Future<Void> f = loop.createFuture();
        follow(closeWaiter, f);
        return f;
    }

    /**
     * Transport details by name ("peername", "sockname", "socket", "sslcontext", "ssl_object", "peercert", ...), or
     * null.
     *
     * <p>asyncio: {@code StreamWriter.get_extra_info(name)}.
     *
     * @param name the detail's name
     * @return the detail, or null
     */
    public Object getExtraInfo(String name) {
        return transport.getExtraInfo(name);
    }

    /**
     * Transport details by name, or {@code defaultValue}.
     *
     * <p>asyncio: {@code StreamWriter.get_extra_info(name, default)}.
     *
     * @param <V> the detail's type
     * @param name the detail's name
     * @param defaultValue what to return when there is no such detail
     * @return the detail, or {@code defaultValue}
     */
    public <V> V getExtraInfo(String name, V defaultValue) {
        return transport.getExtraInfo(name, defaultValue);
    }

    /**
     * Waits until it is fine to write again: done at once while the transport's buffer is under its high-water
     * mark (the same done future each time, so a write/drain loop allocates nothing for it); otherwise done when the
     * transport resumes writing. Fails with the reader's exception if it has one, with the connection's error if it
     * was lost while waiting, and with {@code java.net.SocketException("Connection lost")} once the connection is
     * gone. On a closing transport it first lets the loop run once, so the loss is seen. Cancelling the future
     * cancels only this wait.
     *
     * <p>asyncio: {@code StreamWriter.drain}.
     *
     * @return a future done when writing may go on
     */
    public Future<Void> drain() {
        if (reader != null) {
            Throwable exc = reader.exception();
            if (exc != null) {
                Future<Void> f = loop.createFuture();
                f.setException(exc);
                return f;
            }
        }
        if (transport.isClosing()) {
            // asyncio awaits sleep(0) here, so that connection_lost() gets to run and the drain sees the loss.
            Future<Void> f = loop.createFuture();
            loop.callSoon(() -> {
                if (!f.done()) {
                    follow(flow.drainHelper(), f);
                }
            });
            return f;
        }
        return flow.drainHelper();
    }

    /**
     * Upgrades the connection to TLS in place, as a client (a server's connection: as the server), with asyncio's
     * default timeouts; then reader and writer go on over TLS. Drains first.
     *
     * <p>asyncio: {@code StreamWriter.start_tls(sslcontext)} (3.11).
     *
     * @param ctx the TLS context
     * @return a future done when the handshake is complete
     */
    public Future<Void> startTls(SSLContext ctx) {
        return startTls(ctx, null, ConnectOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT,
                ConnectOptions.DEFAULT_SSL_SHUTDOWN_TIMEOUT);
    }

    /**
     * Upgrades the connection to TLS in place: drains, then runs the handshake on the same socket (as the server
     * when this is a streams server's connection, as a client otherwise); reader and writer go on over TLS, and
     * {@link #transport()} is the TLS transport afterwards.
     *
     * <p>asyncio: {@code StreamWriter.start_tls(sslcontext, server_hostname=..., ssl_handshake_timeout=...,
     * ssl_shutdown_timeout=...)}.
     *
     * @param ctx the TLS context
     * @param serverHostname the name to check the server's certificate against and send as SNI (client), or null
     * @param handshakeTimeout seconds the handshake may take
     * @param shutdownTimeout seconds the TLS shutdown may take when closing
     * @return a future done when the handshake is complete; it fails as the loop's {@code startTls} does
     */
    public Future<Void> startTls(SSLContext ctx, String serverHostname, double handshakeTimeout,
            double shutdownTimeout) {
        if (protocol == null) {
            throw new IllegalStateException("start_tls() needs a writer made on a StreamReaderProtocol");
        }
        Future<Void> result = loop.createFuture();
        Future<Void> drained = drain();
        onDone(drained, result, d -> {
            Future<Transport> upgraded = loop.startTls((Transport) transport, protocol, ctx, protocol.serverSide(),
                    serverHostname, handshakeTimeout, shutdownTimeout);
            onDone(upgraded, result, u -> {
                Transport t = u.result();
                transport = t;
                protocol.replaceTransport(t);
                result.setResult(null);
            });
        });
        return result;
    }

    private interface Step<T> {
        void run(Future<T> done) throws Exception;
    }

    /** Runs {@code next} once {@code inner} succeeds; else ends {@code outer} as {@code inner} ended. */
    private <T> void onDone(Future<T> inner, Future<Void> outer, Step<T> next) {
        Consumer<Future<T>> cb = d -> {
            if (outer.done()) {
                return;
            }
            if (d.cancelled()) {
                outer.cancel();
                return;
            }
            Throwable exc = d.exception();
            if (exc != null) {
                outer.setException(exc);
                return;
            }
            try {
                next.run(d);
            } catch (Throwable t) {
                if (!outer.done()) {
                    outer.setException(t);
                }
            }
        };
        if (inner.done()) {
            cb.accept(inner);
        } else {
            inner.addDoneCallback(cb);
            outer.addDoneCallback(o -> {
                if (o.cancelled()) {
                    inner.cancel();
                }
            });
        }
    }

    /** Ends {@code outer} as {@code inner} ends; cancelling {@code outer} leaves {@code inner} alone. */
    private static void follow(Future<Void> inner, Future<Void> outer) {
        Consumer<Future<Void>> copy = d -> {
            if (outer.done()) {
                return;
            }
            if (d.cancelled()) {
                outer.cancel();
                return;
            }
            Throwable exc = d.exception();
            if (exc != null) {
                outer.setException(exc);
            } else {
                outer.setResult(null);
            }
        };
        if (inner.done()) {
            copy.accept(inner);
        } else {
            inner.addDoneCallback(copy);
        }
    }

    /** asyncio's repr: {@code <StreamWriter transport=... reader=...>}. */
    @Override
    public String toString() {
        return "<StreamWriter transport=" + transport + (reader != null ? " reader=" + reader : "") + ">";
    }
}
