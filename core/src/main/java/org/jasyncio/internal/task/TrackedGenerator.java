package org.jasyncio.internal.task;

import org.jasyncio.Future;

/** An async generator as the loop sees it: something started on it that may need closing. */
public interface TrackedGenerator {
    Future<Void> aclose();

    boolean isClosed();
}
