package org.jasyncio.internal.task;

/** Rethrows any Throwable as it is (the original exception, checked or not), as asyncio re-raises. */
public final class Sneaky {
    private Sneaky() {
    }

    @SuppressWarnings("unchecked")
    public static <E extends Throwable> E rethrow(Throwable t) throws E {
        throw (E) t;
    }
}
