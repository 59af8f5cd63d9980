package org.jasyncio.bench.core;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the {@code Protocol} contract costs a JVM per read, with no socket involved: the read's bytes copied from the
 * loop's scratch array into a fresh array (what {@code dataReceived} gets, as the protocol may keep it), against the
 * same bytes copied into an array that is reused (what a {@code BufferedProtocol} or a pooled buffer does). The gap
 * is the price of fresh memory: a bump allocator hands out eden that is far from the caches, while a reused buffer
 * stays hot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadArrayBenchmarks {
    @Param({"1024", "102400"})
    public int size;

    private final byte[] scratch = new byte[256 * 1024];
    private final byte[] reused = new byte[256 * 1024];

    @Benchmark
    public byte[] freshArray() {
        return Arrays.copyOf(scratch, size);
    }

    @Benchmark
    public byte[] reusedArray() {
        System.arraycopy(scratch, 0, reused, 0, size);
        return reused;
    }
}
