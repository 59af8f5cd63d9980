package org.jasyncio.internal.os;

import org.jasyncio.EventLoop;
import org.jasyncio.Task;

/** Asyncio.run's Ctrl-C handling: the first SIGINT cancels the main task, the second ends the program. */
public final class InterruptWatch implements AutoCloseable {
    private volatile boolean interrupted;

    private InterruptWatch() {
    }

    /** Null where signals cannot be watched. */
    public static InterruptWatch install(EventLoop loop, Task<?> mainTask) {
        return null;
    }

    public boolean interrupted() {
        return interrupted;
    }

    @Override
    public void close() {
    }
}
