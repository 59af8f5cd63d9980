package org.jasyncio.internal.net;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import org.jasyncio.Future;
import org.jasyncio.SendfileNotAvailableError;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code sock_sendfile}: {@link FileChannel#transferTo} (sendfile(2)) from {@code offset}, one call each time the
 * socket is writable, as asyncio's {@code _sock_sendfile_native}. If the very first call fails, the zero-copy path is
 * "not available" and, when allowed, the plain copy takes over ({@code _sock_sendfile_fallback}: read a block in the
 * executor, sock_sendall it, repeat). Either way the file's position ends at offset + bytes sent, if any were sent.
 */
final class SocketSendfile extends SocketWaiter<Long> {
    /** asyncio's SENDFILE_FALLBACK_READBUFFER_SIZE. */
    static final int FALLBACK_BLOCK = 256 * 1024;

    private final SocketOperations ops;
    private final SocketChannel sock;
    private final FileChannel file;
    private final long startOffset;
    /** 0: to the end of the file. */
    private final long count;
    private final boolean fallback;
    private long total;
    private boolean fallingBack;
    /** What the fallback is waiting for (a read or a sendall), cancelled with the whole operation. */
    private Future<?> step;

    SocketSendfile(SelectorEventLoop loop, SocketOperations ops, SocketChannel sock, FileChannel file, long offset,
            long count, boolean fallback) {
        super(loop, sock, true);
        this.ops = ops;
        this.sock = sock;
        this.file = file;
        this.startOffset = offset;
        this.count = count;
        this.fallback = fallback;
        future.addDoneCallback(f -> {
            if (f.cancelled()) {
                Future<?> s = step;
                if (s != null) {
                    s.cancel();
                }
                updatePosition();
            }
        });
    }

    Future<Long> startSending() {
        long size;
        try {
            size = file.size();
        } catch (IOException e) {
            return notAvailable(new SendfileNotAvailableError("not a regular file", e));
        }
        if ((count > 0 ? count : size) == 0) {
            succeed(0L); // an empty file (or one, like /proc's, that says it is)
            return future;
        }
        if (!attempt()) {
            waitForReadiness();
        }
        return future;
    }

    @Override
    boolean attempt() {
        if (fallingBack) {
            return true;
        }
        long blocksize = count > 0 ? count - total : Long.MAX_VALUE;
        long n;
        try {
            n = file.transferTo(startOffset + total, blocksize, sock);
            if (n == 0 && startOffset + total >= file.size()) {
                return finish(); // end of file
            }
        } catch (IOException | RuntimeException e) {
            if (total == 0) {
                notAvailable(new SendfileNotAvailableError("os.sendfile call failed", e));
                return true;
            }
            updatePosition();
            return fail(e instanceof RuntimeException r ? SocketOperations.asOsError(r) : e);
        }
        total += n;
        return count > 0 && total >= count && finish();
    }

    private boolean finish() {
        updatePosition();
        return succeed(total);
    }

    private void updatePosition() {
        if (total > 0) {
            try {
                file.position(startOffset + total);
            } catch (IOException e) {
                // the transfer's outcome stands; the position is a courtesy to the caller
            }
        }
    }

    // ------------------------------------------------------------------ the fallback: read, sendall, repeat

    private Future<Long> notAvailable(SendfileNotAvailableError error) {
        if (!fallback) {
            fail(error);
            return future;
        }
        return startFallback();
    }

    /** The plain copy; also reachable directly, since the JDK's transferTo rarely refuses a file and socket. */
    Future<Long> startFallback() {
        fallingBack = true;
        ByteBuffer block = ByteBuffer.allocate((int) (count > 0 ? Math.min(count, FALLBACK_BLOCK) : FALLBACK_BLOCK));
        readNext(block);
        return future;
    }

    private void readNext(ByteBuffer block) {
        if (future.done()) {
            return;
        }
        long want = count > 0 ? Math.min(count - total, block.capacity()) : block.capacity();
        if (want <= 0) {
            finish();
            return;
        }
        block.clear().limit((int) want);
        long position = startOffset + total;
        Future<Integer> read = loop.runInExecutor(null, () -> file.read(block, position));
        step = read;
        read.addDoneCallback(r -> {
            if (future.done() || r.cancelled()) {
                return;
            }
            Throwable error = r.exception();
            if (error != null) {
                updatePosition();
                future.setException(error);
                return;
            }
            int n = resultOf(r);
            if (n <= 0) {
                finish();
                return;
            }
            block.flip();
            Future<Void> sent;
            try {
                sent = ops.sockSendall(sock, block);
            } catch (RuntimeException e) {
                updatePosition();
                future.setException(e);
                return;
            }
            step = sent;
            sent.addDoneCallback(s -> {
                if (future.done() || s.cancelled()) {
                    return;
                }
                Throwable sendError = s.exception();
                if (sendError != null) {
                    updatePosition();
                    future.setException(sendError);
                    return;
                }
                total += n;
                readNext(block);
            });
        });
    }

    private static int resultOf(Future<Integer> r) {
        try {
            return r.result();
        } catch (Exception e) {
            return -1;
        }
    }
}
