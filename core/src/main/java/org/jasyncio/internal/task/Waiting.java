package org.jasyncio.internal.task;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import org.jasyncio.Future;
import org.jasyncio.ReturnWhen;
import org.jasyncio.TimerHandle;
import org.jasyncio.Waited;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * {@code asyncio.wait} (tasks.py): one future that is done when the condition holds or the timeout passed; it never
 * fails with a timeout, the futures not done are simply returned as pending. As in asyncio, which futures count as
 * done is decided when the waiting task looks (asyncio computes the two sets after its {@code await waiter}), so a
 * future that finishes between the wake-up and the resumption is in {@code done}: the result is computed on the first
 * {@code result()} call.
 */
public final class Waiting {
    private Waiting() {
    }

    public static Future<Waited> wait(SelectorEventLoop loop, Collection<? extends Future<?>> fs, double timeout,
            ReturnWhen returnWhen) {
        if (fs == null) {
            throw new IllegalArgumentException("expect a list of futures, not null");
        }
        if (fs.isEmpty()) {
            throw new IllegalArgumentException("Set of Tasks/Futures is empty.");
        }
        if (returnWhen == null) {
            throw new IllegalArgumentException("Invalid return_when value: null");
        }
        if (Double.isNaN(timeout)) {
            throw new IllegalArgumentException("Invalid timeout: NaN (not a number)");
        }
        Set<Future<?>> set = new LinkedHashSet<>();
        for (Future<?> f : fs) {
            if (f == null) {
                throw new IllegalArgumentException("wait() got a null future");
            }
            if (f.getLoop() != loop) {
                throw new IllegalArgumentException("wait() got a future of another event loop: " + f);
            }
            set.add(f);
        }
        WaitFuture w = new WaitFuture(loop, set, returnWhen);
        if (timeout != Double.POSITIVE_INFINITY) {
            w.timer = loop.callLater(timeout, w);
        }
        for (Future<?> f : set) {
            subscribe(f, w);
        }
        return w;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void subscribe(Future<?> f, Consumer<Future<?>> cb) {
        ((Future) f).addDoneCallback(cb);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void unsubscribe(Future<?> f, Consumer<Future<?>> cb) {
        ((Future) f).removeDoneCallback(cb);
    }

    /** The waiter, the done callback of every future (asyncio's {@code _on_completion}) and the timer's callback. */
    static final class WaitFuture extends BaseFuture<Waited> implements Consumer<Future<?>>, Runnable {
        private final Set<Future<?>> fs;
        private final ReturnWhen returnWhen;
        private int counter;
        TimerHandle timer;
        private Waited waited;

        WaitFuture(SelectorEventLoop loop, Set<Future<?>> fs, ReturnWhen returnWhen) {
            super(loop);
            this.fs = fs;
            this.returnWhen = returnWhen;
            this.counter = fs.size();
        }

        @Override
        public void accept(Future<?> f) {
            counter--;
            if (counter <= 0 || returnWhen == ReturnWhen.FIRST_COMPLETED
                    || returnWhen == ReturnWhen.FIRST_EXCEPTION && !f.cancelled() && f.exception() != null) {
                release();
            }
        }

        /** The timeout passed. */
        @Override
        public void run() {
            timer = null;
            release();
        }

        private void release() {
            if (!done()) {
                super.setResult(null); // the sets are made when the waiter looks: see result()
                stopWatching();
            }
        }

        private void stopWatching() {
            if (timer != null) {
                timer.cancel();
                timer = null;
            }
            for (Future<?> f : fs) {
                unsubscribe(f, this);
            }
        }

        @Override
        public Waited result() throws Exception {
            super.result(); // CancelledError, or InvalidStateError when not done
            if (waited == null) {
                Set<Future<?>> done = new LinkedHashSet<>();
                Set<Future<?>> pending = new LinkedHashSet<>();
                for (Future<?> f : fs) {
                    (f.done() ? done : pending).add(f);
                }
                waited = new Waited(Collections.unmodifiableSet(done), Collections.unmodifiableSet(pending));
            }
            return waited;
        }

        @Override
        public boolean cancel(String msg) {
            boolean cancelled = cancelFuture(msg);
            if (cancelled) {
                stopWatching();
            }
            return cancelled;
        }

        @Override
        public void setResult(Waited value) {
            throw new IllegalStateException("wait()'s future is completed by the futures it waits for");
        }

        @Override
        public String toString() {
            return "<Wait " + stateName().toLowerCase() + " for " + fs.size() + " futures>";
        }
    }
}
