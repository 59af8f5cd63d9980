package org.jasyncio.process;

import java.util.Arrays;
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
 * Not a test: figures for docs/notes/process.md. Spawn-to-exit of {@code true} and bytes per second through
 * {@code cat}, for each spawn path. Run from the repository root after {@code mvn -pl core test-compile}:
 * <pre>java --add-exports java.base/sun.nio.ch=ALL-UNNAMED --enable-native-access=ALL-UNNAMED \
 *   -cp core/target/classes:core/target/test-classes org.jasyncio.process.ProcessBench [spawns] [catMegabytes]</pre>
 */
public final class ProcessBench {
    private ProcessBench() {
    }

    public static void main(String[] args) throws Exception {
        int spawns = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int megabytes = args.length > 1 ? Integer.parseInt(args[1]) : 1024;
        long[] pb = new long[spawns];
        for (int i = 0; i < spawns; i++) {
            long t0 = System.nanoTime();
            new ProcessBuilder("true").start().onExit().join();
            pb[i] = System.nanoTime() - t0;
        }
        report("ProcessBuilder.start()+onExit().join() (no loop)", pb);
        for (String mode : List.of("native", "selectable", "streams")) {
            System.setProperty("jasyncio.subprocess", mode);
            EventLoop loop = Asyncio.newEventLoop();
            try {
                report(mode + ": true, no pipes, until processExited", spawnLoop(loop, spawns, false));
                report(mode + ": true, 3 pipes, until connectionLost", spawnLoop(loop, spawns, true));
                throughput(loop, mode, megabytes);
            } finally {
                loop.close();
            }
        }
    }

    private static long[] spawnLoop(EventLoop loop, int n, boolean pipes) throws Exception {
        SubprocessOptions o = pipes ? SubprocessOptions.defaults()
                : new SubprocessOptions(Stdio.DEVNULL, Stdio.DEVNULL, Stdio.DEVNULL, null, null);
        long[] t = new long[n];
        for (int i = -n / 5; i < n; i++) {
            long t0 = System.nanoTime();
            Future<Void> done = loop.createFuture();
            loop.subprocessExec(() -> new SubprocessProtocol() {
                @Override
                public void processExited() {
                    if (!pipes) {
                        done.setResult(null);
                    }
                }

                @Override
                public void connectionLost(Throwable exc) {
                    if (pipes) {
                        done.setResult(null);
                    }
                }
            }, List.of("true"), o);
            loop.runUntilComplete(done);
            if (i >= 0) {
                t[i] = System.nanoTime() - t0;
            }
        }
        return t;
    }

    private static void throughput(EventLoop loop, String mode, int megabytes) throws Exception {
        long total = (long) megabytes << 20;
        byte[] chunk = new byte[1 << 20];
        Future<Void> done = loop.createFuture();
        long[] received = new long[1];
        long t0 = System.nanoTime();
        loop.subprocessExec(() -> new SubprocessProtocol() {
            WriteTransport stdin;
            long sent;
            boolean paused;

            @Override
            public void connectionMade(BaseTransport t) {
                stdin = (WriteTransport) ((SubprocessTransport) t).getPipeTransport(0);
                stdin.setWriteBufferLimits(4 << 20);
                fill();
            }

            private void fill() {
                while (!paused && sent < total) {
                    stdin.write(chunk);
                    sent += chunk.length;
                }
                if (sent >= total) {
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
                fill();
            }

            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                received[0] += data.length;
            }

            @Override
            public void connectionLost(Throwable exc) {
                done.setResult(null);
            }
        }, List.of("cat"), SubprocessOptions.defaults().stderr(Stdio.DEVNULL));
        loop.runUntilComplete(done);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("%s: %d MB through cat in %.2f s = %.0f MB/s (received %d bytes)%n", mode, megabytes, s,
                megabytes / s, received[0]);
    }

    private static void report(String what, long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        double mean = Arrays.stream(s).average().orElse(0) / 1000;
        System.out.printf("%-55s median %5d us  p90 %5d us  mean %5.0f us  (n=%d)%n", what, s[s.length / 2] / 1000,
                s[s.length * 9 / 10] / 1000, mean, s.length);
    }
}
