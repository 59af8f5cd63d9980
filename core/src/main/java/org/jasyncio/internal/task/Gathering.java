package org.jasyncio.internal.task;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** {@code asyncio.gather}: one future for the results of many, in order. */
public final class Gathering {
    private Gathering() {
    }

    public static Future<List<Object>> gather(SelectorEventLoop runningLoop, boolean returnExceptions, Future<?>... futures) {
        if (futures.length == 0) {
            SelectorEventLoop l = runningLoop != null ? runningLoop : (SelectorEventLoop) org.jasyncio.Asyncio.getEventLoop();
            GatheringFuture outer = new GatheringFuture(l, List.of());
            outer.setResult(List.of());
            return outer;
        }
        SelectorEventLoop loop = null;
        List<Future<?>> children = new ArrayList<>(futures.length);
        Map<Future<?>, Boolean> seen = new IdentityHashMap<>();
        List<Future<?>> distinct = new ArrayList<>();
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
            if (seen.put(f, Boolean.TRUE) == null) {
                distinct.add(f);
            }
            children.add(f);
        }
        GatheringFuture outer = new GatheringFuture(loop, children);
        int nfuts = distinct.size();
        int[] nfinished = {0};
        List<Future<?>> alreadyDone = new ArrayList<>();
        java.util.function.Consumer<Future<?>> onChildDone = fut -> {
            nfinished[0]++;
            if (outer.done()) {
                if (!fut.cancelled()) {
                    fut.exception(); // mark retrieved
                }
                return;
            }
            if (!returnExceptions) {
                if (fut.cancelled()) {
                    outer.setException(cancelledErrorOf(fut));
                    return;
                }
                Throwable exc = fut.exception();
                if (exc != null) {
                    outer.setException(exc);
                    return;
                }
            }
            if (nfinished[0] == nfuts) {
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
                if (outer.cancelRequested) {
                    outer.setException(cancelledErrorOf(fut));
                } else {
                    outer.setResult(Collections.unmodifiableList(results));
                }
            }
        };
        for (Future<?> f : distinct) {
            if (f.done()) {
                alreadyDone.add(f);
            } else {
                addCallback(f, onChildDone);
            }
        }
        for (Future<?> f : alreadyDone) {
            onChildDone.accept(f);
        }
        return outer;
    }

    /** The child's own CancelledError (asyncio's _make_cancelled_error), whether it was cancelled or not. */
    private static CancelledError cancelledErrorOf(Future<?> f) {
        if (f instanceof BaseFuture<?> bf && f.cancelled()) {
            return bf.makeCancelledError();
        }
        return new CancelledError();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void addCallback(Future<?> f, java.util.function.Consumer<Future<?>> cb) {
        ((Future) f).addDoneCallback(cb);
    }

    private static Object resultOf(Future<?> f) {
        try {
            return f.result();
        } catch (Exception e) {
            return e;
        }
    }

    /** gather's outer future: cancelling it cancels every child. */
    static final class GatheringFuture extends BaseFuture<List<Object>> {
        private final List<Future<?>> children;
        boolean cancelRequested;

        GatheringFuture(SelectorEventLoop loop, List<Future<?>> children) {
            super(loop);
            this.children = children;
        }

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
