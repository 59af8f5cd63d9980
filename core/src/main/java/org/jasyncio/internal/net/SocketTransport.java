package org.jasyncio.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import org.jasyncio.BaseProtocol;
import org.jasyncio.Context;
import org.jasyncio.Transport;
import org.jasyncio.internal.context.ContextAccess;
import org.jasyncio.internal.loop.IoHandler;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.observe.FlightEvents;
import org.jasyncio.internal.task.BaseFuture;
import org.jasyncio.internal.transport.WriteBuffer;
import org.jasyncio.internal.transport.WriteFlowControl;

/**
 * asyncio's {@code _SelectorSocketTransport} over a connected {@link SocketChannel} (TCP or Unix domain).
 * The transport owns one poll registration for its whole life and only flips its interest bits, so pausing and
 * resuming cost no syscall beyond the epoll_ctl. The poller calls {@link #onReady} inline on the loop thread.
 */
final class SocketTransport implements Transport, IoHandler {
    /** asyncio's {@code max_size}: the most one read takes, and the size hint given to {@code getBuffer}. */
    static final int MAX_READ = 256 * 1024;
    /** asyncio's {@code LOG_THRESHOLD_FOR_CONNLOST_WRITES}. */
    static final int LOG_THRESHOLD_FOR_CONNLOST_WRITES = 5;

    private final SelectorEventLoop loop;
    private final StreamNetworking streams;
    private final SocketChannel channel;
    private final StreamIo io;
    private final WriteBuffer buffer = new WriteBuffer();
    private final WriteFlowControl flow;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private PollKey key;
    private AcceptingServer server;

    private final SocketReads reads;
    private BaseProtocol protocol;
    private boolean protocolConnected;

    private boolean closing;
    private boolean eof;
    private boolean readingPaused;
    private boolean readerOn;
    private boolean writerOn;
    private int connLost;
    /** When the connection opened, for the Flight Recorder's connection events (0 while they are off). */
    private long openedAt;
    /** Set while sendfile waits for the buffer to drain; writes are refused meanwhile. */
    private BaseFuture<Void> emptyWaiter;
    /** While sendfile runs, writability goes to it instead of the buffer. */
    private Runnable sendfileWriter;

    SocketTransport(StreamNetworking streams, SocketChannel channel, BaseProtocol protocol, AcceptingServer server) {
        this.streams = streams;
        this.loop = streams.loop();
        this.channel = channel;
        this.flow = new WriteFlowControl(loop, this);
        this.sockname = addressOr(true);
        this.peername = addressOr(false);
        this.server = server;
        this.io = StreamIo.of(channel, streams);
        this.reads = new SocketReads(this, io);
        setProtocol(protocol);
        if (server != null) {
            server.attach(this);
        }
        if (sockname instanceof InetSocketAddress) {
            try {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            } catch (IOException | UnsupportedOperationException e) {
                // Not every socket has the option; asyncio ignores that too.
            }
        }
    }

    /**
     * Registers with the poller and schedules, in asyncio's order, connectionMade, the start of reading and then
     * {@code waiter}'s completion. {@code key} is an existing registration of the channel already routed here.
     */
    void start(PollKey existing, BaseFuture<?> waiter) throws IOException {
        if (existing != null) {
            key = existing;
        } else {
            register();
        }
        streams.track(this);
        openedAt = FlightEvents.connectionOpened(sockname, peername);
        BaseProtocol p = protocol;
        Context ctx = ContextAccess.get().captureOrNull();
        loop.schedule(() -> p.connectionMade(this), ctx);
        loop.schedule(this::addReader, ctx);
        if (waiter != null) {
            loop.schedule(() -> {
                if (!waiter.done()) {
                    waiter.setResult(null);
                }
            }, ctx);
        }
    }

    /**
     * A channel handed over right after sock_connect or sock_recv may still carry that registration, cancelled
     * but not yet flushed from the selector (NIO refuses a new one until the next poll): then register a moment later.
     */
    private void register() throws IOException {
        if (connLost != 0 || !channel.isOpen()) {
            return;
        }
        try {
            key = loop.poller().register(channel, (readerOn ? SelectionKey.OP_READ : 0) | (writerOn ? SelectionKey.OP_WRITE : 0), this);
        } catch (CancelledKeyException stale) {
            loop.callLater(0.001, () -> {
                try {
                    register();
                } catch (IOException e) {
                    fatalError(e, "Fatal error: cannot register the socket with the event loop");
                }
            });
        }
    }

    SelectorEventLoop loop() {
        return loop;
    }

    SocketChannel channel() {
        return channel;
    }

    WriteFlowControl flowControl() {
        return flow;
    }

    private SocketAddress addressOr(boolean local) {
        try {
            return local ? channel.getLocalAddress() : channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ readiness

    /**
     * The I/O dispatch: whatever one connection's read or write throws fails that connection only (see
     * DECISIONS.md, "A fault in the I/O path fails its connection, never the loop"), never the poller.
     */
    @Override
    public void onReady(int readyOps) {
        try {
            if ((readyOps & SelectionKey.OP_READ) != 0 && readerOn) {
                reads.onReadable();
            }
            if ((readyOps & SelectionKey.OP_WRITE) != 0 && writerOn) {
                Runnable hook = sendfileWriter;
                if (hook != null) {
                    hook.run();
                } else {
                    writeReady();
                }
            }
        } catch (Throwable t) {
            fatalError(t, "Fatal error on transport");
        }
    }

    @Override
    public Object owner() {
        return this;
    }

    private void updateInterest() {
        PollKey k = key;
        if (k != null && k.isValid()) {
            k.interestOps((readerOn ? SelectionKey.OP_READ : 0) | (writerOn ? SelectionKey.OP_WRITE : 0));
        }
    }

    /** asyncio's {@code _add_reader}: only if the transport is still reading. */
    private void addReader() {
        if (!isReading() || readerOn) {
            return;
        }
        readerOn = true;
        updateInterest();
    }

    private void removeReader() {
        if (readerOn) {
            readerOn = false;
            updateInterest();
        }
    }

    void addWriter() {
        if (!writerOn) {
            writerOn = true;
            updateInterest();
        }
    }

    void removeWriter() {
        if (writerOn) {
            writerOn = false;
            updateInterest();
        }
    }

    // ------------------------------------------------------------------ reading

    boolean isConnectionLost() {
        return connLost != 0;
    }

    /** After eofReceived: keep the write side open (stop reading only), or close. */
    void eofHandled(boolean keepOpen) {
        if (loop.getDebug()) {
            StreamNetworking.LOGGER.log(Level.DEBUG, this + " received EOF");
        }
        if (keepOpen) {
            removeReader();
        } else {
            close();
        }
    }

    @Override
    public boolean isReading() {
        return !readingPaused && !closing;
    }

    @Override
    public void pauseReading() {
        if (closing || readingPaused) {
            return;
        }
        readingPaused = true;
        removeReader();
        if (loop.getDebug()) {
            StreamNetworking.LOGGER.log(Level.DEBUG, this + " pauses reading");
        }
    }

    @Override
    public void resumeReading() {
        if (closing || !readingPaused) {
            return;
        }
        readingPaused = false;
        addReader();
        if (loop.getDebug()) {
            StreamNetworking.LOGGER.log(Level.DEBUG, this + " resumes reading");
        }
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void write(byte[] data) {
        if (data == null) {
            throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
        }
        write(ByteBuffer.wrap(data));
    }

    /** Sends what the socket takes now; keeps a copy of the rest. {@code data}'s position moves past what was taken. */
    @Override
    public void write(ByteBuffer data) {
        if (data == null) {
            throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
        }
        if (eof) {
            throw new IllegalStateException("Cannot call write() after write_eof()");
        }
        if (emptyWaiter != null) {
            throw new IllegalStateException("unable to write; sendfile is in progress");
        }
        if (!data.hasRemaining()) {
            return;
        }
        if (connLost != 0) {
            noteWriteAfterLoss();
            return;
        }
        if (buffer.isEmpty()) {
            try {
                io.write(data);
            } catch (IOException e) {
                fatalError(e, "Fatal write error on socket transport");
                return;
            }
            if (!data.hasRemaining()) {
                return;
            }
            addWriter();
        }
        buffer.addCopy(data);
        flow.maybePause(buffer.size(), protocol);
    }

    private void noteWriteAfterLoss() {
        if (connLost >= LOG_THRESHOLD_FOR_CONNLOST_WRITES) {
            StreamNetworking.LOGGER.log(Level.WARNING, "socket.send() raised exception.");
        }
        connLost++;
    }

    /** Queues every chunk, then sends as much as the socket takes in one gathering write. */
    @Override
    public void writelines(Iterable<byte[]> chunks) {
        if (chunks == null) {
            throw new IllegalArgumentException("writelines() expects an iterable of bytes, not 'null'");
        }
        if (eof) {
            throw new IllegalStateException("Cannot call writelines() after write_eof()");
        }
        if (emptyWaiter != null) {
            throw new IllegalStateException("unable to writelines; sendfile is in progress");
        }
        boolean any = false;
        for (byte[] chunk : chunks) {
            if (chunk == null) {
                throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
            }
            if (chunk.length > 0) {
                if (connLost != 0) {
                    noteWriteAfterLoss();
                    return;
                }
                buffer.addCopy(ByteBuffer.wrap(chunk));
                any = true;
            }
        }
        if (!any) {
            return;
        }
        writeReady();
        if (!buffer.isEmpty()) {
            addWriter();
        }
        flow.maybePause(buffer.size(), protocol);
    }

    /** The socket can take more: drain the buffer (gathering), then finish a pending close or write_eof. */
    private void writeReady() {
        if (connLost != 0) {
            return;
        }
        try {
            io.drain(buffer);
        } catch (IOException e) {
            removeWriter();
            buffer.clear();
            fatalError(e, "Fatal write error on socket transport");
            if (emptyWaiter != null) {
                emptyWaiter.setException(TransportErrors.asConnectionError(e));
            }
            return;
        }
        flow.maybeResume(buffer.size(), protocol);
        if (buffer.isEmpty()) {
            removeWriter();
            if (emptyWaiter != null && !emptyWaiter.done()) {
                emptyWaiter.setResult(null);
            }
            if (closing) {
                connLost++;
                callConnectionLost(null);
            } else if (eof) {
                shutdownOutput();
            }
        }
    }

    private void shutdownOutput() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            fatalError(e, "Fatal write error on socket transport");
        }
    }

    @Override
    public boolean canWriteEof() {
        return true;
    }

    @Override
    public void writeEof() {
        if (closing || eof) {
            return;
        }
        eof = true;
        if (buffer.isEmpty()) {
            shutdownOutput();
        }
    }

    @Override
    public int getWriteBufferSize() {
        return buffer.size();
    }

    @Override
    public void setWriteBufferLimits(int high) {
        flow.setLimits(high);
        flow.maybePause(buffer.size(), protocol);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
        flow.setLimits(high, low);
        flow.maybePause(buffer.size(), protocol);
    }

    @Override
    public int getWriteBufferLowLimit() {
        return flow.low();
    }

    @Override
    public int getWriteBufferHighLimit() {
        return flow.high();
    }

    // ------------------------------------------------------------------ sendfile support

    /** asyncio's {@code _make_empty_waiter}: completes once the buffer has drained. */
    BaseFuture<Void> makeEmptyWaiter() {
        if (emptyWaiter != null) {
            throw new IllegalStateException("Empty waiter is already set");
        }
        emptyWaiter = new BaseFuture<>(loop);
        if (buffer.isEmpty()) {
            emptyWaiter.setResult(null);
        }
        return emptyWaiter;
    }

    void resetEmptyWaiter() {
        emptyWaiter = null;
    }

    /** Routes writability to {@code hook} (sendfile) or, with null, back to the buffer. */
    void divertWritable(Runnable hook) {
        sendfileWriter = hook;
        if (hook != null) {
            addWriter();
        } else if (buffer.isEmpty()) {
            removeWriter();
        }
    }

    boolean isProtocolWritePaused() {
        return flow.isPaused();
    }

    // ------------------------------------------------------------------ closing

    @Override
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        removeReader();
        if (buffer.isEmpty()) {
            connLost++;
            removeWriter();
            loop.schedule(() -> callConnectionLost(null), null);
        }
    }

    @Override
    public void abort() {
        forceClose(null);
    }

    /** An error: reported as asyncio does (OSErrors only in debug mode), then the connection is torn down. */
    void fatalError(Throwable error, String message) {
        Throwable exc = error instanceof IOException io ? TransportErrors.asConnectionError(io) : error;
        if (exc instanceof IOException) {
            if (loop.getDebug()) {
                StreamNetworking.LOGGER.log(Level.DEBUG, this + ": " + message, exc);
            }
        } else {
            TransportErrors.report(loop, message, exc, this, protocol);
        }
        forceClose(exc);
    }

    private void forceClose(Throwable exc) {
        if (connLost != 0) {
            return;
        }
        if (!buffer.isEmpty()) {
            buffer.clear();
            removeWriter();
        }
        if (!closing) {
            closing = true;
            removeReader();
        }
        connLost++;
        loop.schedule(() -> callConnectionLost(exc), null);
    }

    /** Tells the protocol (once, last), then releases the socket and leaves the server. */
    private void callConnectionLost(Throwable exc) {
        BaseProtocol p = protocol;
        try {
            if (protocolConnected && p != null) {
                p.connectionLost(exc);
            }
        } catch (Throwable t) {
            TransportErrors.report(loop, "Exception in callback " + p + ".connectionLost()", t, this, p);
        } finally {
            release();
            protocol = null;
            reads.forget();
            AcceptingServer s = server;
            server = null;
            if (s != null) {
                s.detach(this);
            }
        }
    }

    /** Closes the channel and drops the registration; also used when the loop closes under a live transport. */
    void release() {
        if (connLost == 0) {
            // The loop closes under a live transport: later writes are dropped as after a lost connection.
            closing = true;
            connLost = 1;
        }
        readerOn = false;
        writerOn = false;
        PollKey k = key;
        if (k != null) {
            k.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing a socket that already failed: nothing left to report.
        }
        io.close();
        if (streams.untrack(this)) {
            FlightEvents.connectionClosed(sockname, peername, openedAt);
        }
    }

    // ------------------------------------------------------------------ the rest of BaseTransport

    @Override
    public Object getExtraInfo(String name) {
        return getExtraInfo(name, null);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> V getExtraInfo(String name, V defaultValue) {
        Object v = switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
        return v != null ? (V) v : defaultValue;
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
        reads.readInto(protocol);
        this.protocol = protocol;
        this.protocolConnected = true;
    }

    @Override
    public BaseProtocol getProtocol() {
        return protocol;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<SocketTransport");
        if (connLost != 0 && !channel.isOpen()) {
            sb.append(" closed");
        } else if (closing) {
            sb.append(" closing");
        }
        sb.append(' ').append(sockname).append(" -> ").append(peername);
        sb.append(" read=").append(readerOn ? "polling" : "idle");
        sb.append(" write=<").append(writerOn ? "polling" : "idle").append(", bufsize=").append(buffer.size()).append(">>");
        return sb.toString();
    }
}
