package org.jasyncio.internal.loop;

import java.lang.System.Logger.Level;

/** What the Cleaner needs when a loop is dropped unclosed: the poller to release, and a name for the warning. */
final class UnclosedLoopReport implements Runnable {
    final Poller poller;
    final String name;
    volatile boolean closed;

    UnclosedLoopReport(Poller poller, String name) {
        this.poller = poller;
        this.name = name;
    }

    @Override
    public void run() {
        if (!closed) {
            ExceptionReporting.LOGGER.log(Level.WARNING, "unclosed event loop " + name);
        }
        poller.close();
    }
}
