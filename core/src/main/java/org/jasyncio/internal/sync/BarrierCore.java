package org.jasyncio.internal.sync;

import java.util.ArrayDeque;
import java.util.function.Function;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code locks.Barrier}, step for step as its coroutines. asyncio guards the barrier with a Condition
 * whose lock is never held across a suspension (each critical section runs within one task step), so that lock
 * never makes anyone wait and is left out here. What remains is the condition's FIFO queue of sleepers and, for
 * each {@code wait()}, the code asyncio runs after every wake-up (re-check the predicate, count in, trip the barrier,
 * leave), run in the waiting task's own step as asyncio's coroutine is: a task sees the barrier's states in the same
 * loop iterations as under asyncio.
 */
public final class BarrierCore {
    private enum State { FILLING, DRAINING, RESETTING, BROKEN }

    /** Where a wait is in asyncio's {@code wait()}: in {@code _block()}, in {@code _wait()}, or over. */
    private enum Phase { BLOCK, WAIT, DONE }

    /** A step's outcome meaning: sleep on the condition until notified. */
    private static final Object SLEEP = new Object();

    private final Object owner;
    private final int parties;
    private final Function<String, RuntimeException> broken;
    /** The condition's waiters not yet notified, first come first. */
    private final ArrayDeque<Sleeper> sleepers = new ArrayDeque<>();
    private SelectorEventLoop loop;
    private BaseFuture<Void> doneVoid;
    private State state = State.FILLING;
    private int count;

    /** {@code broken} makes the BrokenBarrierError with asyncio's message. */
    public BarrierCore(Object owner, int parties, Function<String, RuntimeException> broken) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1");
        }
        this.owner = owner;
        this.parties = parties;
        this.broken = broken;
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

    /** {@code wait()}: runs at once up to its first sleep; a wait that needs none returns a done future. */
    public Future<Integer> waitAsync() {
        SelectorEventLoop running = LoopBinding.running();
        BarrierWait w = new BarrierWait(running);
        Object r = w.begin();
        if (r == SLEEP) {
            w.sleep(w);
            return w;
        }
        BaseFuture<Integer> f = new BaseFuture<>(running);
        if (r instanceof Throwable t) {
            f.setException(t);
        } else {
            f.setResult((Integer) r);
        }
        return f;
    }

    public Future<Void> reset() {
        SelectorEventLoop running = LoopBinding.running();
        if (count > 0) {
            state = State.RESETTING; // the tasks in the barrier wake up and fail
        } else {
            state = State.FILLING;
        }
        notifyAll_();
        return doneVoid = LoopBinding.done(doneVoid, running, null);
    }

    public Future<Void> abort() {
        SelectorEventLoop running = LoopBinding.running();
        state = State.BROKEN;
        notifyAll_();
        return doneVoid = LoopBinding.done(doneVoid, running, null);
    }

    public String describe() {
        String extra = state.name().toLowerCase();
        return state == State.BROKEN ? extra : extra + ", waiters:" + nWaiting() + "/" + parties;
    }

    /** The last one out lets the next round fill, and everybody re-checks. */
    private void exit() {
        if (count == 0) {
            if (state == State.RESETTING || state == State.DRAINING) {
                state = State.FILLING;
            }
            notifyAll_();
        }
    }

    /** {@code notify_all()}: every sleeper queued now wakes, in order. */
    private void notifyAll_() {
        for (int n = sleepers.size(); n > 0; n--) {
            sleepers.pollFirst().woken();
        }
    }

    /** A waiter of the barrier's condition. */
    private interface Sleeper {
        /** Notified: already off the queue. */
        void woken();
    }

    /**
     * One {@code wait()}. Awaited by a task alone, it completes at its first wake-up (as asyncio's condition future
     * does) and the rest runs in the task's steps ({@link #taskResumes}): further sleeps are {@link Slot}s the task
     * waits for without resuming its body, and the outcome replaces the result. Otherwise (callbacks, combinators)
     * each wake-up runs the rest one iteration later, and the future completes with the outcome.
     */
    private final class BarrierWait extends Waiter<Integer> implements Sleeper {
        private Phase phase = Phase.BLOCK;
        private int index;
        /** Task mode: the sleep the task waits for now (null: this future's own first sleep). */
        private Slot current;
        /** Callback mode: notified, its next step scheduled. */
        private boolean stepScheduled;
        /** Callback mode: cancelled while its next step was scheduled. */
        private CancelledError pendingCancel;

        BarrierWait(SelectorEventLoop loop) {
            super(loop);
        }

        /** {@code await self._block()}: wait_for checks its predicate before it sleeps. */
        Object begin() {
            return blockPassable() ? passBlock() : SLEEP;
        }

        private boolean blockPassable() {
            return state != State.DRAINING && state != State.RESETTING;
        }

        /** After {@code _block()}: fail if broken, take an index, trip the barrier or wait for it. */
        private Object passBlock() {
            if (state == State.BROKEN) {
                phase = Phase.DONE;
                return broken.apply("Barrier aborted");
            }
            index = count++;
            if (index + 1 == parties) {
                state = State.DRAINING; // the last party releases the barrier
                notifyAll_();
                return leave(null);
            }
            phase = Phase.WAIT;
            return state != State.FILLING ? passWait() : SLEEP;
        }

        /** After {@code _wait()}: released, or broken by a reset or an abort. */
        private Object passWait() {
            if (state == State.BROKEN || state == State.RESETTING) {
                return leave(broken.apply("Abort or reset of barrier"));
            }
            return leave(null);
        }

        /** wait()'s {@code finally}: count out; the last one out lets the next round fill. */
        private Object leave(Throwable exc) {
            count--;
            exit();
            phase = Phase.DONE;
            return exc != null ? exc : index;
        }

        /** A sleep ended: notified ({@code cancelled} null), or CancelledError raised at its await. */
        private Object wokenUp(CancelledError cancelled) {
            if (cancelled != null) {
                // Condition.wait(): an error may have swallowed a notification: pass one on (a spurious wake-up).
                Sleeper next = sleepers.pollFirst();
                if (next != null) {
                    next.woken();
                }
                return phase == Phase.WAIT ? leave(cancelled) : done(cancelled);
            }
            if (phase == Phase.BLOCK) {
                return blockPassable() ? passBlock() : SLEEP;
            }
            return state != State.FILLING ? passWait() : SLEEP;
        }

        private Object done(Throwable exc) {
            phase = Phase.DONE;
            return exc;
        }

        /** Queues {@code s} on the condition; binds the barrier to this loop (a wait of another loop fails). */
        void sleep(Sleeper s) {
            try {
                loop = LoopBinding.bind(loop, loop(), owner);
            } catch (IllegalStateException e) {
                if (phase == Phase.WAIT) {
                    count--;
                    exit();
                }
                phase = Phase.DONE;
                throw e;
            }
            sleepers.add(s);
        }

        @Override
        public void woken() {
            if (onlyATaskAwaits()) {
                wake(null); // the task runs the rest in its next step
            } else {
                stepScheduled = true;
                loop().schedule(this::stepAlone, null);
            }
        }

        // ---- task mode

        @Override
        public Future<?> taskResumes(boolean cancelling) {
            if (phase == Phase.DONE) {
                return null;
            }
            CancelledError thrown = null;
            if (cancelling) {
                thrown = new CancelledError(); // the task's own CancelledError reaches its body
            } else if (current != null && current.cancelled()) {
                thrown = current.cancellation();
            } else if (current == null && cancelled()) {
                thrown = new CancelledError(); // this future's cancellation reaches the body
            }
            boolean ownOutcome = !cancelling && !cancelled();
            current = null;
            Object r = wokenUp(thrown);
            if (r == SLEEP) {
                Slot s = new Slot();
                sleep(s);
                current = s;
                return s;
            }
            if (ownOutcome) {
                if (r instanceof Throwable t) {
                    fail(t);
                } else {
                    settle((Integer) r);
                }
            }
            return null;
        }

        // ---- callback mode

        private void stepAlone() {
            stepScheduled = false;
            CancelledError thrown = pendingCancel;
            pendingCancel = null;
            Object r = wokenUp(thrown);
            if (r == SLEEP) {
                sleepers.add(this);
            } else if (r instanceof CancelledError ce) {
                cancelWait(ce.getMessage());
            } else if (r instanceof Throwable t) {
                fail(t);
                wake(null);
            } else {
                wake((Integer) r);
            }
        }

        @Override
        public boolean cancel(String msg) {
            if (done() || phase == Phase.DONE) {
                return super.cancel(msg);
            }
            if (stepScheduled) {
                pendingCancel = msg == null ? new CancelledError() : new CancelledError(msg);
                return true;
            }
            sleepers.remove(this);
            if (onlyATaskAwaits()) {
                return cancelWait(msg); // the task runs wait()'s cancellation path in its next step
            }
            wokenUp(msg == null ? new CancelledError() : new CancelledError(msg));
            return cancelWait(msg);
        }

        @Override
        protected void decide(boolean declined) {
            // Nothing: a wait's bookkeeping runs in taskResumes or stepAlone.
        }
    }

    /** A later sleep of a wait awaited by a task: a plain future the task waits for. */
    private final class Slot extends BaseFuture<Void> implements Sleeper {
        Slot() {
            super(loop);
        }

        @Override
        public void woken() {
            setResult(null);
        }

        @Override
        public boolean cancel(String msg) {
            if (!done()) {
                sleepers.remove(this);
            }
            return cancelFuture(msg);
        }

        /** The CancelledError the task's cancel left here, with its message. */
        CancelledError cancellation() {
            try {
                exception();
            } catch (CancelledError ce) {
                return ce;
            }
            return new CancelledError();
        }
    }
}
