package org.jasyncio;

import java.util.function.Consumer;

/**
 * asyncio.Future: a result that will be set later, bound to one loop and not thread-safe. Done callbacks are always
 * scheduled with {@link EventLoop#callSoon}, never run inline.
 */
public interface Future<T> {
    /** The result; rethrows the exception that was set; CancelledError when cancelled; InvalidStateError when not done. */
    T result() throws Exception;

    /** The exception that was set, or null; CancelledError when cancelled; InvalidStateError when not done. */
    Throwable exception();

    boolean done();

    boolean cancelled();

    boolean cancel();

    boolean cancel(String msg);

    void setResult(T value);

    void setException(Throwable exc);

    void addDoneCallback(Consumer<? super Future<T>> cb);

    void addDoneCallback(Consumer<? super Future<T>> cb, Context ctx);

    /** Removes every registration of {@code cb}; returns how many were removed. */
    int removeDoneCallback(Consumer<? super Future<T>> cb);

    EventLoop getLoop();
}
