package org.jasyncio.bench.core;

import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.TimerHandle;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The loop's own costs, with no task involved (so one engine is enough): a batch of callbacks scheduled at once and
 * then run, a chain where each callback schedules the next (one loop iteration per callback), and one million timers
 * scheduled, cancelled and purged. bench/python/loop_bench.py measures the same with asyncio and uvloop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Djasyncio.engine=continuation", "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED"})
public class LoopBenchmarks {
    static final int BATCH = 10_000;
    static final int CHAIN = 10_000;
    static final int TIMERS = 1_000_000;

    private EventLoop loop;
    private int counter;
    private Runnable tick;
    private Runnable chainStep;
    private Runnable stopper;
    private Runnable scheduleBatch;
    private TimerHandle[] timerHandles;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Asyncio.newEventLoop();
        tick = () -> counter++;
        stopper = loop::stop;
        chainStep = () -> {
            if (++counter < CHAIN) {
                loop.callSoon(chainStep);
            } else {
                loop.stop();
            }
        };
        scheduleBatch = () -> {
            for (int i = 0; i < BATCH; i++) {
                loop.callSoon(tick);
            }
            loop.callSoon(stopper);
        };
        timerHandles = new TimerHandle[TIMERS];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /**
     * A callback makes N callSoon calls on the running loop, then the next iteration runs them all: ns per callback,
     * scheduling included. (Scheduled from inside the loop: a callSoon from a thread where the loop is not running
     * goes through the thread-safe inbox instead.)
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int callSoonBatch() {
        counter = 0;
        loop.callSoon(scheduleBatch);
        loop.runForever();
        if (counter != BATCH) {
            throw new AssertionError("ran " + counter + " callbacks, expected " + BATCH);
        }
        return counter;
    }

    /** Each callback schedules the next: ns per callback, one loop iteration each. */
    @Benchmark
    @OperationsPerInvocation(CHAIN)
    public int callSoonChain() {
        counter = 0;
        loop.callSoon(chainStep);
        loop.runForever();
        if (counter != CHAIN) {
            throw new AssertionError("ran " + counter + " callbacks, expected " + CHAIN);
        }
        return counter;
    }

    /**
     * One million callLater timers spread over 1000..2000 s, all cancelled, then one loop iteration purges them:
     * time for the whole million.
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.MILLISECONDS)
    @Warmup(iterations = 5)
    @Measurement(iterations = 10)
    public int timersScheduleCancelPurge() {
        TimerHandle[] handles = timerHandles;
        for (int i = 0; i < TIMERS; i++) {
            handles[i] = loop.callLater(1000 + (i * 7919L % TIMERS) / 1000.0, tick);
        }
        for (int i = 0; i < TIMERS; i++) {
            handles[i].cancel();
            handles[i] = null;
        }
        loop.callSoon(stopper);
        loop.runForever();
        int left = ((SelectorEventLoop) loop).scheduledTimerCount();
        if (left != 0) {
            throw new AssertionError(left + " cancelled timers were not purged");
        }
        return left;
    }
}
