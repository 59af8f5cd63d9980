package org.jasyncio.internal.task;

import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The portable engine: each body runs on a virtual thread of its own, and control passes strictly between the loop
 * thread and the body: exactly one of them runs at any time, so the body sees the loop as if it ran on it. Each
 * side spins briefly before parking, because a hand-off is often answered within microseconds.
 *
 * <p>Each task keeps its own thread identity: ThreadLocals are per task and locks behave as for threads. Calls the
 * body makes to the loop come from the body's thread, which the loop accepts while the body runs.
 */
final class ThreadEngine implements CoroutineEngine {
    /**
     * How long each side spins before parking. The loop waits for a body that usually answers within microseconds,
     * so it spins a little longer; a suspended body may wait for anything, so it spins briefly. Each spin is a PAUSE
     * (up to ~140 cycles on recent x86): 20,000 of them, as before, burned about a millisecond per hand-off and
     * starved the other side on a busy 2-core machine (a 10,000-task chain took 22 s instead of under 1 s).
     */
    private static final int LOOP_SPINS = 1_000;
    private static final int BODY_SPINS = 100;
    private static final ThreadFactory BODY_THREADS = Thread.ofVirtual().name("jasyncio-task").factory();

    @Override
    public String name() {
        return "thread";
    }

    @Override
    public Body newBody(BodyCode code) {
        return new ThreadBody(code);
    }

    /** One body; its virtual thread runs this object itself. */
    private static final class ThreadBody implements Body, Runnable {
        private static final int LOOP_TURN = 0;
        private static final int BODY_TURN = 1;

        private final BodyCode code;
        private Thread bodyThread;
        private volatile Thread loopThread;
        private volatile int turn = LOOP_TURN;
        private volatile boolean finished;

        ThreadBody(BodyCode code) {
            this.code = code;
        }

        @Override
        public boolean resume() {
            loopThread = Thread.currentThread();
            turn = BODY_TURN;
            if (bodyThread == null) {
                // Started by an executor of its own, not by Thread.start(): the JDK holds every thread it starts
                // that way strongly, parked or not, and the body's stack holds its task. An executor holds its
                // threads only as strongly as it is held itself (here: by this thread alone), so a body parked
                // in a task nobody references is collected with the task, which is then reported.
                Executors.newThreadPerTaskExecutor(r -> bodyThread = BODY_THREADS.newThread(r)).execute(this);
            } else {
                LockSupport.unpark(bodyThread);
            }
            awaitTurn(LOOP_TURN, LOOP_SPINS);
            return finished;
        }

        @Override
        public void suspend() {
            if (Thread.currentThread() != bodyThread) {
                throw new IllegalStateException("a task body can only suspend itself");
            }
            turn = LOOP_TURN;
            LockSupport.unpark(loopThread);
            awaitTurn(BODY_TURN, BODY_SPINS);
        }

        @Override
        public StackTraceElement[] suspendedStack() {
            Thread t = bodyThread;
            return t == null || finished ? new StackTraceElement[0] : t.getStackTrace(); // a parked virtual thread's frames
        }

        @Override
        public void run() {
            try {
                code.enterBodyThread();
                code.runBody();
            } finally {
                finished = true;
                turn = LOOP_TURN;
                LockSupport.unpark(loopThread);
            }
        }

        /**
         * Waits for the other side to hand over. A set interrupt flag would make every park return at once (a busy
         * wait for as long as the other side runs or the body stays suspended), so it is taken off while waiting and
         * put back once the turn has come: the thread's owner still sees it.
         */
        private void awaitTurn(int wanted, int spins) {
            for (int i = 0; i < spins && turn != wanted; i++) {
                Thread.onSpinWait();
            }
            boolean interrupted = false;
            while (turn != wanted) {
                LockSupport.park(this);
                interrupted |= Thread.interrupted();
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
