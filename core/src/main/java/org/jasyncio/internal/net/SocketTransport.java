package org.jasyncio.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.Protocol;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.IoHandler;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
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
    private final WriteBuffer buffer = new WriteBuffer();
    private final WriteFlowControl flow;
    private final SocketAddress peername;
    private final SocketAddress sockname;
    private PollKey key;
    private AcceptingServer server;

    private BaseProtocol protocol;
    /** Exactly one of these is set: the protocol seen as the kind of reader it is. */
    private Protocol dataProtocol;
    private BufferedProtocol bufferedProtocol;
    private boolean protocolConnected;

    private boolean closing;
    private boolean eof;
    private boolean readingPaused;
    private boolean readerOn;
    private boolean writerOn;
    private int connLost;
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
    void start(PollKey existing, BaseFuture<Void> waiter) throws IOException {
        key = existing != null ? existing : loop.poller().register(channel, 0, this);
        streams.track(this);
        BaseProtocol p = protocol;
        loop.schedule(() -> p.connectionMade(this), null);
        loop.schedule(this::addReader, null);
        if (waiter != null) {
            loop.schedule(() -> {
                if (!waiter.done()) {
                    waiter.setResult(null);
                }
            }, null);
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

    @Override
    public void onReady(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0 && readerOn) {
            if (bufferedProtocol != null) {
                readIntoProtocolBuffer();
            } else {
                readData();
            }
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

    /** Protocol: one read into the loop's shared direct buffer, then a fresh array of exactly the bytes read. */
    private void readData() {
        if (connLost != 0) {
            return;
        }
        ByteBuffer scratch = streams.readBuffer();
        int n;
        try {
            scratch.clear();
            n = channel.read(scratch);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n <= 0) {
            if (n < 0) {
                onEof();
            }
            return;
        }
        byte[] data = new byte[n];
        scratch.flip();
        scratch.get(data);
        try {
            dataProtocol.dataReceived(data);
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.data_received() call failed.");
        }
    }

    /** BufferedProtocol: read straight into the protocol's buffer. */
    private void readIntoProtocolBuffer() {
        if (connLost != 0) {
            return;
        }
        ByteBuffer target;
        try {
            target = bufferedProtocol.getBuffer(MAX_READ);
            if (target == null || !target.hasRemaining()) {
                throw new IllegalStateException("get_buffer() returned an empty buffer");
            }
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.get_buffer() call failed.");
            return;
        }
        int n;
        try {
            n = channel.read(target);
        } catch (IOException e) {
            fatalError(e, "Fatal read error on socket transport");
            return;
        }
        if (n <= 0) {
            if (n < 0) {
                onEof();
            }
            return;
        }
        try {
            bufferedProtocol.bufferUpdated(n);
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.buffer_updated() call failed.");
        }
    }

    private void onEof() {
        if (loop.getDebug()) {
            StreamNetworking.LOGGER.log(Level.DEBUG, this + " received EOF");
        }
        boolean keepOpen;
        try {
            keepOpen = bufferedProtocol != null ? bufferedProtocol.eofReceived() : dataProtocol.eofReceived();
        } catch (Throwable t) {
            fatalError(t, "Fatal error: protocol.eof_received() call failed.");
            return;
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
                channel.write(data);
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
            buffer.flushTo(channel);
        } catch (IOException e) {
            removeWriter();
            buffer.clear();
            fatalError(e, "Fatal write error on socket transport");
            if (emptyWaiter != null) {
                emptyWaiter.setException(asConnectionError(e));
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
    private void fatalError(Throwable error, String message) {
        Throwable exc = error instanceof IOException io ? asConnectionError(io) : error;
        if (exc instanceof IOException) {
            if (loop.getDebug()) {
                StreamNetworking.LOGGER.log(Level.DEBUG, this + ": " + message, exc);
            }
        } else {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", message);
            ctx.put("exception", exc);
            ctx.put("transport", this);
            ctx.put("protocol", protocol);
            loop.callExceptionHandler(ctx);
        }
        forceClose(exc);
    }

    /**
     * NIO reports a reset or a broken pipe as a plain IOException; asyncio raises ConnectionResetError and
     * BrokenPipeError, which API.md maps to SocketException.
     */
    static IOException asConnectionError(IOException e) {
        if (e instanceof java.net.SocketException) {
            return e;
        }
        String m = e.getMessage();
        if (m != null && (m.startsWith("Connection reset") || m.equals("Broken pipe"))) {
            java.net.SocketException s = new java.net.SocketException(m);
            s.initCause(e);
            return s;
        }
        return e;
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
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Exception in callback " + p + ".connectionLost()");
            ctx.put("exception", t);
            ctx.put("transport", this);
            ctx.put("protocol", p);
            loop.callExceptionHandler(ctx);
        } finally {
            release();
            protocol = null;
            dataProtocol = null;
            bufferedProtocol = null;
            AcceptingServer s = server;
            server = null;
            if (s != null) {
                s.detach(this);
            }
        }
    }

    /** Closes the channel and drops the registration; also used when the loop closes under a live transport. */
    void release() {
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
        streams.untrack(this);
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
        if (protocol instanceof BufferedProtocol b) {
            bufferedProtocol = b;
            dataProtocol = null;
        } else if (protocol instanceof Protocol d) {
            dataProtocol = d;
            bufferedProtocol = null;
        } else {
            throw new IllegalArgumentException("a stream transport needs a Protocol or a BufferedProtocol, got " + protocol);
        }
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
