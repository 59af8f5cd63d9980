package org.jasyncio;

import java.time.Duration;

/** The {@link Duration} overloads' one conversion: asyncio's float seconds, to the nanosecond, for any duration. */
final class Seconds {
    private Seconds() {
    }

    /** {@code d} in seconds; IllegalArgumentException naming {@code what} when it is null. */
    static double of(Duration d, String what) {
        if (d == null) {
            throw new IllegalArgumentException(what + " must be a Duration, got null");
        }
        return d.getSeconds() + d.getNano() / 1e9;
    }
}
