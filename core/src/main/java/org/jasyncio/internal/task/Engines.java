package org.jasyncio.internal.task;

import java.lang.System.Logger.Level;

/** Chooses the coroutine engine once, from {@code jasyncio.engine}. */
final class Engines {
    static final CoroutineEngine CURRENT = choose();

    private Engines() {
    }

    private static CoroutineEngine choose() {
        String wanted = System.getProperty("jasyncio.engine", "auto");
        switch (wanted) {
            case "thread":
                return new ThreadEngine();
            case "continuation":
                if (!ContinuationEngine.isAvailable()) {
                    throw new IllegalStateException("jasyncio.engine=continuation needs the JVM flag "
                            + "--add-exports java.base/jdk.internal.vm=ALL-UNNAMED (or =org.jasyncio on the module path): "
                            + ContinuationEngine.unavailableReason());
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
