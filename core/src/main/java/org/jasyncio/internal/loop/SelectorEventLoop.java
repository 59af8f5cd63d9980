package org.jasyncio.internal.loop;

import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import org.jasyncio.Handle;

/**
 * asyncio's selector_events core: the {@link BaseEventLoop} plus the poller and the readers and writers watched on
 * it. This is the loop type every area (networking, TLS, pipes, processes, signals) is written against; the loop
 * users get, {@code org.jasyncio.internal.events.StandardEventLoop}, adds those areas on top, so that this package
 * never depends on theirs.
 */
public abstract non-sealed class SelectorEventLoop extends BaseEventLoop {
    private final ChannelWatchers watchers = new ChannelWatchers(this);

    protected SelectorEventLoop() {
        super();
    }

    // ------------------------------------------------------------------ readers and writers

    /** The poller, for transports and servers in the other internal packages. */
    public Poller poller() {
        return poller;
    }

    /** Transports call this before registering a channel: a channel watched by addReader/addWriter is refused. */
    public void ensureNoWatcher(SelectableChannel ch) {
        if (watchers.isWatched(ch)) {
            throw new IllegalStateException("File descriptor " + ch + " is used by a reader or writer");
        }
    }

    /**
     * Internal (asyncio's {@code _add_reader}): makes {@code cb} the reader of {@code ch} without the transport check
     * and returns its handle, which is cancelled once another reader replaces it or it is removed.
     */
    public Handle watchReadable(SelectableChannel ch, Runnable cb) {
        checkClosed();
        return watchers.add(ch, cb, SelectionKey.OP_READ);
    }

    /** Internal (asyncio's {@code _add_writer}): as {@link #watchReadable} for writing (or connecting). */
    public Handle watchWritable(SelectableChannel ch, Runnable cb) {
        checkClosed();
        return watchers.add(ch, cb, SelectionKey.OP_WRITE);
    }

    @Override
    public void addReader(SelectableChannel ch, Runnable cb) {
        checkClosed();
        checkCallback(cb, "add_reader");
        watchers.add(ch, cb, SelectionKey.OP_READ);
    }

    @Override
    public boolean removeReader(SelectableChannel ch) {
        return watchers.remove(ch, SelectionKey.OP_READ);
    }

    @Override
    public void addWriter(SelectableChannel ch, Runnable cb) {
        checkClosed();
        checkCallback(cb, "add_writer");
        watchers.add(ch, cb, SelectionKey.OP_WRITE);
    }

    @Override
    public boolean removeWriter(SelectableChannel ch) {
        return watchers.remove(ch, SelectionKey.OP_WRITE);
    }
}
