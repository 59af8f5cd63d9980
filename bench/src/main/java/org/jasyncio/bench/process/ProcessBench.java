package org.jasyncio.bench.process;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Stdio;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.WriteTransport;

/**
 * Subprocess costs with jasyncio, in the output format of bench/python/process_bench.py so both land in one table:
 * piping 1 GB through {@code cat} (every byte checked) and spawning short processes ({@code true}) one after the
 * other, spawn to exit.
 *
 * <p>Usage: {@code java --enable-native-access=ALL-UNNAMED --add-exports java.base/sun.nio.ch=ALL-UNNAMED
 * -cp bench/target/jasyncio-bench.jar org.jasyncio.bench.process.ProcessBench [--bytes N] [--spawns N] [--reps N]}
 * (without the two flags the loop falls back to its ProcessBuilder spawn path; {@code -Djasyncio.subprocess=...}
 * picks one).
 */
public final class ProcessBench {
    private static final int CHUNK = 256 * 1024;
    /** Each chunk written: a pattern whose period (251) does not divide the chunk, so misplaced bytes show. */
    private static final byte[] PATTERN = new byte[CHUNK];

    static {
        for (int i = 0; i < PATTERN.length; i++) {
            PATTERN[i] = (byte) (i % 251);
        }
    }

    private ProcessBench() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = 1L << 30;
        int spawns = 1000;
        int reps = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bytes" -> bytes = Long.parseLong(args[++i]);
                case "--spawns" -> spawns = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: --bytes N --spawns N --reps N)");
            }
        }
        EventLoop loop = Asyncio.newEventLoop();
        try {
            pipeThroughCat(loop, Math.min(bytes, 64L << 20)); // warm-up
            List<Double> seconds = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                seconds.add(pipeThroughCat(loop, bytes));
            }
            double mbps = bytes / 1e6 / Collections.min(seconds);
            report("catPipe" + (bytes >> 20) + "MiB", median(seconds) * 1e3, Collections.min(seconds) * 1e3, "ms");
            System.out.printf("%-8s %-28s %10.1f %10s MB/s (best)%n", "jasyncio", "catPipeThroughput", mbps, "");

            spawnTrue(loop, Math.min(spawns, 100)); // warm-up
            List<Double> perSpawn = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                perSpawn.add(spawnTrue(loop, spawns) / spawns);
            }
            report("spawnTrue", median(perSpawn) * 1e3, Collections.min(perSpawn) * 1e3, "ms/proc");

            // The floor the JDK sets: ProcessBuilder.start() and waitFor() on the calling thread, no loop.
            spawnTrueBlocking(Math.min(spawns, 100));
            List<Double> raw = new ArrayList<>();
            for (int r = 0; r < reps; r++) {
                raw.add(spawnTrueBlocking(spawns) / spawns);
            }
            System.out.printf("%-8s %-28s %10.3f %10.3f %s%n", "jdk", "spawnTrue (blocking)", median(raw) * 1e3,
                    Collections.min(raw) * 1e3, "ms/proc");
        } finally {
            loop.close();
        }
    }

    private static void report(String name, double median, double best, String unit) {
        System.out.printf("%-8s %-28s %10.3f %10.3f %s%n", "jasyncio", name, median, best, unit);
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Seconds to push {@code total} bytes through cat and read them all back, spawn to exit. */
    static double pipeThroughCat(EventLoop loop, long total) throws Exception {
        CatProtocol protocol = new CatProtocol(loop, total);
        long t0 = System.nanoTime();
        loop.runUntilComplete(loop.subprocessExec(() -> protocol, List.of("cat"),
                SubprocessOptions.defaults().stderr(Stdio.DEVNULL)));
        loop.runUntilComplete(protocol.finished);
        double dt = (System.nanoTime() - t0) / 1e9;
        if (protocol.received != total) {
            throw new AssertionError("cat gave back " + protocol.received + " bytes of " + total);
        }
        return dt;
    }

    /** Writes the data under flow control and checks what comes back against the pattern. */
    private static final class CatProtocol implements SubprocessProtocol {
        final Future<Void> finished;
        final long total;
        long sent;
        long received;
        boolean paused;
        boolean exited;
        boolean stdoutClosed;
        WriteTransport stdin;

        CatProtocol(EventLoop loop, long total) {
            this.finished = loop.createFuture();
            this.total = total;
        }

        @Override
        public void connectionMade(BaseTransport transport) {
            stdin = (WriteTransport) ((SubprocessTransport) transport).getPipeTransport(0);
            pump();
        }

        private void pump() {
            while (!paused && sent < total) {
                int n = (int) Math.min(CHUNK, total - sent);
                stdin.write(ByteBuffer.wrap(PATTERN, 0, n)); // the transport copies only what the pipe did not take
                sent += n;
            }
            if (sent == total && !paused) {
                stdin.close();
            }
        }

        @Override
        public void pauseWriting() {
            paused = true;
        }

        @Override
        public void resumeWriting() {
            paused = false;
            pump();
        }

        @Override
        public void pipeDataReceived(int fd, byte[] data) {
            int done = 0;
            while (done < data.length) {
                int inChunk = (int) (CHUNK - (received + done) % CHUNK);
                int n = Math.min(inChunk, data.length - done);
                int start = (int) ((received + done) % CHUNK);
                if (Arrays.mismatch(data, done, done + n, PATTERN, start, start + n) != -1) {
                    finished.setException(new AssertionError("cat gave back a wrong byte near offset " + (received + done)));
                    return;
                }
                done += n;
            }
            received += data.length;
        }

        @Override
        public void pipeConnectionLost(int fd, Throwable exc) {
            if (fd == 1) {
                stdoutClosed = true;
                maybeFinish();
            }
        }

        @Override
        public void processExited() {
            exited = true;
            maybeFinish();
        }

        private void maybeFinish() {
            if (exited && stdoutClosed && !finished.done()) {
                finished.setResult(null);
            }
        }
    }

    /** Seconds to run {@code count} {@code true} processes with plain ProcessBuilder and waitFor. */
    static double spawnTrueBlocking(int count) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("true").redirectInput(new java.io.File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            if (pb.start().waitFor() != 0) {
                throw new AssertionError("true failed");
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds to run {@code count} {@code true} processes one after the other, each from spawn to exit. */
    static double spawnTrue(EventLoop loop, int count) throws Exception {
        SubprocessOptions quiet = SubprocessOptions.defaults().stdin(Stdio.DEVNULL).stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL);
        List<String> args = List.of("true");
        long t0 = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Future<Void> exited = loop.createFuture();
            loop.runUntilComplete(loop.subprocessExec(() -> new SubprocessProtocol() {
                @Override
                public void processExited() {
                    exited.setResult(null);
                }
            }, args, quiet));
            loop.runUntilComplete(exited);
        }
        return (System.nanoTime() - t0) / 1e9;
    }
}
