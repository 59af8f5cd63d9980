package org.jasyncio.internal.loop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/** The portable {@link Poller}: a {@code java.nio.channels.Selector} (epoll on Linux, kqueue on macOS). */
public final class NioPoller implements Poller {
    private final Selector selector;
    /** Made once: the selector calls it for every ready key, so polling allocates nothing. */
    private final Consumer<SelectionKey> dispatch = this::dispatch;
    /** Set by a poll that may block: its first handler notes the time (see {@link #firstReadyNanos()}). */
    private boolean stampFirstReady;
    private long firstReadyNanos;
    /** Takes nothing: a select that only completes cancellations (readiness is level-triggered: it comes back). */
    private static final Consumer<SelectionKey> IGNORE = sk -> { };
    private boolean polling;
    private boolean flushWanted;

    public NioPoller() {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
    }

    @Override
    public PollKey register(SelectableChannel channel, int ops, IoHandler handler) throws IOException {
        Key key = new Key(handler, ops);
        key.selectionKey = channel.register(selector, ops, key);
        return key;
    }

    @Override
    public PollKey keyFor(SelectableChannel channel) {
        SelectionKey sk = channel.keyFor(selector);
        return sk == null || !sk.isValid() ? null : (Key) sk.attachment();
    }

    @Override
    public int poll(long timeoutNanos) throws IOException {
        polling = true;
        try {
            if (timeoutNanos == 0) {
                return selector.selectNow(dispatch);
            }
            stampFirstReady = true;
            firstReadyNanos = 0;
            if (timeoutNanos < 0) {
                return selector.select(dispatch);
            }
            // Round up to whole milliseconds so a timer is never woken for too early.
            long millis = Math.max(1, (timeoutNanos + 999_999) / 1_000_000);
            return selector.select(dispatch, millis);
        } finally {
            polling = false;
            if (flushWanted) {
                flushWanted = false;
                flushCancelled();
            }
        }
    }

    /**
     * NIO closes a registered channel's socket only once its cancelled key has left the selector, at the next select;
     * this completes the cancellations now, so that a channel closed before is closed for real (a listener stops
     * listening). Called from inside a dispatch, it completes them as soon as the current select returns.
     */
    @Override
    public void flushCancelled() {
        if (polling) {
            flushWanted = true;
            return;
        }
        try {
            selector.selectNow(IGNORE);
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            // A selector that cannot select is closing with the loop, which closes every channel anyway.
        }
    }

    @Override
    public long firstReadyNanos() {
        return firstReadyNanos;
    }

    private void dispatch(SelectionKey sk) {
        if (stampFirstReady) {
            stampFirstReady = false;
            firstReadyNanos = System.nanoTime();
        }
        Key key = (Key) sk.attachment();
        int ready;
        try {
            ready = sk.readyOps();
        } catch (CancelledKeyException e) {
            return; // cancelled by an earlier handler in this same poll
        }
        key.handler.onReady(ready);
    }

    @Override
    public void wakeup() {
        selector.wakeup();
    }

    @Override
    public int registrations() {
        return selector.keys().size();
    }

    @Override
    public void close() {
        try {
            selector.close();
        } catch (IOException e) {
            // Nothing useful to do: the loop is closing anyway.
        }
    }

    /** A registration; remembers its interest set so unchanged updates cost nothing. */
    private static final class Key implements PollKey {
        final IoHandler handler;
        SelectionKey selectionKey;
        int ops;

        Key(IoHandler handler, int ops) {
            this.handler = handler;
            this.ops = ops;
        }

        @Override
        public int interestOps() {
            return ops;
        }

        @Override
        public void interestOps(int newOps) {
            if (newOps != ops && selectionKey.isValid()) {
                ops = newOps;
                selectionKey.interestOps(newOps);
            }
        }

        @Override
        public IoHandler handler() {
            return handler;
        }

        @Override
        public void cancel() {
            selectionKey.cancel();
        }

        @Override
        public boolean isValid() {
            return selectionKey.isValid();
        }
    }
}
