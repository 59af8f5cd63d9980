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
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.observe.FlightEvents;
import org.jasyncio.internal.task.BaseFuture;
import org.jasyncio.internal.transport.WriteBuffer;
import org.jasyncio.internal.transport.TransportBase;

/**
 * asyncio's {@code _SelectorSocketTransport} over a connected {@link SocketChannel} (TCP or Unix domain).
 * The transport owns one poll registration for its whole life and only flips its interest bits, so pausing and
 * resuming cost no syscall beyond the epoll_ctl. The poller calls {@link #onReady} inline on the loop thread.
 */
final class SocketTransport extends TransportBase implements Transport {
    /** asyncio's {@code max_size}: the most one read takes, and the size hint given to {@code getBuffer}. */
    static final int MAX_READ = 256 * 1024;
    private final StreamNetworking streams;
    private final SocketChannel channel;
    private final StreamIo io;
    private final WriteBuffer buffer = new WriteBuffer();
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private PollKey key;
    private AcceptingServer server;

    private final SocketReads reads;

    private boolean eof;
    private boolean readingPaused;
    private boolean readerOn;
    private boolean writerOn;
    /** When the connection opened, for the Flight Recorder's connection events (0 while they are off). */
    private long openedAt;
    /** Set while sendfile waits for the buffer to drain; writes are refused meanwhile. */
    private BaseFuture<Void> emptyWaiter;
    /** While sendfile runs, writability goes to it instead of the buffer. */
    private Runnable sendfileWriter;

    SocketTransport(StreamNetworking streams, SocketChannel channel, BaseProtocol protocol, AcceptingServer server) {
        super(streams.loop());
        this.streams = streams;
        this.channel = channel;
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
        BaseProtocol p = getProtocol();
        Context ctx = ContextAccess.get(Context.class).captureOrNull();
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
        if (isConnectionLost() || !channel.isOpen()) {
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

    private SocketAddress addressOr(boolean local) {
        try {
            return local ? channel.getLocalAddress() : channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------ readiness

    /** One readiness event; {@link TransportBase#onReady} makes whatever it throws this connection's fatal error. */
    @Override
    protected void ready(int readyOps) {
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

    @Override
    protected void stopReading() {
        removeReader();
    }

    @Override
    protected void stopWriting() {
        removeWriter();
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
        return !readingPaused && !isClosing();
    }

    @Override
    public void pauseReading() {
        if (isClosing() || readingPaused) {
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
        if (isClosing() || !readingPaused) {
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
        if (isConnectionLost()) {
            noteWriteAfterLoss("socket.send() raised exception.");
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
        maybePauseProtocol();
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
        // Every chunk is checked before any is queued, as asyncio builds its list of views first: a refused call
        // queues nothing (a chunk queued without the writer registered would stall every later write). The
        // iterable is walked once: it may be a one-shot view.
        java.util.List<byte[]> nonEmpty = new java.util.ArrayList<>();
        for (byte[] chunk : chunks) {
            if (chunk == null) {
                throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
            }
            if (chunk.length > 0) {
                nonEmpty.add(chunk);
            }
        }
        if (nonEmpty.isEmpty()) {
            return;
        }
        if (isConnectionLost()) {
            noteWriteAfterLoss("socket.send() raised exception.");
            return;
        }
        for (byte[] chunk : nonEmpty) {
            buffer.addCopy(ByteBuffer.wrap(chunk));
        }
        writeReady();
        if (!buffer.isEmpty()) {
            addWriter();
        }
        maybePauseProtocol();
    }

    /** The socket can take more: drain the buffer (gathering), then finish a pending close or write_eof. */
    private void writeReady() {
        if (isConnectionLost()) {
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
        maybeResumeProtocol();
        if (buffer.isEmpty()) {
            removeWriter();
            if (emptyWaiter != null && !emptyWaiter.done()) {
                emptyWaiter.setResult(null);
            }
            if (isClosing()) {
                drainedWhileClosing();
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
        if (isClosing() || eof) {
            return;
        }
        eof = true;
        if (buffer.isEmpty()) {
            shutdownOutput();
        }
    }

    @Override
    protected int bufferedBytes() {
        return buffer.size();
    }

    @Override
    protected void dropBuffer() {
        buffer.clear();
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
    protected Throwable classify(Throwable error) {
        return error instanceof IOException e ? TransportErrors.asConnectionError(e) : error;
    }

    @Override
    protected String asyncioName() {
        return "_SelectorSocketTransport";
    }

    /** After connectionLost: forget the reader, leave the server. */
    @Override
    protected void afterLoss() {
        reads.forget();
        AcceptingServer s = server;
        server = null;
        if (s != null) {
            s.detach(this);
        }
    }

    /** Closes the channel and drops the registration; also used when the loop closes under a live transport. */
    @Override
    public void release() {
        markLostUnderLoopClose();
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
        if (streams.untrack(this)) {
            FlightEvents.connectionClosed(sockname, peername, openedAt);
        }
    }

    // ------------------------------------------------------------------ the rest of BaseTransport

    @Override
    protected Object extra(String name) {
        return switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    protected void acceptProtocol(BaseProtocol protocol) {
        reads.readInto(protocol);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<SocketTransport");
        if (isConnectionLost() && !channel.isOpen()) {
            sb.append(" closed");
        } else if (isClosing()) {
            sb.append(" closing");
        }
        sb.append(' ').append(sockname).append(" -> ").append(peername);
        sb.append(" read=").append(readerOn ? "polling" : "idle");
        sb.append(" write=<").append(writerOn ? "polling" : "idle").append(", bufsize=").append(buffer.size()).append(">>");
        return sb.toString();
    }
}
