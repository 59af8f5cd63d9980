package org.jasyncio.internal.os;

import java.util.Arrays;

/**
 * jasyncio's handler for one signal while at least one loop has a handler for it: each delivery goes to every such
 * loop. The JVM runs it on a fresh daemon thread per signal, so it only reads a copy-on-write array.
 */
final class SignalRoute extends SignalLayer {
    private static final SignalHandlers[] NONE = new SignalHandlers[0];
    private volatile SignalHandlers[] loops = NONE;

    SignalRoute(String shortName) {
        super(shortName);
    }

    /** Called with the dispatch lock held. */
    void add(SignalHandlers loop) {
        SignalHandlers[] current = loops;
        for (SignalHandlers l : current) {
            if (l == loop) {
                return;
            }
        }
        SignalHandlers[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = loop;
        loops = grown;
    }

    /** Called with the dispatch lock held; true when no loop is left. */
    boolean remove(SignalHandlers loop) {
        SignalHandlers[] current = loops;
        SignalHandlers[] kept = Arrays.stream(current).filter(l -> l != loop).toArray(SignalHandlers[]::new);
        loops = kept.length == 0 ? NONE : kept;
        return kept.length == 0;
    }

    @Override
    void onSignal() {
        for (SignalHandlers loop : loops) {
            loop.deliver(shortName);
        }
    }

    @Override
    public String toString() {
        return "jasyncio handler for SIG" + shortName;
    }
}
