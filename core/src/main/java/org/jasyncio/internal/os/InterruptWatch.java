package org.jasyncio.internal.os;

import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.EventLoop;
import org.jasyncio.Task;

/**
 * Asyncio.run's Ctrl-C handling, as asyncio's Runner: the first SIGINT cancels the main task (on the loop thread,
 * which the scheduling wakes), a second one, or a first one once the main task is done, ends the program at once
 * the way Ctrl-C does without jasyncio (exit status 130). It is installed only over the JVM's own SIGINT handler: a
 * program that set its own, a loop that has a SIGINT handler, another Asyncio.run already watching, or a process
 * that started with SIGINT ignored, all keep theirs. Closing it puts the JVM's handler back.
 */
public final class InterruptWatch implements AutoCloseable {
    /** What Ctrl-C ends a JVM with: 128 + SIGINT. */
    static final int INTERRUPTED_EXIT_STATUS = 130;

    private final EventLoop loop;
    private final Task<?> mainTask;
    private final AtomicInteger interrupts = new AtomicInteger();
    private final Layer layer;

    private InterruptWatch(EventLoop loop, Task<?> mainTask) {
        this.loop = loop;
        this.mainTask = mainTask;
        this.layer = new Layer();
    }

    /** Null when SIGINT is not the JVM's to give (see the class comment) or signals are not available here. */
    public static InterruptWatch install(EventLoop loop, Task<?> mainTask) {
        try {
            InterruptWatch watch = new InterruptWatch(loop, mainTask);
            return SignalDispatch.pushOverJvmDefault(watch.layer) ? watch : null;
        } catch (LinkageError | IllegalArgumentException | UnsupportedOperationException noSignals) {
            return null;
        }
    }

    /** True once a SIGINT arrived. */
    public boolean interrupted() {
        return interrupts.get() > 0;
    }

    @Override
    public void close() {
        SignalDispatch.pop(layer);
    }

    /** On the JVM's SIGINT thread. */
    private void onInterrupt() {
        if (interrupts.incrementAndGet() == 1) {
            try {
                loop.callSoonThreadsafe(this::cancelMainTask);
                return;
            } catch (IllegalStateException closed) {
                // No loop left to cancel anything on: fall through to the second-Ctrl-C behaviour.
            }
        }
        endProgram();
    }

    /** On the loop thread: the task's state is only read here. */
    private void cancelMainTask() {
        if (mainTask.done()) {
            endProgram();
        } else {
            mainTask.cancel();
        }
    }

    /** What the JVM does on Ctrl-C: its own handler when it has one (it exits with 130), else exit with 130. */
    private void endProgram() {
        if (!layer.passToPrevious()) {
            System.exit(INTERRUPTED_EXIT_STATUS);
        }
    }

    private final class Layer extends SignalLayer {
        Layer() {
            super("INT");
        }

        @Override
        void onSignal() {
            onInterrupt();
        }

        @Override
        public String toString() {
            return "Asyncio.run SIGINT handler";
        }
    }
}
