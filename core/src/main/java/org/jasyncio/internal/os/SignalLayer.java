package org.jasyncio.internal.os;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A handler jasyncio puts in front of one signal. It remembers the handler it replaced, so that taking it away
 * puts back exactly what was there before, even when other layers were added on top in the meantime.
 */
abstract class SignalLayer implements SignalHandler {
    /** "USR1", as {@link SignalNames#shortName} gives it. */
    final String shortName;
    /** The Linux number: used in messages and as the key of the dispatch tables. */
    final int number;
    final Signal signal;
    /** The handler this layer replaced; written under {@link SignalDispatch}'s lock, read by signal threads. */
    volatile SignalHandler previous;

    SignalLayer(String shortName) {
        this.shortName = shortName;
        this.number = SignalNames.number(shortName);
        this.signal = new Signal(shortName);
    }

    /** The layer this one was installed over, or null when it replaced a handler that is not jasyncio's. */
    SignalLayer below() {
        return previous instanceof SignalLayer layer ? layer : null;
    }

    /** What to do with a delivery; called on the JVM's thread for it. */
    abstract void onSignal();

    @Override
    public final void handle(Signal sig) {
        onSignal();
    }

    /**
     * Runs the handler this layer replaced, as if this layer were not there; false when that is the system's default
     * action or "ignore", which a Java handler cannot perform.
     */
    boolean passToPrevious() {
        SignalHandler replaced = previous;
        if (replaced == null || replaced == SignalHandler.SIG_DFL || replaced == SignalHandler.SIG_IGN) {
            return false;
        }
        replaced.handle(signal);
        return true;
    }
}
