package org.jasyncio.bench.core;

import static org.jasyncio.Asyncio.await;

import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What tasks cost, run once per coroutine engine by the two subclasses (the engine is chosen per JVM, so each runs
 * in its own fork): an await round trip (a task awaits a future that a callSoon callback completes) and the
 * creation and run of a trivial task. bench/python/task_bench.py measures the same with asyncio and uvloop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class TaskBenchmarks {
    static final int AWAITS = 10_000;
    static final int TASKS = 10_000;

    private EventLoop loop;
    private Coroutine<Long> awaitLoop;
    private Coroutine<Integer> trivial;
    private Runnable stopper;
    private Runnable createTasks;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Asyncio.newEventLoop();
        stopper = loop::stop;
        trivial = () -> 1;
        createTasks = () -> {
            for (int i = 0; i < TASKS; i++) {
                loop.createTask(trivial);
            }
            loop.callSoon(stopper);
        };
        awaitLoop = () -> {
            long sum = 0;
            for (int i = 0; i < AWAITS; i++) {
                Future<Integer> f = loop.createFuture();
                loop.callSoon(() -> f.setResult(1));
                sum += await(f);
            }
            return sum;
        };
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** ns per await of a pending future completed by a callback: suspend, callback, wake-up, resume. */
    @Benchmark
    @OperationsPerInvocation(AWAITS)
    public long awaitRoundTrip() throws Exception {
        long sum = loop.runUntilComplete(awaitLoop);
        if (sum != AWAITS) {
            throw new AssertionError("awaited " + sum + " results, expected " + AWAITS);
        }
        return sum;
    }

    /** ns per createTask (from a callback on the running loop) of a coroutine that returns at once, its step included. */
    @Benchmark
    @OperationsPerInvocation(TASKS)
    public int taskCreateAndRun() {
        loop.callSoon(createTasks);
        loop.runForever();
        return TASKS;
    }
}
