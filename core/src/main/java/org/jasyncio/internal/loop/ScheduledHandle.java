package org.jasyncio.internal.loop;

import org.jasyncio.TimerHandle;

/** A callback waiting in the timer heap for its loop time ({@code asyncio.TimerHandle}). */
public final class ScheduledHandle extends CallbackHandle implements TimerHandle {
    final double when;
    /** Scheduling order, so timers due at the same time run in the order they were scheduled. */
    final long sequence;
    /** True while the handle sits in the timer heap. */
    boolean scheduled;

    ScheduledHandle(BaseEventLoop loop, double when, long sequence, Runnable callback, Object context) {
        super(loop, callback, context);
        this.when = when;
        this.sequence = sequence;
    }

    @Override
    public double when() {
        return when;
    }

    @Override
    public void cancel() {
        if (!cancelled) {
            loop.timerCancelled(this);
        }
        super.cancel();
    }

    boolean runsBefore(ScheduledHandle other) {
        return when < other.when || (when == other.when && sequence < other.sequence);
    }
}
