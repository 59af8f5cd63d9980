package org.jasyncio.internal.process;

/**
 * How a loop starts children, best first. System property {@code jasyncio.subprocess} ("native", "selectable",
 * "streams") picks one; an unavailable choice falls back to the next.
 */
enum SpawnMode {
    /** posix_spawnp through FFM, selectable pipes, the exit seen by the loop's selector through a pidfd (Linux). */
    NATIVE,
    /** ProcessBuilder, selectable pipes passed as /proc/self/fd/N, the exit from the JDK's reaper (Linux). */
    SELECTABLE,
    /** ProcessBuilder and its blocking streams served by virtual threads, the exit from the JDK's reaper (any JDK). */
    STREAMS;

    static SpawnMode choose() {
        String wanted = System.getProperty("jasyncio.subprocess", "native");
        if (!wanted.equals("streams") && !wanted.equals("selectable") && NativeLauncher.available()) {
            return NATIVE;
        }
        if (!wanted.equals("streams") && ChildLauncher.selectableAvailable()) {
            return SELECTABLE;
        }
        return STREAMS;
    }
}
