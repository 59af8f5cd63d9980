package org.jasyncio.internal.task;

import org.jasyncio.Future;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.sleep}: a future that is its own timer callback, so a sleep costs the future and the timer handle
 * and nothing else; cancelling it cancels the timer at once instead of leaving it to fire into a done future.
 */
public final class Sleeping<T> extends BaseFuture<T> implements Runnable {
    private TimerHandle timer;
    private T value;

    private Sleeping(SelectorEventLoop loop, T value) {
        super(loop);
        this.value = value;
    }

    public static Future<Void> sleep(SelectorEventLoop loop, double seconds) {
        return sleep(loop, seconds, null);
    }

    /** {@code asyncio.sleep(delay, result)}: done with {@code result} after {@code seconds}. */
    public static <T> Future<T> sleep(SelectorEventLoop loop, double seconds, T result) {
        if (Double.isNaN(seconds)) {
            throw new IllegalArgumentException("Invalid delay: NaN (not a number)");
        }
        if (seconds <= 0) {
            return new YieldOnce<>(loop, result);
        }
        Sleeping<T> f = new Sleeping<>(loop, result);
        f.timer = loop.callLater(seconds, f);
        return f;
    }

    /** The timer fired. */
    @Override
    public void run() {
        timer = null;
        if (!done()) {
            T v = value;
            value = null;
            setResult(v);
        }
    }

    @Override
    public boolean cancel(String msg) {
        TimerHandle t = timer;
        boolean cancelled = cancelFuture(msg);
        if (cancelled && t != null) {
            timer = null;
            value = null;
            t.cancel();
        }
        return cancelled;
    }

    @Override
    public String toString() {
        return "<Sleep " + describeState() + ">";
    }
}
