package org.jasyncio.internal.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import org.jasyncio.Context;

/**
 * {@code addReader}/{@code addWriter}: plain callbacks on a channel's readiness, as asyncio's selector loop keeps a
 * (reader handle, writer handle) pair per file descriptor.
 */
final class ChannelWatchers {
    private final SelectorEventLoop loop;

    ChannelWatchers(SelectorEventLoop loop) {
        this.loop = loop;
    }

    /** Sets the reader or writer of {@code ch}, replacing (and cancelling) the previous one; returns the new handle. */
    CallbackHandle add(SelectableChannel ch, Runnable cb, int op) {
        checkUsable(ch);
        PollKey key = loop.poller.keyFor(ch);
        CallbackHandle handle = new CallbackHandle(loop, cb, captureContext());
        int pollOp = pollOp(ch, op);
        if (key == null) {
            Watcher w = new Watcher();
            w.set(op, handle);
            try {
                w.key = loop.poller.register(ch, pollOp, w);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return handle;
        }
        if (!(key.handler() instanceof Watcher w)) {
            throw new IllegalStateException("File descriptor " + ch + " is used by transport " + key.handler().owner());
        }
        CallbackHandle old = w.set(op, handle);
        if (old != null) {
            old.cancel();
        }
        key.addInterest(pollOp);
        return handle;
    }

    /** Readiness to read is OP_ACCEPT on a listening channel; readiness to write is OP_CONNECT while connecting. */
    private static int pollOp(SelectableChannel ch, int op) {
        if (op == SelectionKey.OP_READ) {
            return (ch.validOps() & SelectionKey.OP_READ) != 0 ? SelectionKey.OP_READ : SelectionKey.OP_ACCEPT;
        }
        if (ch instanceof java.nio.channels.SocketChannel sc && sc.isConnectionPending()) {
            return SelectionKey.OP_CONNECT;
        }
        return SelectionKey.OP_WRITE;
    }

    boolean remove(SelectableChannel ch, int op) {
        if (loop.isClosed()) {
            return false;
        }
        PollKey key = loop.poller.keyFor(ch);
        if (key == null) {
            return false;
        }
        if (!(key.handler() instanceof Watcher w)) {
            throw new IllegalStateException("File descriptor " + ch + " is used by transport " + key.handler().owner());
        }
        CallbackHandle old = w.set(op, null);
        // The key stays registered, idle, rather than cancelled: a cancelled key lingers in the selector until its
        // next select, and registering the channel again before that (remove then add in one iteration, the usual
        // sock_recv pattern) would throw CancelledKeyException.
        key.removeInterest(op == SelectionKey.OP_READ
                ? SelectionKey.OP_READ | SelectionKey.OP_ACCEPT : SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT);
        if (old != null) {
            old.cancel();
            return true;
        }
        return false;
    }

    /** Called by transports before they register a channel: asyncio's _ensure_fd_no_transport in reverse. */
    boolean isWatched(SelectableChannel ch) {
        PollKey key = loop.poller.keyFor(ch);
        return key != null && key.handler() instanceof Watcher w && (w.reader != null || w.writer != null);
    }

    private static Context captureContext() {
        return org.jasyncio.internal.context.ContextAccess.get(Context.class).captureOrNull();
    }

    private static void checkUsable(SelectableChannel ch) {
        if (ch == null) {
            throw new IllegalArgumentException("channel must not be null");
        }
        if (!ch.isOpen()) {
            throw new IllegalArgumentException("Invalid file object: " + ch + " is closed");
        }
        if (ch.isBlocking()) {
            throw new IllegalArgumentException("the socket must be non-blocking");
        }
    }

    /** The reader and writer of one channel. */
    private static final class Watcher implements IoHandler {
        CallbackHandle reader;
        CallbackHandle writer;
        PollKey key;

        CallbackHandle set(int op, CallbackHandle h) {
            CallbackHandle old;
            if (op == SelectionKey.OP_READ) {
                old = reader;
                reader = h;
            } else {
                old = writer;
                writer = h;
            }
            return old;
        }

        @Override
        public void onReady(int readyOps) {
            CallbackHandle r = reader;
            CallbackHandle w = writer;
            if ((readyOps & (SelectionKey.OP_READ | SelectionKey.OP_ACCEPT)) != 0 && r != null && !r.cancelled) {
                r.run();
            }
            if ((readyOps & (SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT)) != 0 && w != null && !w.cancelled
                    && w == writer) {
                w.run();
            }
        }
    }
}
