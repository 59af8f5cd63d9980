package org.jasyncio.internal.sync;

import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code mixins._LoopBoundMixin} for the synchronisation primitives and queues: an object is bound to the
 * running loop the first time it needs a future of its own (the first waiter), and using it from another loop after
 * that fails. Fast paths that need no waiter do not bind, as in asyncio. Also keeps the pre-completed futures the
 * fast paths return, so an uncontended operation allocates nothing after its first call on a loop.
 */
public final class LoopBinding {
    private LoopBinding() {
    }

    /** The loop running in this thread, or IllegalStateException("no running event loop"). */
    public static SelectorEventLoop running() {
        return SelectorEventLoop.requireRunning();
    }

    /**
     * The running loop, which {@code owner} is (or now becomes) bound to: {@code bound} is the owner's binding so far
     * (null: none), and the caller stores what this returns.
     *
     * @throws IllegalStateException "no running event loop", or "{owner} is bound to a different event loop"
     */
    public static SelectorEventLoop bind(SelectorEventLoop bound, Object owner) {
        return bind(bound, running(), owner);
    }

    /** {@link #bind(SelectorEventLoop, Object)} with the running loop already looked up. */
    public static SelectorEventLoop bind(SelectorEventLoop bound, SelectorEventLoop loop, Object owner) {
        if (bound != null && bound != loop) {
            throw new IllegalStateException(owner + " is bound to a different event loop");
        }
        return loop;
    }

    /**
     * A future of {@code loop} already done with {@code value}: {@code cached} when it belongs to that loop, else a
     * new one (the caller keeps it for next time). Awaiting a done future does not suspend, so one instance serves
     * every fast-path call; cancelling it is a no-op and its result never changes.
     */
    public static <T> BaseFuture<T> done(BaseFuture<T> cached, SelectorEventLoop loop, T value) {
        if (cached != null && cached.loop() == loop) {
            return cached;
        }
        BaseFuture<T> f = new BaseFuture<>(loop);
        f.setResult(value);
        return f;
    }

    /** {@code <Name object at 0x1f2e3d [extra]>}, the shape of asyncio's reprs of its primitives. */
    public static String repr(Object owner, String extra) {
        return "<" + owner.getClass().getSimpleName() + " object at 0x"
                + Integer.toHexString(System.identityHashCode(owner)) + " [" + extra + "]>";
    }
}
