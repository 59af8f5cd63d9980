package org.jasyncio;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.jasyncio.internal.streams.DrainFlow;

/**
 * The protocol between a stream transport and a {@link StreamReader}: the transport reads straight into the
 * reader's own buffer, EOF and errors reach the reader, and the transport's flow control reaches
 * {@link StreamWriter#drain()}. With a {@link StreamHandler} (a streams server's connection) it makes the writer and
 * runs the handler as a new task when the connection is made.
 *
 * <p>For streams on a connection made by hand:
 * <!-- sample: statements
 *      given: EventLoop loop; String host; int port -->
 * <pre>{@code
 * StreamReader reader = new StreamReader();
 * StreamReaderProtocol protocol = new StreamReaderProtocol(reader);
 * Connection<Transport, StreamReaderProtocol> c = Asyncio.await(loop.createConnection(() -> protocol, host, port));
 * StreamWriter writer = new StreamWriter(c.transport(), protocol, reader, loop);
 * }</pre>
 *
 * <p>asyncio: {@code asyncio.StreamReaderProtocol}. Loop-only.
 */
public class StreamReaderProtocol implements BufferedProtocol {
    private final EventLoop loop;
    private final StreamHandler handler;
    private final DrainFlow flow;
    private final Future<Void> closed;
    private StreamReader reader;
    /** The connection's transport: a socket's, or a pipe's (connectReadPipe, connectWritePipe), as asyncio allows. */
    private BaseTransport transport;
    private boolean overSsl;
    /** The handler's task, held while the connection lives (the loop holds tasks weakly, as asyncio's). */
    private Task<Void> task;
    /** Where a protocol without a reader reads to (and forgets). */
    private ByteBuffer sink;

    /**
     * A protocol feeding {@code reader}, on the running loop (else the current one).
     *
     * @param reader the reader to feed; null reads and drops
     */
    public StreamReaderProtocol(StreamReader reader) {
        this(reader, null, Asyncio.getEventLoop());
    }

    /**
     * A protocol feeding {@code reader} that runs {@code handler} in a new task when its connection is made.
     *
     * @param reader the reader to feed
     * @param handler the connection's handler, or null
     */
    public StreamReaderProtocol(StreamReader reader, StreamHandler handler) {
        this(reader, handler, Asyncio.getEventLoop());
    }

    /**
     * A protocol of {@code loop} feeding {@code reader}, running {@code handler} (if not null) per connection.
     *
     * @param reader the reader to feed; null reads and drops
     * @param handler the connection's handler, or null
     * @param loop the loop of the connection
     */
    public StreamReaderProtocol(StreamReader reader, StreamHandler handler, EventLoop loop) {
        this.loop = loop;
        this.reader = reader;
        this.handler = handler;
        this.flow = new DrainFlow(loop);
        this.closed = loop.createFuture();
        if (reader != null) {
            reader.bindLoop(loop);
        }
    }

    DrainFlow flow() {
        return flow;
    }

    EventLoop loop() {
        return loop;
    }

    boolean serverSide() {
        return handler != null;
    }

    /** Done when the connection is lost: with null, or with the error it was lost with. */
    Future<Void> closed() {
        return closed;
    }

    /** The bytes the reader holds, taken out of it (a server's start_tls gives them to the TLS layer). */
    byte[] takeBuffered() {
        return reader == null ? new byte[0] : reader.takeBuffered();
    }

    /** After {@link StreamWriter#startTls}: the TLS transport is the one the writer now writes to. */
    void replaceTransport(Transport t) {
        transport = t;
        overSsl = t.getExtraInfo("sslcontext") != null;
    }

    /**
     * Gives the reader its transport to pause and resume (a socket's, or a read pipe's) and, for a server's
     * connection, makes the writer and starts the handler's task.
     * asyncio: {@code StreamReaderProtocol.connection_made}.
     */
    @Override
    public void connectionMade(BaseTransport t) {
        transport = t;
        if (reader != null && t instanceof ReadTransport readable) {
            reader.setTransport(readable);
        }
        overSsl = t.getExtraInfo("sslcontext") != null;
        if (handler != null) {
            Transport tr = (Transport) t; // a server's connection: a socket's transport, both ways
            StreamWriter writer = new StreamWriter(tr, this, reader, loop);
            StreamReader r = reader;
            task = loop.createTask(() -> {
                handler.handle(r, writer);
                return null;
            });
            task.addDoneCallback(done -> handlerDone(done, tr));
        }
    }

    /** asyncio 3.12's callback on the handler's task: a failed or cancelled handler closes its connection. */
    private void handlerDone(Future<Void> done, Transport tr) {
        if (done.cancelled()) {
            tr.close();
            return;
        }
        Throwable exc = done.exception();
        if (exc != null) {
            Map<String, Object> context = new HashMap<>();
            context.put("message", "Unhandled exception in client_connected_cb");
            context.put("exception", exc);
            context.put("transport", tr);
            loop.callExceptionHandler(context);
            tr.close();
        }
    }

    /**
     * Ends the reader (EOF, or {@code exc} as its exception), completes {@link StreamWriter#waitClosed()} and wakes
     * waiting drains. asyncio: {@code StreamReaderProtocol.connection_lost}.
     */
    @Override
    public void connectionLost(Throwable exc) {
        StreamReader r = reader;
        if (r != null) {
            if (exc == null) {
                r.feedEof();
            } else {
                r.setException(exc);
            }
        }
        if (!closed.done()) {
            if (exc == null) {
                closed.setResult(null);
            } else {
                closed.setException(exc);
                closed.exception(); // waitClosed() re-raises it; nobody must be told it went unretrieved
            }
        }
        flow.connectionLost(exc);
        reader = null;
        task = null;
        transport = null;
    }

    /** The free tail of the reader's own buffer, for the transport to read into (no reader: a scratch buffer). */
    @Override
    public ByteBuffer getBuffer(int sizeHint) {
        StreamReader r = reader;
        if (r != null) {
            return r.receiveBuffer(sizeHint);
        }
        if (sink == null) {
            sink = ByteBuffer.allocate(16 * 1024);
        }
        return sink.clear();
    }

    /** {@code nbytes} arrived in the reader's buffer: wakes the waiting read if it can now end. */
    @Override
    public void bufferUpdated(int nbytes) {
        StreamReader r = reader;
        if (r != null) {
            r.received(nbytes);
        }
    }

    /** Feeds EOF to the reader; keeps the connection half-open (our side may still write), except over TLS. */
    @Override
    public boolean eofReceived() {
        StreamReader r = reader;
        if (r != null) {
            r.feedEof();
        }
        return !overSsl;
    }

    /** The transport's buffer went above its high-water mark: drains wait from now on. */
    @Override
    public void pauseWriting() {
        flow.pauseWriting();
    }

    /** The transport's buffer went under its low-water mark: waiting drains complete. */
    @Override
    public void resumeWriting() {
        flow.resumeWriting();
    }

    /** {@code <StreamReaderProtocol reader=...>}. */
    @Override
    public String toString() {
        return "<StreamReaderProtocol reader=" + reader + ">";
    }
}
