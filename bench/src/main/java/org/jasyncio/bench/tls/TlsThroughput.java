package org.jasyncio.bench.tls;

import java.util.Arrays;

/**
 * Bulk throughput over loopback, both ends on one event-loop thread, with TLS 1.3 (the JDK's SSLEngine) or plain
 * TCP: jasyncio against Netty 4.2 NIO. The client writes {@code --mib} MiB in 64 KiB arrays under flow control;
 * timing runs from the end of the handshake to the server's one-byte answer once everything has arrived. One
 * warm-up transfer, then {@code --reps} measured ones; prints a RESULT line with the best and the median.
 *
 * <p>Usage: {@code TlsThroughput --impl jasyncio|netty [--plain] [--buffered] [--mib 256] [--reps 5]} ({@code --buffered}:
 * jasyncio's receiving end is a BufferedProtocol); {@code bench/tls/run.sh}
 * runs every variant in its own JVM, alternating.
 */
public final class TlsThroughput {
    static final int CHUNK = 64 * 1024;

    /** One implementation's transfer, repeated on the same server. */
    interface Bulk extends AutoCloseable {
        long transferNanos(long bytes) throws Exception;
    }

    private TlsThroughput() {
    }

    static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 131 + 7);
        }
        return b;
    }

    public static void main(String[] args) throws Exception {
        String impl = "jasyncio";
        boolean tls = true;
        int mib = 256;
        int reps = 5;
        boolean buffered = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--impl" -> impl = args[++i];
                case "--plain" -> tls = false;
                case "--buffered" -> buffered = true;
                case "--mib" -> mib = Integer.parseInt(args[++i]);
                case "--reps" -> reps = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: --impl jasyncio|netty [--plain] [--buffered] [--mib N] [--reps N])");
            }
        }
        BenchCertificates certs = tls ? BenchCertificates.create() : null;
        long bytes = (long) mib << 20;
        double[] mbps = new double[reps];
        try (Bulk bulk = switch (impl) {
            case "jasyncio" -> new JasyncioBulk(tls ? certs.server() : null, tls ? certs.client() : null, buffered);
            case "netty" -> new NettyBulk(tls ? certs.server() : null, tls ? certs.client() : null);
            default -> throw new IllegalArgumentException("--impl must be jasyncio or netty, got " + impl);
        }) {
            bulk.transferNanos(bytes); // warm-up
            for (int r = 0; r < reps; r++) {
                mbps[r] = bytes / 1e6 / (bulk.transferNanos(bytes) / 1e9);
            }
        }
        double[] sorted = mbps.clone();
        Arrays.sort(sorted);
        String label = impl + (tls ? "-tls" : "-plain") + (buffered ? "-buffered" : "")
                + (System.getProperty("jasyncio.socketio", "").equals("nio") ? "-nio" : "");
        System.out.printf("RESULT label=%s mib=%d reps=%d best_mbps=%.0f median_mbps=%.0f all=%s%n", label, mib, reps,
                sorted[reps - 1], sorted[reps / 2], Arrays.toString(Arrays.stream(mbps).map(Math::round).toArray()));
    }
}
