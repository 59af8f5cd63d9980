package org.jasyncio.internal.os;

import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * The process-wide side of signal handling. A signal has one disposition per process, so the loops' handlers and
 * Asyncio.run's Ctrl-C watch are stacked on it as {@link SignalLayer}s, each remembering what it replaced; every
 * change happens under one lock. The JVM delivers a signal by running the top handler on a fresh daemon thread.
 */
final class SignalDispatch {
    private static final System.Logger LOGGER = System.getLogger("org.jasyncio");
    /** The kernel never lets a process catch these. */
    private static final Set<String> UNCATCHABLE = Set.of("KILL", "STOP");
    /**
     * HotSpot needs these for itself: it refuses QUIT (thread dumps), ILL, FPE and SEGV (implicit exception checks),
     * and it accepts but depends on BUS (faults on mapped files) and USR2 (thread suspend and resume).
     */
    private static final Set<String> JVM_RESERVED = Set.of("QUIT", "ILL", "FPE", "SEGV", "BUS", "USR2");
    /** The signals the JVM handles to shut down; it leaves them alone when the process started with them ignored. */
    private static final Set<String> JVM_SHUTDOWN = Set.of("HUP", "INT", "TERM");

    private static final Object LOCK = new Object();
    /** The topmost jasyncio layer of each signal, by number. */
    private static final Map<Integer, SignalLayer> TOP = new HashMap<>();
    /** The loops' shared handler of each signal, by number, while some loop has one. */
    private static final Map<Integer, SignalRoute> ROUTES = new HashMap<>();

    private SignalDispatch() {
    }

    /** IllegalArgumentException naming the reason when {@code shortName} cannot get a handler in this process. */
    static void checkCatchable(String shortName) {
        int number = SignalNames.number(shortName);
        if (UNCATCHABLE.contains(shortName)) {
            throw new IllegalArgumentException("sig " + number + " cannot be caught");
        }
        if (JVM_RESERVED.contains(shortName)) {
            throw new IllegalArgumentException("sig " + number + " cannot be caught: the JVM reserves SIG" + shortName
                    + " for itself");
        }
    }

    /** Starts sending {@code shortName} to {@code loop} (idempotent). */
    static void subscribe(String shortName, SignalHandlers loop) {
        synchronized (LOCK) {
            int number = SignalNames.number(shortName);
            SignalRoute route = ROUTES.get(number);
            if (route == null) {
                route = new SignalRoute(shortName);
                push(route);
                ROUTES.put(number, route);
                warnIfIgnored(shortName, route.previous);
            }
            route.add(loop);
        }
    }

    /** Stops sending {@code shortName} to {@code loop}; the last loop gone, the replaced handler comes back. */
    static void unsubscribe(String shortName, SignalHandlers loop) {
        synchronized (LOCK) {
            int number = SignalNames.number(shortName);
            SignalRoute route = ROUTES.get(number);
            if (route != null && route.remove(loop)) {
                ROUTES.remove(number);
                pop(route);
            }
        }
    }

    /**
     * Installs {@code layer} only if its signal has the JVM's own disposition now (no jasyncio layer, no handler of
     * the program's, not ignored); true if it did.
     */
    static boolean pushOverJvmDefault(SignalLayer layer) {
        synchronized (LOCK) {
            if (TOP.containsKey(layer.number)) {
                return false;
            }
            push(layer);
            if (!isJvmDefault(layer.previous)) {
                pop(layer);
                return false;
            }
            return true;
        }
    }

    /**
     * Takes {@code layer} away, wherever it is in its signal's stack. A handler the program installed over it without
     * jasyncio stays (asyncio's runner also restores SIGINT only if its handler is still the one installed).
     */
    static void pop(SignalLayer layer) {
        synchronized (LOCK) {
            SignalLayer top = TOP.get(layer.number);
            if (top == layer) {
                SignalHandler current = Signal.handle(layer.signal, layer.previous);
                if (current != layer) {
                    Signal.handle(layer.signal, current);
                }
                SignalLayer below = layer.below();
                if (below != null) {
                    TOP.put(layer.number, below);
                } else {
                    TOP.remove(layer.number);
                }
                return;
            }
            for (SignalLayer above = top; above != null; above = above.below()) {
                if (above.previous == layer) {
                    above.previous = layer.previous;
                    return;
                }
            }
        }
    }

    private static void push(SignalLayer layer) {
        try {
            layer.previous = Signal.handle(layer.signal, layer);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sig " + layer.number + " cannot be caught: the JVM refuses SIG"
                    + layer.shortName + " (" + e.getMessage() + ")", e);
        }
        TOP.put(layer.number, layer);
    }

    /** The JVM's own handlers are wrapped by jdk.unsupported; a program's handler is returned as itself. */
    private static boolean isJvmDefault(SignalHandler handler) {
        return handler != SignalHandler.SIG_IGN && handler.getClass().getModule() == SignalHandler.class.getModule();
    }

    private static void warnIfIgnored(String shortName, SignalHandler previous) {
        if (previous == SignalHandler.SIG_IGN && JVM_SHUTDOWN.contains(shortName)) {
            LOGGER.log(Level.WARNING, "SIG" + shortName + " was ignored when this process started (nohup, or a "
                    + "background job of a script): the JVM does not deliver it, so its handler will not run");
        }
    }
}
