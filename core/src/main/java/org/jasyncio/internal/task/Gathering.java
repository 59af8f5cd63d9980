package org.jasyncio.internal.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Supplier;
import java.util.Map;
import java.util.function.Consumer;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.gather}: one future for the results of many, in order. The outer future is itself the done callback
 * of every distinct child, so a gather costs the outer future, the list of children and one callback per child.
 */
public final class Gathering {
    /** Up to this many children, duplicates are found by a linear scan instead of a hash map. */
    private static final int SCAN_LIMIT = 16;

    private Gathering() {
    }

    /**
     * {@code loopForEmpty} gives the loop of an empty gather (the running one, else the current one); otherwise the
     * children's loop is used.
     */
    public static Future<List<Object>> gather(Supplier<EventLoop> loopForEmpty, boolean returnExceptions, Future<?>... futures) {
        if (futures.length == 0) {
            SelectorEventLoop l = (SelectorEventLoop) loopForEmpty.get();
            GatheringFuture outer = new GatheringFuture(l, List.of(), returnExceptions);
            outer.setResult(List.of());
            return outer;
        }
        SelectorEventLoop loop = null;
        for (Future<?> f : futures) {
            if (f == null) {
                throw new IllegalArgumentException("gather() got a null future");
            }
            if (!(f.getLoop() instanceof SelectorEventLoop l)) {
                throw new IllegalArgumentException("gather() needs futures of a jasyncio loop, got " + f);
            }
            if (loop == null) {
                loop = l;
            } else if (l != loop) {
                throw new IllegalArgumentException("The future belongs to a different loop than the one specified as the loop argument");
            }
        }
        List<Future<?>> children = List.of(futures);
        List<Future<?>> distinct = distinct(futures);
        GatheringFuture outer = new GatheringFuture(loop, children, returnExceptions);
        outer.pending = distinct.size();
        for (Future<?> f : distinct) {
            if (!f.done()) {
                subscribe(f, outer);
            }
        }
        for (Future<?> f : distinct) {
            if (f.done()) {
                outer.accept(f); // asyncio handles the children already done after subscribing to the others
            }
        }
        return outer;
    }

    private static List<Future<?>> distinct(Future<?>[] futures) {
        List<Future<?>> distinct = new ArrayList<>(futures.length);
        if (futures.length <= SCAN_LIMIT) {
            for (Future<?> f : futures) {
                boolean seen = false;
                for (Future<?> d : distinct) {
                    if (d == f) {
                        seen = true;
                        break;
                    }
                }
                if (!seen) {
                    distinct.add(f);
                }
            }
            return distinct;
        }
        Map<Future<?>, Boolean> seen = new IdentityHashMap<>();
        for (Future<?> f : futures) {
            if (seen.put(f, Boolean.TRUE) == null) {
                distinct.add(f);
            }
        }
        return distinct;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void subscribe(Future<?> f, GatheringFuture outer) {
        ((Future) f).addDoneCallback(outer);
    }

    /**
     * The child's own CancelledError (asyncio's _make_cancelled_error), whether it was cancelled or not: a task asked
     * to cancel that did not end cancelled still gives the message it was asked with.
     */
    private static CancelledError cancelledErrorOf(Future<?> f) {
        if (f instanceof BaseFuture<?> bf) {
            return bf.makeCancelledError();
        }
        return new CancelledError();
    }

    private static Object resultOf(Future<?> f) {
        try {
            return f.result();
        } catch (Exception e) {
            return e;
        }
    }

    /** gather's outer future, and the done callback of its children (asyncio's _done_callback). */
    static final class GatheringFuture extends BaseFuture<List<Object>> implements Consumer<Future<?>> {
        private final List<Future<?>> children;
        private final boolean returnExceptions;
        /** Distinct children not finished yet. */
        int pending;
        private boolean cancelRequested;

        GatheringFuture(SelectorEventLoop loop, List<Future<?>> children, boolean returnExceptions) {
            super(loop);
            this.children = children;
            this.returnExceptions = returnExceptions;
        }

        @Override
        public void accept(Future<?> fut) {
            pending--;
            if (done()) {
                if (!fut.cancelled()) {
                    fut.exception(); // mark retrieved
                }
                return;
            }
            if (!returnExceptions) {
                if (fut.cancelled()) {
                    setException(cancelledErrorOf(fut));
                    return;
                }
                Throwable exc = fut.exception();
                if (exc != null) {
                    setException(exc);
                    return;
                }
            }
            if (pending == 0) {
                finish();
            }
        }

        private void finish() {
            List<Object> results = new ArrayList<>(children.size());
            for (Future<?> child : children) {
                if (child.cancelled()) {
                    String msg = child instanceof BaseFuture<?> bf ? bf.cancelMessage : null;
                    results.add(new CancelledError(msg == null ? "" : msg));
                } else {
                    Throwable exc = child.exception();
                    results.add(exc != null ? exc : resultOf(child));
                }
            }
            if (cancelRequested) {
                // Cancelling gather cancels it, whatever returnExceptions says (asyncio issue 32684); the error is
                // the last child's in argument order, as asyncio's loop variable leaves it.
                setException(cancelledErrorOf(children.get(children.size() - 1)));
            } else {
                setResult(Collections.unmodifiableList(results));
            }
        }

        /** Cancelling the gather cancels every child; it is cancelled if any child accepted. */
        @Override
        public boolean cancel(String msg) {
            if (done()) {
                return false;
            }
            boolean any = false;
            for (Future<?> child : children) {
                if (child.cancel(msg)) {
                    any = true;
                }
            }
            if (any) {
                cancelRequested = true;
            }
            return any;
        }
    }
}
