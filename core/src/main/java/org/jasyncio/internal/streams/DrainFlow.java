package org.jasyncio.internal.streams;

import java.net.SocketException;
import java.util.ArrayList;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;

/**
 * What {@code StreamWriter.drain()} waits on (asyncio's {@code FlowControlMixin}): the transport's pause and resume
 * of writing and the loss of the connection, turned into futures. A protocol forwards its {@code pauseWriting},
 * {@code resumeWriting} and {@code connectionLost} here. Loop thread only.
 */
public final class DrainFlow {
    private final EventLoop loop;
    /** A future done with null, handed out by every drain that need not wait (drains allocate nothing then). */
    private final Future<Void> ready;
    private final ArrayList<Future<Void>> waiters = new ArrayList<>(1);
    private boolean paused;
    private boolean connectionLost;

    public DrainFlow(EventLoop loop) {
        this.loop = loop;
        this.ready = loop.createFuture();
        ready.setResult(null);
    }

    public EventLoop loop() {
        return loop;
    }

    /** Whether writing is paused now (the transport's buffer is above its high-water mark). */
    public boolean paused() {
        return paused;
    }

    /** asyncio: {@code FlowControlMixin.pause_writing}. */
    public void pauseWriting() {
        paused = true;
    }

    /** asyncio: {@code FlowControlMixin.resume_writing}: wakes every drain waiting. */
    public void resumeWriting() {
        paused = false;
        wakeAll(null);
    }

    /** asyncio: {@code FlowControlMixin.connection_lost}: wakes waiting drains (with {@code exc}) if writing was paused. */
    public void connectionLost(Throwable exc) {
        connectionLost = true;
        if (!paused) {
            return;
        }
        wakeAll(exc);
    }

    private void wakeAll(Throwable exc) {
        if (waiters.isEmpty()) {
            return;
        }
        Object[] all = waiters.toArray();
        waiters.clear();
        for (Object o : all) {
            @SuppressWarnings("unchecked")
            Future<Void> w = (Future<Void>) o;
            if (!w.done()) {
                if (exc == null) {
                    w.setResult(null);
                } else {
                    w.setException(exc);
                }
            }
        }
    }

    /**
     * asyncio's {@code _drain_helper}: fails with SocketException("Connection lost") once the connection is lost,
     * is done at once unless writing is paused, else waits for {@link #resumeWriting} or the loss.
     */
    public Future<Void> drainHelper() {
        if (connectionLost) {
            Future<Void> f = loop.createFuture();
            f.setException(new SocketException("Connection lost"));
            return f;
        }
        if (!paused) {
            return ready;
        }
        if (!waiters.isEmpty()) {
            waiters.removeIf(Future::done); // cancelled drains leave nothing behind
        }
        Future<Void> waiter = loop.createFuture();
        waiters.add(waiter);
        return waiter;
    }
}
