package org.jasyncio.internal.sync;

import java.util.ArrayDeque;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/** asyncio's {@code locks.Event}: a flag; {@code set()} wakes every waiter, a set flag is waited for at once. */
public final class EventCore {
    private final Object owner;
    private boolean value;
    final ArrayDeque<EventWaiter> waiters = new ArrayDeque<>();
    private SelectorEventLoop loop;
    private BaseFuture<Boolean> alreadySet;

    public EventCore(Object owner) {
        this.owner = owner;
    }

    public boolean isSet() {
        return value;
    }

    public void set() {
        if (!value) {
            value = true;
            for (EventWaiter w : waiters) {
                if (!w.done()) {
                    w.grant();
                }
            }
        }
    }

    public void clear() {
        value = false;
    }

    public Future<Boolean> waitAsync() {
        SelectorEventLoop running = LoopBinding.running();
        if (value) {
            BaseFuture<Boolean> f = LoopBinding.done(alreadySet, running, Boolean.TRUE);
            alreadySet = f;
            return f;
        }
        loop = LoopBinding.bind(loop, running, owner);
        EventWaiter w = new EventWaiter(this);
        waiters.add(w);
        return w;
    }

    public String describe() {
        String extra = value ? "set" : "unset";
        return waiters.isEmpty() ? extra : extra + ", waiters:" + waiters.size();
    }

    static final class EventWaiter extends Waiter<Boolean> {
        private final EventCore event;

        EventWaiter(EventCore event) {
            super(event.loop);
            this.event = event;
        }

        void grant() {
            wake(Boolean.TRUE);
        }

        @Override
        protected void decide(boolean declined) {
            event.waiters.remove(this);
        }
    }
}
