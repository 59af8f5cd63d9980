package org.jasyncio.internal.sync;

import java.util.function.Function;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * asyncio's {@code locks.Barrier}, step by step as its coroutines: every operation holds the barrier's condition
 * lock ({@code async with self._cond}); {@code wait()} blocks while the barrier drains or resets, takes an index,
 * and either trips the barrier (the last party) or waits for it to trip; leaving decrements the count and lets the
 * next round fill once the last one left.
 */
public final class BarrierCore {
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    private final int parties;
    private final ConditionCore cond;
    private final Function<String, RuntimeException> broken;
    private State state = State.FILLING;
    private int count;

    /** {@code broken} makes the BrokenBarrierError with asyncio's message. */
    public BarrierCore(Object owner, int parties, Function<String, RuntimeException> broken) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1");
        }
        this.parties = parties;
        this.broken = broken;
        this.cond = new ConditionCore(owner, new LockCore(owner));
    }

    public int parties() {
        return parties;
    }

    public int nWaiting() {
        return state == State.FILLING ? count : 0;
    }

    public boolean broken() {
        return state == State.BROKEN;
    }

    public Future<Integer> waitAsync() {
        SelectorEventLoop loop = LoopBinding.running();
        BarrierWait w = new BarrierWait(loop);
        w.start();
        return w;
    }

    public Future<Void> reset() {
        return new Locked(LoopBinding.running(), () -> {
            if (count > 0) {
                if (state != State.RESETTING) {
                    state = State.RESETTING; // reset the barrier, waking up the tasks in it
                }
            } else {
                state = State.FILLING;
            }
            cond.notifyAll_();
        });
    }

    public Future<Void> abort() {
        return new Locked(LoopBinding.running(), () -> {
            state = State.BROKEN;
            cond.notifyAll_();
        });
    }

    /** The last one out lets the next round fill, and everybody re-checks. */
    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            cond.notifyAll_();
        }
    }

    public String describe() {
        String extra = state.name().toLowerCase();
        return state == State.BROKEN ? extra : extra + ", waiters:" + nWaiting() + "/" + parties;
    }

    /** {@code async with self._cond: body()} for reset() and abort(). */
    private final class Locked extends Steps<Void> {
        Locked(SelectorEventLoop loop, Runnable body) {
            super(loop);
            await(cond.lock.acquire(), (v, exc) -> {
                if (exc != null) {
                    throw exc;
                }
                try {
                    body.run();
                } finally {
                    cond.lock.release();
                }
                finish(null);
            });
        }
    }

    /** One {@code Barrier.wait()}. */
    private final class BarrierWait extends Steps<Integer> {
        private int index;

        BarrierWait(SelectorEventLoop loop) {
            super(loop);
        }

        void start() {
            await(cond.lock.acquire(), (v, exc) -> {
                if (exc != null) {
                    throw exc;
                }
                try {
                    block();
                } catch (RuntimeException e) {
                    cond.lock.release(); // async with: the lock goes whatever happens inside
                    throw e;
                }
            });
        }

        /** Blocks while the barrier drains or resets; a broken barrier fails the wait. */
        private void block() {
            await(cond.waitFor(() -> state != State.DRAINING && state != State.RESETTING), (v, exc) -> {
                if (exc == null && state == State.BROKEN) {
                    exc = broken.apply("Barrier aborted");
                }
                if (exc != null) {
                    cond.lock.release();
                    throw exc;
                }
                index = count++;
                if (index + 1 == parties) {
                    state = State.DRAINING; // the last party trips the barrier
                    cond.notifyAll_();
                    leave(null);
                } else {
                    Future<Boolean> filled;
                    try {
                        filled = cond.waitFor(() -> state != State.FILLING);
                    } catch (RuntimeException e) {
                        leave(e);
                        return;
                    }
                    await(filled, (v2, exc2) -> {
                        if (exc2 == null && (state == State.BROKEN || state == State.RESETTING)) {
                            exc2 = broken.apply("Abort or reset of barrier");
                        }
                        leave(exc2);
                    });
                }
            });
        }

        private void leave(Throwable exc) throws Throwable {
            count--;
            try {
                exit();
            } finally {
                cond.lock.release();
            }
            if (exc != null) {
                throw exc;
            }
            finish(index);
        }
    }
}
