package org.jasyncio.internal.task;

import org.jasyncio.Future;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.sleep}: a future that is its own timer callback, so a sleep costs the future and the timer handle
 * and nothing else; cancelling it cancels the timer at once instead of leaving it to fire into a done future.
 */
public final class Sleeping extends BaseFuture<Void> implements Runnable {
    private TimerHandle timer;

    private Sleeping(SelectorEventLoop loop) {
        super(loop);
    }

    public static Future<Void> sleep(SelectorEventLoop loop, double seconds) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("Invalid delay: NaN");
        }
        if (seconds <= 0) {
            return new YieldOnce(loop);
        }
        Sleeping f = new Sleeping(loop);
        f.timer = loop.callLater(seconds, f);
        return f;
    }

    /** The timer fired. */
    @Override
    public void run() {
        timer = null;
        if (!done()) {
            setResult(null);
        }
    }

    @Override
    public boolean cancel(String msg) {
        TimerHandle t = timer;
        boolean cancelled = cancelFuture(msg);
        if (cancelled && t != null) {
            timer = null;
            t.cancel();
        }
        return cancelled;
    }

    @Override
    public String toString() {
        return "<Sleep " + describeState() + ">";
    }
}
