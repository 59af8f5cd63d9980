package org.jasyncio.internal.task;

import org.jasyncio.EventLoop;
import org.jasyncio.Task;

/**
 * What {@code Asyncio.run} does on Ctrl-C: the first SIGINT cancels the main task, a second one ends the program.
 * The signal part lives in {@code org.jasyncio.internal.os}; without it (other platforms) this does nothing.
 */
final class InterruptHandling implements AutoCloseable {
    private final org.jasyncio.internal.os.InterruptWatch watch;

    private InterruptHandling(org.jasyncio.internal.os.InterruptWatch watch) {
        this.watch = watch;
    }

    static InterruptHandling install(EventLoop loop, Task<?> mainTask) {
        return new InterruptHandling(org.jasyncio.internal.os.InterruptWatch.install(loop, mainTask));
    }

    boolean interrupted() {
        return watch != null && watch.interrupted();
    }

    @Override
    public void close() {
        if (watch != null) {
            watch.close();
        }
    }
}
