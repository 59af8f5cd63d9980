package org.jasyncio.internal.process;

import java.io.IOException;
import java.net.SocketException;
import java.util.function.BiFunction;
import org.jasyncio.BaseTransport;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamWriter;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code Process.communicate(input)}: feeds {@code input} to stdin and closes it, reads stdout and stderr
 * to their end, all three at once (asyncio gathers three coroutines), then waits for the exit. A child that exits
 * without reading its stdin does not fail it: BrokenPipe and ConnectionReset while writing are ignored, as asyncio
 * ignores them. The first other failure fails the whole; cancelling cancels every part still running.
 */
public final class Communication<R> extends BaseFuture<R> {
    private final SubprocessStreamProtocol protocol;
    private final SubprocessTransport transport;
    private final BiFunction<byte[], byte[], R> result;
    private final Future<?>[] parts = new Future<?>[3];
    private byte[] out;
    private byte[] err;
    private int pending = 3;
    private Future<Integer> exit;

    public Communication(SelectorEventLoop loop, SubprocessStreamProtocol protocol, SubprocessTransport transport,
            byte[] input, BiFunction<byte[], byte[], R> result) {
        super(loop);
        this.protocol = protocol;
        this.transport = transport;
        this.result = result;
        feedStdin(input);
        readStream(1, protocol.stdout());
        readStream(2, protocol.stderr());
    }

    private void feedStdin(byte[] input) {
        StreamWriter stdin = protocol.stdin();
        if (stdin == null) {
            partDone();
            return;
        }
        if (input == null) {
            stdin.close();
            partDone();
            return;
        }
        Future<Void> drained;
        try {
            stdin.write(input);
            drained = stdin.drain();
        } catch (RuntimeException e) {
            stdin.close();
            fail(e);
            return;
        }
        parts[0] = drained;
        drained.addDoneCallback(f -> {
            parts[0] = null;
            Throwable exc = f.cancelled() ? new CancelledError() : f.exception();
            stdin.close();
            if (exc != null && !isBrokenPipe(exc)) {
                fail(exc);
            } else {
                partDone();
            }
        });
    }

    /** asyncio ignores BrokenPipeError and ConnectionResetError from write() and drain() in communicate(). */
    static boolean isBrokenPipe(Throwable exc) {
        if (!(exc instanceof IOException)) {
            return false;
        }
        String m = exc.getMessage();
        return m != null && (m.equals("Broken pipe") || m.startsWith("Connection reset")
                || (exc instanceof SocketException && m.equals("Connection lost")));
    }

    private void readStream(int fd, StreamReader stream) {
        if (stream == null) {
            partDone();
            return;
        }
        Future<byte[]> read = stream.read();
        parts[fd] = read;
        read.addDoneCallback(f -> {
            parts[fd] = null;
            if (f.cancelled()) {
                fail(new CancelledError());
                return;
            }
            Throwable exc = f.exception();
            if (exc != null) {
                fail(exc);
                return;
            }
            byte[] data;
            try {
                data = f.result();
            } catch (Exception e) {
                fail(e);
                return;
            }
            BaseTransport pipe = transport.getPipeTransport(fd);
            if (pipe != null) {
                pipe.close();
            }
            if (fd == 1) {
                out = data;
            } else {
                err = data;
            }
            partDone();
        });
    }

    private void partDone() {
        if (--pending > 0 || done()) {
            return;
        }
        exit = protocol.waitAsync();
        exit.addDoneCallback(f -> {
            if (done()) {
                return;
            }
            if (f.cancelled()) {
                cancelFuture(null);
            } else {
                super.setResult(result.apply(out, err));
            }
        });
    }

    private void fail(Throwable exc) {
        if (done()) {
            return;
        }
        if (exc instanceof CancelledError ce) {
            cancelFuture(ce.getMessage());
        } else {
            super.setException(exc);
        }
    }

    @Override
    public boolean cancel(String msg) {
        if (done()) {
            return cancelFuture(msg);
        }
        for (Future<?> p : parts) {
            if (p != null) {
                p.cancel(msg);
            }
        }
        if (exit != null) {
            exit.cancel(msg);
        }
        return cancelFuture(msg);
    }

    @Override
    public void setResult(R value) {
        throw new IllegalStateException("communicate() is completed by the process only");
    }

    @Override
    public void setException(Throwable exc) {
        throw new IllegalStateException("communicate() is completed by the process only");
    }
}
