package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.ReadTransport;
import org.jasyncio.WriteTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * {@code loop.sendfile}: on a socket transport, zero-copy {@code FileChannel.transferTo} (sendfile(2)) driven by
 * writability once the transport's buffer has drained; on any other transport, asyncio's fallback: read a block,
 * wait until the transport accepts writes, write it. Either way the file's position ends at offset + bytes sent.
 */
final class Sendfile {
    /** asyncio's fallback block size. */
    static final int FALLBACK_BLOCK = 16 * 1024;

    private Sendfile() {
    }

    static Future<Long> start(StreamNetworking streams, WriteTransport transport, FileChannel file, long offset, long count,
            boolean fallback) {
        if (transport == null) {
            throw new IllegalArgumentException("transport must not be null");
        }
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be a non-negative integer (got " + offset + ")");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be a positive integer (got " + count + ")");
        }
        if (transport.isClosing()) {
            throw new IllegalStateException("Transport is closing");
        }
        SelectorEventLoop loop = streams.loop();
        if (transport instanceof SocketTransport st && st.loop() == loop) {
            return new Native(st, file, offset, count).begin();
        }
        if (!fallback) {
            throw new IllegalStateException("fallback is disabled and native sendfile is not supported for transport " + transport);
        }
        return new Fallback(loop, transport, file, offset, count).begin();
    }

    /** sendfile(2) through transferTo, one call per writability event until done. */
    private static final class Native {
        private final SocketTransport transport;
        private final FileChannel file;
        private final long offset;
        private final long count;
        private final BaseFuture<Long> result;
        private boolean resumeReading;
        private long sent;
        private long total;

        Native(SocketTransport transport, FileChannel file, long offset, long count) {
            this.transport = transport;
            this.file = file;
            this.offset = offset;
            this.count = count;
            this.result = new BaseFuture<>(transport.loop());
        }

        Future<Long> begin() {
            resumeReading = transport.isReading();
            transport.pauseReading();
            BaseFuture<Void> drained = transport.makeEmptyWaiter();
            drained.addDoneCallback(f -> {
                if (f.exception() != null) {
                    finish(f.exception());
                    return;
                }
                try {
                    long size = file.size();
                    total = count > 0 ? Math.min(count, Math.max(0, size - offset)) : size - offset;
                } catch (IOException e) {
                    finish(e);
                    return;
                }
                if (total <= 0) {
                    finish(null);
                    return;
                }
                transport.divertWritable(this::send);
            });
            return result;
        }

        private void send() {
            if (result.done()) {
                finish(null);
                return;
            }
            try {
                long n = file.transferTo(offset + sent, total - sent, transport.channel());
                sent += n;
                if (sent >= total || n == 0 && offset + sent >= file.size()) {
                    finish(null);
                }
            } catch (IOException e) {
                finish(TransportErrors.asConnectionError(e));
            }
        }

        private void finish(Throwable error) {
            transport.divertWritable(null);
            transport.resetEmptyWaiter();
            if (sent > 0) {
                try {
                    file.position(offset + sent);
                } catch (IOException e) {
                    error = error == null ? e : error;
                }
            }
            if (resumeReading) {
                transport.resumeReading();
            }
            if (result.done()) {
                return;
            }
            if (error != null) {
                result.setException(error);
            } else {
                result.setResult(sent);
            }
        }
    }

    /** The buffered path: blocks read in the executor, written when the transport is not paused. */
    private static final class Fallback implements Protocol {
        private final SelectorEventLoop loop;
        private final WriteTransport transport;
        private final FileChannel file;
        private final long offset;
        private final long count;
        private final BaseFuture<Long> result;
        private final BaseProtocol original;
        private final boolean resumeReading;
        private final boolean resumeWriting;
        private BaseFuture<Void> writeReady;
        private long sent;

        Fallback(SelectorEventLoop loop, WriteTransport transport, FileChannel file, long offset, long count) {
            this.loop = loop;
            this.transport = transport;
            this.file = file;
            this.offset = offset;
            this.count = count;
            this.result = new BaseFuture<>(loop);
            this.original = transport.getProtocol();
            this.resumeReading = transport instanceof ReadTransport r && r.isReading();
            this.resumeWriting = transport instanceof SocketTransport st && st.isProtocolWritePaused();
        }

        Future<Long> begin() {
            if (transport instanceof ReadTransport r) {
                r.pauseReading();
            }
            transport.setProtocol(this);
            if (resumeWriting) {
                writeReady = new BaseFuture<>(loop);
            }
            readNext();
            return result;
        }

        private void readNext() {
            int block = count > 0 ? (int) Math.min(count - sent, FALLBACK_BLOCK) : FALLBACK_BLOCK;
            if (block <= 0) {
                finish(null);
                return;
            }
            long position = offset + sent;
            Future<ByteBuffer> read = loop.runInExecutor(null, () -> {
                ByteBuffer buf = ByteBuffer.allocate(block);
                while (buf.hasRemaining() && file.read(buf, position + buf.position()) > 0) {
                    // keep reading until the block is full or the file ends
                }
                return buf.flip();
            });
            read.addDoneCallback(f -> {
                if (f.exception() != null) {
                    finish(f.exception());
                    return;
                }
                ByteBuffer data;
                try {
                    data = f.result();
                } catch (Exception e) {
                    finish(e);
                    return;
                }
                if (!data.hasRemaining()) {
                    finish(null);
                    return;
                }
                whenWritable(() -> {
                    int n = data.remaining();
                    transport.write(data);
                    sent += n;
                    readNext();
                });
            });
        }

        /** asyncio's drain(): fail if the connection went, wait while the transport is paused. */
        private void whenWritable(Runnable then) {
            if (transport.isClosing()) {
                finish(new SocketException("Connection closed by peer"));
                return;
            }
            BaseFuture<Void> w = writeReady;
            if (w == null) {
                then.run();
                return;
            }
            w.addDoneCallback(f -> {
                if (f.exception() != null) {
                    finish(f.exception());
                } else if (!f.cancelled()) {
                    whenWritable(then);
                }
            });
        }

        private void finish(Throwable error) {
            if (result.done()) {
                return;
            }
            if (sent > 0) {
                try {
                    file.position(offset + sent);
                } catch (IOException e) {
                    error = error == null ? e : error;
                }
            }
            restore();
            if (error != null) {
                result.setException(error);
            } else {
                result.setResult(sent);
            }
        }

        private void restore() {
            if (!transport.isClosing() || transport.getProtocol() == this) {
                transport.setProtocol(original);
            }
            if (resumeReading && transport instanceof ReadTransport r) {
                r.resumeReading();
            }
            if (writeReady != null) {
                writeReady.cancel();
                writeReady = null;
            }
            if (resumeWriting) {
                original.resumeWriting();
            }
        }

        @Override
        public void connectionMade(BaseTransport t) {
            throw new IllegalStateException("Invalid state: connection should have been established already.");
        }

        @Override
        public void connectionLost(Throwable exc) {
            if (writeReady != null && !writeReady.done()) {
                writeReady.setException(exc != null ? exc : new SocketException("Connection is closed by peer"));
            }
            original.connectionLost(exc);
        }

        @Override
        public void pauseWriting() {
            if (writeReady == null) {
                writeReady = new BaseFuture<>(loop);
            }
        }

        @Override
        public void resumeWriting() {
            BaseFuture<Void> w = writeReady;
            writeReady = null;
            if (w != null && !w.done()) {
                w.setResult(null);
            }
        }

        @Override
        public void dataReceived(byte[] data) {
            throw new IllegalStateException("Invalid state: reading should be paused");
        }

        @Override
        public boolean eofReceived() {
            throw new IllegalStateException("Invalid state: reading should be paused");
        }
    }
}
