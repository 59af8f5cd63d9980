package org.jasyncio.bench.sync;

import static org.jasyncio.Asyncio.await;

import java.util.concurrent.TimeUnit;
import org.jasyncio.Asyncio;
import org.jasyncio.Event;
import org.jasyncio.EventLoop;
import org.jasyncio.Lock;
import org.jasyncio.Queue;
import org.jasyncio.Task;
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
 * What the synchronisation primitives and queues cost, run once per coroutine engine by the two subclasses:
 * an uncontended Lock acquire/release, Queue put/get between a producer and a consumer task (unbounded, and a queue
 * of one that makes every item a hand-over), and an Event set/wait ping-pong between two tasks.
 * bench/python/sync_bench.py runs the same loops with asyncio and uvloop.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public abstract class SyncBenchmarks {
    static final int LOCKS = 100_000;
    static final int ITEMS = 100_000;
    static final int HANDOFFS = 20_000;
    static final int PINGS = 10_000;

    private EventLoop loop;

    @Setup(Level.Trial)
    public void setUp() {
        loop = Asyncio.newEventLoop();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        loop.close();
    }

    /** ns per {@code await(lock.acquire()); lock.release()} of a free lock, inside one task. */
    @Benchmark
    @OperationsPerInvocation(LOCKS)
    public long lockAcquireRelease() throws Exception {
        Lock lock = new Lock();
        return loop.runUntilComplete(() -> {
            long n = 0;
            for (int i = 0; i < LOCKS; i++) {
                if (await(lock.acquire())) {
                    n++;
                }
                lock.release();
            }
            return n;
        });
    }

    /** ns per item through an unbounded Queue: a producer task puts them all, a consumer task gets them all. */
    @Benchmark
    @OperationsPerInvocation(ITEMS)
    public long queuePutGet() throws Exception {
        return putGet(0, ITEMS);
    }

    /** ns per item through a Queue of one: every put waits for the consumer, every get for the producer. */
    @Benchmark
    @OperationsPerInvocation(HANDOFFS)
    public long queueHandoff() throws Exception {
        return putGet(1, HANDOFFS);
    }

    private long putGet(int maxsize, int items) throws Exception {
        Queue<Integer> q = new Queue<>(maxsize);
        Integer item = 1;
        return loop.runUntilComplete(() -> {
            Task<Void> producer = loop.createTask(() -> {
                for (int i = 0; i < items; i++) {
                    await(q.put(item));
                }
                return null;
            });
            Task<Long> consumer = loop.createTask(() -> {
                long sum = 0;
                for (int i = 0; i < items; i++) {
                    sum += await(q.get());
                }
                return sum;
            });
            await(producer);
            long sum = await(consumer);
            if (sum != items) {
                throw new AssertionError("got " + sum + " items, expected " + items);
            }
            return sum;
        });
    }

    /**
     * ns per set/wait hand-over between two tasks: one waits on {@code ping} and sets {@code pong}, the other sets
     * {@code ping} and waits on {@code pong}; each round is two hand-overs.
     */
    @Benchmark
    @OperationsPerInvocation(2 * PINGS)
    public long eventSetWait() throws Exception {
        Event ping = new Event();
        Event pong = new Event();
        return loop.runUntilComplete(() -> {
            Task<Long> ponger = loop.createTask(() -> {
                long n = 0;
                for (int i = 0; i < PINGS; i++) {
                    await(ping.waitAsync());
                    ping.clear();
                    pong.set();
                    n++;
                }
                return n;
            });
            for (int i = 0; i < PINGS; i++) {
                ping.set();
                await(pong.waitAsync());
                pong.clear();
            }
            return await(ponger);
        });
    }
}
