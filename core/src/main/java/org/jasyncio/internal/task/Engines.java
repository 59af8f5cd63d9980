package org.jasyncio.internal.task;

import java.lang.System.Logger.Level;

/**
 * Chooses the coroutine engine once, from {@code jasyncio.engine}. A choice that cannot be honoured (the continuation
 * engine asked for without its flag, an unknown name) is kept as a message and thrown as an IllegalStateException by
 * every {@link #current()}, so the program fails at its first loop with the reason, never with a bare class
 * initialisation error, and never falls back to another engine.
 */
final class Engines {
    private static final String FAILURE;
    private static final CoroutineEngine CURRENT;

    static {
        CoroutineEngine chosen = null;
        String failure = null;
        try {
            chosen = choose();
        } catch (IllegalStateException e) {
            failure = e.getMessage();
        }
        CURRENT = chosen;
        FAILURE = failure;
    }

    private Engines() {
    }

    static CoroutineEngine current() {
        CoroutineEngine e = CURRENT;
        if (e == null) {
            throw new IllegalStateException(FAILURE);
        }
        return e;
    }

    private static CoroutineEngine choose() {
        String wanted = System.getProperty("jasyncio.engine", "auto");
        switch (wanted) {
            case "thread":
                return new ThreadEngine();
            case "continuation":
                if (!ContinuationEngine.isAvailable()) {
                    throw new IllegalStateException("-Djasyncio.engine=continuation needs the JVM flag "
                            + "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED (=org.jasyncio on the module path; "
                            + "in an executable jar's manifest: Add-Exports: java.base/jdk.internal.vm), which this JVM "
                            + "was started without; add it, or drop -Djasyncio.engine to use the portable engine ("
                            + ContinuationEngine.unavailableReason() + ")");
                }
                return new ContinuationEngine();
            case "auto":
                if (ContinuationEngine.isAvailable()) {
                    return new ContinuationEngine();
                }
                System.getLogger("org.jasyncio").log(Level.DEBUG, "continuation engine unavailable ("
                        + ContinuationEngine.unavailableReason() + "); using the portable thread engine");
                return new ThreadEngine();
            default:
                throw new IllegalStateException("unknown jasyncio.engine '" + wanted + "': use continuation, thread or auto");
        }
    }
}
