package org.jasyncio.internal.net;

import java.nio.channels.SelectableChannel;
import java.util.function.Consumer;
import org.jasyncio.Future;
import org.jasyncio.Handle;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * One sock_* operation on a raw channel, as asyncio runs it: {@link #attempt} once at once; only if that would block,
 * become the channel's reader (or writer) and attempt again each time the channel is ready. When the future is done
 * (result, error or cancellation) the reader/writer is removed, unless another one has replaced it meanwhile: the
 * handle asyncio checks in {@code _sock_read_done} tells which.
 */
abstract class SocketWaiter<T> implements Runnable, Consumer<Future<T>> {
    final SelectorEventLoop loop;
    final BaseFuture<T> future;
    final SelectableChannel channel;
    private final boolean forWriting;
    private Handle handle;

    SocketWaiter(SelectorEventLoop loop, SelectableChannel channel, boolean forWriting) {
        this.loop = loop;
        this.future = new BaseFuture<>(loop);
        this.channel = channel;
        this.forWriting = forWriting;
    }

    /** Tries the operation once; returns true when it finished (the future is done), false when it would block. */
    abstract boolean attempt();

    /** The operation's future: done already if the first attempt finished, else waiting for readiness. */
    final Future<T> start() {
        if (!attempt()) {
            waitForReadiness();
        }
        return future;
    }

    /** Becomes the channel's reader or writer; IllegalStateException if a transport owns the channel. */
    final void waitForReadiness() {
        handle = forWriting ? loop.watchWritable(channel, this) : loop.watchReadable(channel, this);
        future.addDoneCallback(this);
    }

    /** The channel is ready: try again (a cancelled operation leaves the channel's data alone). */
    @Override
    public final void run() {
        if (future.done()) {
            return;
        }
        if (attempt()) {
            stopWatching(); // at once, so a finished connect does not spin on OP_CONNECT until the done callback
        }
    }

    /** The future is done, perhaps cancelled: stop watching the channel. */
    @Override
    public final void accept(Future<T> f) {
        stopWatching();
    }

    private void stopWatching() {
        Handle h = handle;
        if (h == null || h.cancelled()) {
            return; // never registered, already removed, or replaced by a newer reader/writer
        }
        if (forWriting) {
            loop.removeWriter(channel);
        } else {
            loop.removeReader(channel);
        }
    }

    /** Ends the operation with {@code exc}; returns true for {@link #attempt}'s convenience. */
    final boolean fail(Throwable exc) {
        future.setException(exc);
        return true;
    }

    final boolean succeed(T value) {
        future.setResult(value);
        return true;
    }
}
