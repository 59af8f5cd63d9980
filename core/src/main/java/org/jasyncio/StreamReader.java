package org.jasyncio;

import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.streams.PendingRead;
import org.jasyncio.internal.streams.ReadBuffer;
import org.jasyncio.internal.streams.ReadFlowControl;
import org.jasyncio.internal.streams.SeparatorScan;
import org.jasyncio.internal.task.BaseFuture;

/**
 * The receiving side of a stream connection: reads by size, by line or up to a separator, each returning a future.
 *
 * <!-- sample: statements -->
 * <pre>{@code
 * Streams s = Asyncio.await(Asyncio.openConnection("example.com", 80));
 * s.writer().write("HEAD / HTTP/1.0\r\n\r\n".getBytes());
 * byte[] status = Asyncio.await(s.reader().readline());
 * }</pre>
 *
 * <p>A read starts when it is called. If the bytes it needs are buffered already it returns a future that is done
 * (no loop iteration passes); otherwise the future is woken by the transport's callback when they arrive. Only one
 * read may wait at a time: a second one fails with IllegalStateException("read() called while another coroutine is
 * already waiting for incoming data") (the name is that of the waiting operation as asyncio reports it). Cancelling a
 * waiting read (or the task awaiting it) leaves every byte in the reader: a read takes its bytes only when the task
 * awaiting it resumes, as in asyncio. {@link #read()} is the exception: as asyncio's, it gathers what arrives as it
 * arrives, and a cancelled {@code read()} drops what it had gathered.
 *
 * <p>The reader owns the buffer the transport reads into ({@link StreamReaderProtocol} hands out its free tail), so
 * a socket read costs no array of its own; each read returns a fresh array copied out of it. With more than twice
 * {@link #limit()} bytes buffered the transport is paused, and resumed once a read brings it down to the limit.
 *
 * <p>A reader needs no loop to be made and fed ({@link #feedData}, {@link #feedEof}, {@link #setException}); its
 * reads bind it to the loop running then (else the current loop). Loop-only (not thread-safe): use it on its loop's
 * thread.
 *
 * <p>asyncio: {@code asyncio.StreamReader}.
 */
public final class StreamReader {
    /** The limit a reader has unless told otherwise: 64 KiB (asyncio's {@code _DEFAULT_LIMIT}). */
    public static final int DEFAULT_LIMIT = 65536;

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] NEWLINE = {'\n'};
    private static final List<byte[]> LINE = List.of(NEWLINE);

    private final int limit;
    private final ReadBuffer buffer = new ReadBuffer();
    private boolean eof;
    private Throwable exception;
    private final ReadFlowControl flow = new ReadFlowControl();
    /** The one read waiting for data, or null; one that is done (cancelled) counts as none. */
    private Waiter waiter;
    private SelectorEventLoop loop;

    /** A reader with {@link #DEFAULT_LIMIT}; needs no loop. */
    public StreamReader() {
        this(DEFAULT_LIMIT);
    }

    /**
     * A reader whose lines and separated chunks may be at most {@code limit} bytes long (not counting the
     * separator), and which pauses its transport above twice that.
     *
     * @param limit the limit, in bytes
     * @throws IllegalArgumentException "Limit cannot be &lt;= 0"
     */
    public StreamReader(int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("Limit cannot be <= 0");
        }
        this.limit = limit;
        this.loop = SelectorEventLoop.running();
    }

    /**
     * The limit given when the reader was made.
     *
     * @return the limit, in bytes
     */
    public int limit() {
        return limit;
    }

    // ------------------------------------------------------------------ state

    /**
     * The exception set by {@link #setException} (the connection's error), or null.
     *
     * <p>asyncio: {@code StreamReader.exception}. Loop-only.
     *
     * @return the error, or null
     */
    public Throwable exception() {
        return exception;
    }

    /**
     * Sets the error every later read fails with, and fails the waiting read with it now. A read already woken keeps
     * its data.
     *
     * <p>asyncio: {@code StreamReader.set_exception}. Loop-only.
     *
     * @param exc the error
     */
    public void setException(Throwable exc) {
        exception = exc;
        Waiter w = waiter;
        if (w != null) {
            waiter = null;
            if (!w.done()) {
                w.setException(exc);
            }
        }
    }

    /**
     * Whether the stream has ended and every byte was read: {@link #feedEof} was called and the buffer is empty.
     *
     * <p>asyncio: {@code StreamReader.at_eof}. Loop-only.
     *
     * @return true at the end of the stream with nothing left to read
     */
    public boolean atEof() {
        return eof && buffer.size() == 0;
    }

    /**
     * Marks the end of the stream and wakes the waiting read.
     *
     * <p>asyncio: {@code StreamReader.feed_eof}. Loop-only; needs no loop.
     */
    public void feedEof() {
        eof = true;
        wakeWaiter();
    }

    /**
     * Adds bytes to the reader (copied) and wakes the waiting read if they are what it needs; pauses the transport
     * above twice the limit. An empty array does nothing.
     *
     * <p>asyncio: {@code StreamReader.feed_data}. Loop-only; needs no loop.
     *
     * @param data the bytes
     * @throws IllegalStateException "feed_data after feed_eof"
     */
    public void feedData(byte[] data) {
        if (eof) {
            throw new IllegalStateException("feed_data after feed_eof");
        }
        if (data.length == 0) {
            return;
        }
        buffer.append(data, 0, data.length);
        dataArrived();
    }

    // ------------------------------------------------------------------ the protocol's side

    /** The transport the reader pauses and resumes; set once, by the protocol. */
    void setTransport(ReadTransport t) {
        flow.setTransport(t);
    }

    void bindLoop(EventLoop l) {
        if (loop == null && l instanceof SelectorEventLoop s) {
            loop = s;
        }
    }

    /** Everything buffered, taken out (a server's start_tls: the bytes are the start of the TLS handshake). */
    byte[] takeBuffered() {
        return buffer.takeAll();
    }

    /** The free tail of the reader's own buffer, for the transport to read into. */
    ByteBuffer receiveBuffer(int sizeHint) {
        if (eof) {
            throw new IllegalStateException("feed_data after feed_eof");
        }
        return buffer.freeTail(sizeHint);
    }

    /** The transport wrote {@code n} bytes into the tail {@link #receiveBuffer} gave it. */
    void received(int n) {
        if (n == 0) {
            return;
        }
        buffer.commit(n);
        dataArrived();
    }

    private void dataArrived() {
        wakeWaiter();
        // A read still waiting needs more than is buffered: asyncio's would resume the transport the moment it went
        // back to waiting, so it is not paused under it (readexactly(n) beyond twice the limit).
        if (waiter == null) {
            flow.maybePause(buffer.size(), limit);
        }
    }

    /** asyncio's {@code _wakeup_waiter}, woken only once the waiting read can finish (it would re-wait otherwise). */
    private void wakeWaiter() {
        Waiter w = waiter;
        if (w == null) {
            return;
        }
        if (w.done()) {
            waiter = null; // cancelled while waiting: it left no trace
            return;
        }
        if (w.ready()) {
            waiter = null;
            w.wake();
        }
    }

    private void maybeResumeTransport() {
        flow.maybeResume(buffer.size(), limit);
    }

    // ------------------------------------------------------------------ reads

    /**
     * Reads until the end of the stream and returns every byte (empty if the stream had ended with nothing
     * buffered). It takes the bytes as they arrive, so the transport is never paused under it; cancelled, it drops
     * what it had taken.
     *
     * <p>asyncio: {@code StreamReader.read()} (n=-1). Loop-only.
     *
     * @return a future of the bytes; it fails with the reader's exception
     */
    public Future<byte[]> read() {
        return read(-1);
    }

    /**
     * Reads up to {@code n} bytes: as soon as at least one byte is buffered, returns what is there (at most
     * {@code n}); at the end of the stream an empty array. {@code n == 0}: an empty array at once; {@code n < 0}:
     * {@link #read()}.
     *
     * <p>asyncio: {@code StreamReader.read(n)}. Loop-only.
     *
     * @param n the most bytes to return
     * @return a future of the bytes; it fails with the reader's exception, or IllegalStateException when another
     *         read is waiting
     */
    public Future<byte[]> read(int n) {
        SelectorEventLoop l = loop();
        if (exception != null) {
            return failed(l, exception);
        }
        if (n == 0) {
            return succeeded(l, EMPTY);
        }
        if (n < 0) {
            return readAll(l);
        }
        if (buffer.size() == 0 && !eof) {
            return waitForData(new Waiter(l, ReadKind.READ, n, null), "read");
        }
        return succeeded(l, takeUpTo(n));
    }

    private Future<byte[]> readAll(SelectorEventLoop l) {
        if (eof) {
            byte[] all = buffer.takeAll();
            maybeResumeTransport();
            return succeeded(l, all);
        }
        Waiter w = new Waiter(l, ReadKind.READ_ALL, -1, null);
        Future<byte[]> busy = refuseIfWaiting(l, "read");
        if (busy != null) {
            return busy;
        }
        w.gather();
        return waitForData(w, "read");
    }

    /**
     * Reads exactly {@code n} bytes. If the stream ends first, fails with {@link IncompleteReadError} whose
     * {@code partial()} holds what arrived (the reader then holds nothing). {@code n} may exceed the limit: the
     * transport is resumed while it waits. {@code n == 0}: an empty array at once.
     *
     * <p>asyncio: {@code StreamReader.readexactly}. Loop-only.
     *
     * @param n how many bytes
     * @return a future of exactly {@code n} bytes; it fails with IllegalArgumentException("readexactly size can not
     *         be less than zero"), the reader's exception, IncompleteReadError, or IllegalStateException when another
     *         read is waiting
     */
    public Future<byte[]> readexactly(int n) {
        SelectorEventLoop l = loop();
        if (n < 0) {
            return failed(l, new IllegalArgumentException("readexactly size can not be less than zero"));
        }
        if (exception != null) {
            return failed(l, exception);
        }
        if (n == 0) {
            return succeeded(l, EMPTY);
        }
        Waiter w = new Waiter(l, ReadKind.EXACTLY, n, null);
        return w.ready() ? finishAtOnce(w) : waitForData(w, "readexactly");
    }

    /**
     * Reads one line: the bytes up to and including the next {@code \n}. At the end of the stream it returns the
     * partial line without one (empty once nothing is left). A line longer than the limit (not counting the
     * {@code \n}) fails with IllegalArgumentException carrying the {@link LimitOverrunError}'s message; the reader
     * then drops that line if its {@code \n} is buffered, else everything buffered.
     *
     * <p>asyncio: {@code StreamReader.readline}. Loop-only.
     *
     * @return a future of the line; it fails with the reader's exception, IllegalArgumentException over the limit,
     *         or IllegalStateException("readuntil() called while another coroutine is already waiting for incoming
     *         data")
     */
    public Future<byte[]> readline() {
        return until(LINE, true);
    }

    /**
     * Reads up to and including the next {@code \n}: {@link #readuntil(byte[])} with asyncio's default separator
     * (unlike {@link #readline()}, the end of the stream fails with {@link IncompleteReadError} and an over-long line
     * with {@link LimitOverrunError}).
     *
     * <p>asyncio: {@code StreamReader.readuntil()}. Loop-only.
     *
     * @return as {@link #readuntil(byte[])}
     */
    public Future<byte[]> readuntil() {
        return until(LINE, false);
    }

    /**
     * Reads up to and including {@code separator}. If the stream ends first, fails with {@link IncompleteReadError}
     * holding every buffered byte (which the reader drops). If the chunk before the separator is longer than the
     * limit, or no separator is within limit bytes, fails with {@link LimitOverrunError} and keeps the data.
     *
     * <p>asyncio: {@code StreamReader.readuntil(separator)}. Loop-only.
     *
     * @param separator one or more bytes
     * @return a future of the chunk ending with the separator; it fails with IllegalArgumentException("Separator
     *         should be at least one-byte string", or for a null separator), the reader's exception, IncompleteReadError, LimitOverrunError,
     *         or IllegalStateException when another read is waiting
     */
    public Future<byte[]> readuntil(byte[] separator) {
        return until(Collections.singletonList(separator), false);
    }

    /**
     * Reads up to and including whichever separator ends first: the shortest chunk that ends with any of them
     * (asyncio 3.13). Over the limit, {@link LimitOverrunError} is judged by the shortest separator that matched.
     *
     * <p>asyncio: {@code StreamReader.readuntil((sep1, sep2, ...))}. Loop-only.
     *
     * @param separators one or more separators, each of one or more bytes
     * @return as {@link #readuntil(byte[])}; an empty list fails with IllegalArgumentException("Separator should
     *         contain at least one element")
     */
    public Future<byte[]> readuntil(List<byte[]> separators) {
        return until(separators, false);
    }

    private Future<byte[]> until(List<byte[]> separators, boolean line) {
        SelectorEventLoop l = loop();
        SeparatorScan scan;
        try {
            scan = SeparatorScan.of(separators, buffer);
        } catch (IllegalArgumentException badSeparator) {
            return failed(l, badSeparator); // asyncio raises it at the await: a failed future here
        }
        if (exception != null) {
            return failed(l, exception);
        }
        Waiter w = new Waiter(l, line ? ReadKind.LINE : ReadKind.UNTIL, -1, scan);
        return w.ready() ? finishAtOnce(w) : waitForData(w, "readuntil");
    }

    // ------------------------------------------------------------------ waiting

    private Future<byte[]> refuseIfWaiting(SelectorEventLoop l, String name) {
        Waiter w = waiter;
        if (w != null && !w.done()) {
            return failed(l, new IllegalStateException(
                    name + "() called while another coroutine is already waiting for incoming data"));
        }
        return null;
    }

    /** asyncio's {@code _wait_for_data}: parks {@code w} as the one waiting read, resuming a paused transport. */
    private Future<byte[]> waitForData(Waiter w, String name) {
        Future<byte[]> busy = refuseIfWaiting(w.loop(), name);
        if (busy != null) {
            return busy;
        }
        flow.resumeToWait();
        waiter = w;
        return w;
    }

    private Future<byte[]> finishAtOnce(Waiter w) {
        try {
            return succeeded(w.loop(), w.finish());
        } catch (Exception e) {
            return failed(w.loop(), e);
        }
    }

    private byte[] takeUpTo(int n) {
        byte[] data = buffer.take(Math.min(n, buffer.size()));
        maybeResumeTransport();
        return data;
    }

    /**
     * Ends a read whose {@link Waiter#ready()} said it can end, taking its bytes: what a read coroutine of asyncio
     * does after its last wake-up.
     */
    private byte[] finish(Waiter w) throws Exception {
        return switch (w.kind) {
            case READ -> takeUpTo(w.n);
            case READ_ALL -> takeGathered(w.gathered);
            case EXACTLY -> takeExactly(w.n);
            case UNTIL, LINE -> takeThroughSeparator(w.scan, w.kind == ReadKind.LINE);
        };
    }

    /** read(): what it gathered as it arrived, and whatever came since. */
    private byte[] takeGathered(ReadBuffer gathered) {
        gathered.moveFrom(buffer);
        maybeResumeTransport();
        return gathered.takeAll();
    }

    /** readexactly(n): n bytes, or at EOF IncompleteReadError with everything there was. */
    private byte[] takeExactly(int n) throws IncompleteReadError {
        if (buffer.size() < n) {
            throw new IncompleteReadError(buffer.takeAll(), n);
        }
        byte[] data = buffer.take(n);
        maybeResumeTransport();
        return data;
    }

    /**
     * readuntil and readline, once the search ended: the chunk through its separator; at EOF IncompleteReadError
     * (readline: the partial line); over the limit LimitOverrunError keeping the data (readline: ValueError, dropping
     * the line if its newline is buffered, else everything).
     */
    private byte[] takeThroughSeparator(SeparatorScan scan, boolean line) throws Exception {
        LimitOverrunError overrun = scan.overrun();
        if (overrun != null) {
            if (!line) {
                throw overrun;
            }
            if (buffer.startsWith(NEWLINE, overrun.consumed())) {
                buffer.discard(overrun.consumed() + NEWLINE.length);
            } else {
                buffer.clear();
            }
            maybeResumeTransport();
            throw new IllegalArgumentException(overrun.getMessage(), overrun);
        }
        if (scan.matchEnd() < 0) {
            byte[] chunk = buffer.takeAll();
            if (line) {
                return chunk;
            }
            throw new IncompleteReadError(chunk, -1);
        }
        byte[] chunk = buffer.take(scan.matchEnd());
        maybeResumeTransport();
        return chunk;
    }

    private SelectorEventLoop loop() {
        SelectorEventLoop l = loop;
        if (l == null) {
            l = (SelectorEventLoop) Asyncio.getEventLoop();
            loop = l;
        }
        return l;
    }

    private static Future<byte[]> succeeded(SelectorEventLoop l, byte[] data) {
        BaseFuture<byte[]> f = new BaseFuture<>(l);
        f.setResult(data);
        return f;
    }

    private static Future<byte[]> failed(SelectorEventLoop l, Throwable exc) {
        BaseFuture<byte[]> f = new BaseFuture<>(l);
        f.setException(exc);
        return f;
    }

    /** asyncio's repr: {@code <StreamReader 5 bytes eof limit=10 waiter=... exception=... transport=... paused>}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<StreamReader");
        if (buffer.size() > 0) {
            sb.append(' ').append(buffer.size()).append(" bytes");
        }
        if (eof) {
            sb.append(" eof");
        }
        if (limit != DEFAULT_LIMIT) {
            sb.append(" limit=").append(limit);
        }
        if (waiter != null && !waiter.done()) {
            sb.append(" waiter=").append(waiter);
        }
        if (exception != null) {
            sb.append(" exception=").append(exception);
        }
        if (flow.transport() != null) {
            sb.append(" transport=").append(flow.transport());
        }
        if (flow.paused()) {
            sb.append(" paused");
        }
        return sb.append('>').toString();
    }

    /** What a waiting read is waiting for: each kind ends on its own condition and takes its own bytes. */
    private enum ReadKind { READ, READ_ALL, EXACTLY, UNTIL, LINE }

    /** The one read of this reader that waits for data: its kind and its own progress. */
    private final class Waiter extends PendingRead {
        final ReadKind kind;
        final int n;
        /** readuntil and readline: the search, kept between wake-ups. */
        final SeparatorScan scan;
        /** read(): what it has taken so far. */
        ReadBuffer gathered;

        Waiter(SelectorEventLoop loop, ReadKind kind, int n, SeparatorScan scan) {
            super(loop);
            this.kind = kind;
            this.n = n;
            this.scan = scan;
        }

        /** read(): takes what is buffered now, so the transport never pauses under a read to EOF. */
        void gather() {
            if (gathered == null) {
                gathered = new ReadBuffer();
            }
            if (buffer.size() > 0) {
                gathered.moveFrom(buffer);
                maybeResumeTransport();
            }
        }

        @Override
        public boolean ready() {
            return switch (kind) {
                case READ -> buffer.size() > 0 || eof;
                case READ_ALL -> {
                    gather();
                    yield eof;
                }
                case EXACTLY -> buffer.size() >= n || eof;
                case UNTIL, LINE -> scan.scan(buffer, limit, eof);
            };
        }

        @Override
        public byte[] finish() throws Exception {
            return StreamReader.this.finish(this);
        }

        @Override
        protected byte[] raced() {
            if (kind == ReadKind.READ) {
                return EMPTY;
            }
            throw new IllegalStateException((kind == ReadKind.EXACTLY ? "readexactly" : "readuntil")
                    + "() called while another coroutine is already waiting for incoming data");
        }
    }
}
