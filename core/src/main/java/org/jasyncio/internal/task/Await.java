package org.jasyncio.internal.task;

import org.jasyncio.Future;

/** {@code Asyncio.await}: finds the running task and suspends its body on {@code f}. */
public final class Await {
    private Await() {
    }

    public static <T> T await(Future<T> f) throws Exception {
        return CoroutineTask.current().await(f);
    }
}
