package org.jasyncio.internal.observe;

import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * The library's JDK Flight Recorder events, behind small static hooks the loop, tasks, transports and processes call.
 * Every hook first asks whether a recording wants its event: while no recorder exists that is one volatile read
 * ({@link FlightRecorder#isInitialized()}), and JFR's metadata is not even loaded; once one exists, it is the event
 * type's own {@link EventType#isEnabled()}. Nothing is allocated, timed or formatted unless the event is on.
 *
 * <p>This package imports nothing of the library: callers pass plain values (names, addresses, pids), and keep the
 * start times ({@link #now()} or 0) that lifetimes are measured from.
 */
public final class FlightEvents {
    private FlightEvents() {
    }

    /** The event types, looked up only once a recorder exists (the lookup initializes JFR's metadata). */
    private static final class Types {
        static final EventType SLOW_CALLBACK = EventType.getEventType(SlowCallbackEvent.class);
        static final EventType LOOP_LAG = EventType.getEventType(LoopLagEvent.class);
        static final EventType TASK_CREATED = EventType.getEventType(TaskCreatedEvent.class);
        static final EventType TASK_DONE = EventType.getEventType(TaskDoneEvent.class);
        static final EventType CONNECTION_OPENED = EventType.getEventType(ConnectionOpenedEvent.class);
        static final EventType CONNECTION_CLOSED = EventType.getEventType(ConnectionClosedEvent.class);
        static final EventType SUBPROCESS_SPAWNED = EventType.getEventType(SubprocessSpawnedEvent.class);
        static final EventType SUBPROCESS_EXITED = EventType.getEventType(SubprocessExitedEvent.class);
    }

    private static boolean recorder() {
        return FlightRecorder.isInitialized();
    }

    /** A start time for a lifetime, in {@link System#nanoTime()} units; never 0 (0 means "not measured"). */
    private static long now() {
        long t = System.nanoTime();
        return t == 0 ? 1 : t;
    }

    private static long since(long start) {
        return start == 0 ? -1 : System.nanoTime() - start;
    }

    // ------------------------------------------------------------------ loop iterations and callbacks

    /** True when a recording wants slow-callback or loop-lag events: the loop then times its callbacks. */
    public static boolean loopEventsEnabled() {
        return recorder() && (Types.SLOW_CALLBACK.isEnabled() || Types.LOOP_LAG.isEnabled());
    }

    /** Starts timing one iteration's callbacks; null when loop-lag events are off. */
    public static Object beginIteration() {
        if (!recorder() || !Types.LOOP_LAG.isEnabled()) {
            return null;
        }
        LoopLagEvent e = new LoopLagEvent();
        e.begin();
        return e;
    }

    /** Ends {@link #beginIteration()}'s event, committed if it lasted longer than the threshold. */
    public static void endIteration(Object token, int callbacks, long timerLatenessNanos) {
        if (token instanceof LoopLagEvent e) {
            e.end();
            if (e.shouldCommit()) {
                e.callbacks = callbacks;
                e.timerLateness = timerLatenessNanos;
                e.commit();
            }
        }
    }

    /** Starts timing one callback; null when slow-callback events are off. */
    public static Object beginCallback() {
        if (!recorder() || !Types.SLOW_CALLBACK.isEnabled()) {
            return null;
        }
        SlowCallbackEvent e = new SlowCallbackEvent();
        e.begin();
        return e;
    }

    /** Ends {@link #beginCallback()}'s event: true when it was slow enough to record (then call {@link #slowCallback}). */
    public static boolean endCallback(Object token) {
        if (token instanceof SlowCallbackEvent e) {
            e.end();
            return e.shouldCommit();
        }
        return false;
    }

    /** Records the slow callback {@link #endCallback} accepted, described as in asyncio's slow-callback warning. */
    public static void slowCallback(Object token, String callback) {
        SlowCallbackEvent e = (SlowCallbackEvent) token;
        e.callback = callback;
        e.commit();
    }

    // ------------------------------------------------------------------ tasks

    /** True when a recording wants task events (the caller then passes the task's name to {@link #taskCreated}). */
    public static boolean taskEventsEnabled() {
        return recorder() && (Types.TASK_CREATED.isEnabled() || Types.TASK_DONE.isEnabled());
    }

    /** A task was made; returns the start of its lifetime for {@link #taskDone}. */
    public static long taskCreated(String name) {
        if (Types.TASK_CREATED.isEnabled()) {
            TaskCreatedEvent e = new TaskCreatedEvent();
            e.name = name;
            e.commit();
        }
        return now();
    }

    /** True when task events are on (the task's name is then worth computing). */
    public static boolean taskDoneEnabled() {
        return recorder() && Types.TASK_DONE.isEnabled();
    }

    /** A task finished with {@code outcome} ("result", "exception" or "cancelled"). */
    public static void taskDone(String name, String outcome, Throwable exception, long createdAt) {
        TaskDoneEvent e = new TaskDoneEvent();
        e.name = name;
        e.outcome = outcome;
        e.exception = exception == null ? null : exception.toString();
        e.lifetime = since(createdAt);
        e.commit();
    }

    // ------------------------------------------------------------------ connections

    /** A stream connection opened; returns the start of its lifetime for {@link #connectionClosed} (0: events off). */
    public static long connectionOpened(Object local, Object remote) {
        if (!recorder()) {
            return 0;
        }
        if (Types.CONNECTION_OPENED.isEnabled()) {
            ConnectionOpenedEvent e = new ConnectionOpenedEvent();
            e.local = String.valueOf(local);
            e.remote = String.valueOf(remote);
            e.commit();
        }
        return Types.CONNECTION_CLOSED.isEnabled() ? now() : 0;
    }

    public static void connectionClosed(Object local, Object remote, long openedAt) {
        if (!recorder() || !Types.CONNECTION_CLOSED.isEnabled()) {
            return;
        }
        ConnectionClosedEvent e = new ConnectionClosedEvent();
        e.local = String.valueOf(local);
        e.remote = String.valueOf(remote);
        e.lifetime = since(openedAt);
        e.commit();
    }

    // ------------------------------------------------------------------ subprocesses

    /** A child process started; returns the start of its lifetime for {@link #subprocessExited} (0: events off). */
    public static long subprocessSpawned(long pid, Object command) {
        if (!recorder()) {
            return 0;
        }
        if (Types.SUBPROCESS_SPAWNED.isEnabled()) {
            SubprocessSpawnedEvent e = new SubprocessSpawnedEvent();
            e.pid = pid;
            e.command = String.valueOf(command);
            e.commit();
        }
        return Types.SUBPROCESS_EXITED.isEnabled() ? now() : 0;
    }

    public static void subprocessExited(long pid, int returncode, long spawnedAt) {
        if (!recorder() || !Types.SUBPROCESS_EXITED.isEnabled()) {
            return;
        }
        SubprocessExitedEvent e = new SubprocessExitedEvent();
        e.pid = pid;
        e.returncode = returncode;
        e.lifetime = since(spawnedAt);
        e.commit();
    }
}
