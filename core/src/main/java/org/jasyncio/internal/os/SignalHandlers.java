package org.jasyncio.internal.os;

import org.jasyncio.internal.loop.SelectorEventLoop;

/** Unix signal handlers of one loop: the callback runs on the loop thread. */
public final class SignalHandlers {
    private final SelectorEventLoop loop;

    public SignalHandlers(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public void add(String signal, Runnable cb) {
        throw new UnsupportedOperationException("addSignalHandler: in progress");
    }

    public boolean remove(String signal) {
        throw new UnsupportedOperationException("removeSignalHandler: in progress");
    }
}
