package org.jasyncio.reliability;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Counts what a test could leak: open descriptors (/proc/self/fd), platform threads, child processes (/proc), and the
 * heap in use after a full collection. A leak check takes a census before and after and compares.
 */
final class Census {
    /**
     * Threads of the JDK that come and go on their own (carriers of virtual threads, the process reaper, pollers of
     * virtual-thread I/O, the attach listener): counting them would blame the library for the JDK's pools.
     */
    private static final List<String> JDK_THREADS = List.of("ForkJoinPool", "process reaper", "Read-Poller",
            "Write-Poller", "VirtualThread-unparker", "Attach Listener", "Common-Cleaner", "InnocuousThread",
            "surefire", "Notification Thread", "Signal Dispatcher", "Reference Handler", "Finalizer", "main",
            "Timer-", "JFR", "C1 ", "C2 ", "Sweeper");

    private Census() {
    }

    /** The descriptors open in this process right now (the listing's own descriptor not counted). */
    static TreeMap<Integer, String> descriptors() {
        TreeMap<Integer, String> out = new TreeMap<>();
        List<Path> entries;
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            entries = fds.toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        for (Path p : entries) {
            String target;
            try {
                target = Files.readSymbolicLink(p).toString();
            } catch (IOException e) {
                continue; // the listing's own descriptor, closed by now
            }
            out.put(Integer.parseInt(p.getFileName().toString()), target);
        }
        return out;
    }

    static int openDescriptors() {
        return descriptors().size();
    }

    /** The platform threads alive now that belong to no JDK pool, by name and id. */
    static Set<String> threads() {
        Set<String> out = new TreeSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && JDK_THREADS.stream().noneMatch(t.getName()::startsWith)) {
                out.add(t.getName() + "#" + t.threadId());
            }
        }
        return out;
    }

    /** The pids of this process's children still present (running or zombie), from every thread's list. */
    static Set<Long> children() {
        Set<Long> out = new TreeSet<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    for (String pid : Files.readString(task.resolve("children")).trim().split("\\s+")) {
                        if (!pid.isEmpty()) {
                            out.add(Long.parseLong(pid));
                        }
                    }
                } catch (IOException gone) {
                    // the thread ended while we looked
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out;
    }

    /** Bytes of heap in use after a few full collections. */
    static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** The entries of {@code now} that {@code before} did not have, for a failure message. */
    static List<String> added(TreeMap<Integer, String> before, TreeMap<Integer, String> now) {
        List<String> out = new ArrayList<>();
        now.forEach((fd, target) -> {
            if (!target.equals(before.get(fd))) {
                out.add(fd + " -> " + target + describeSocket(target));
            }
        });
        return out;
    }

    /** For "socket:[inode]", its line in /proc/net/tcp, tcp6 or unix (addresses and state), to tell which one leaked. */
    private static String describeSocket(String target) {
        if (!target.startsWith("socket:[")) {
            return "";
        }
        String inode = target.substring(8, target.length() - 1);
        for (String table : List.of("tcp", "tcp6", "udp", "udp6", "unix")) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/net", table))) {
                    if (List.of(line.trim().split("\\s+")).contains(inode)) {
                        return " (" + table + ": " + line.trim() + ")";
                    }
                }
            } catch (IOException e) {
                // no such table here
            }
        }
        return "";
    }

    /**
     * Waits up to {@code seconds} for the open descriptors to come back to at most {@code baseline + slack} (a closed
     * socket's descriptor is released by the loop's next iteration, a child's pipes by its reaper), then returns what
     * is still open beyond the baseline.
     */
    static List<String> descriptorsLeftOver(TreeMap<Integer, String> baseline, int slack, double seconds)
            throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        TreeMap<Integer, String> now = descriptors();
        while (now.size() > baseline.size() + slack && System.nanoTime() < deadline) {
            Thread.sleep(20);
            now = descriptors();
        }
        return now.size() > baseline.size() + slack ? added(baseline, now) : List.of();
    }

    /** Waits up to {@code seconds} for every thread not in {@code baseline} to end; returns those still alive. */
    static Set<String> threadsLeftOver(Set<String> baseline, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        Set<String> extra;
        do {
            extra = new TreeSet<>(threads());
            extra.removeAll(baseline);
            if (extra.isEmpty()) {
                return extra;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return extra;
    }

    /** Waits up to {@code seconds} for every child not in {@code baseline} to be gone; returns those still there. */
    static Set<Long> childrenLeftOver(Set<Long> baseline, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        Set<Long> extra;
        do {
            extra = new TreeSet<>(children());
            extra.removeAll(baseline);
            if (extra.isEmpty()) {
                return extra;
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return extra;
    }

    /** An integer system property, or {@code otherwise}. */
    static int intProperty(String name, int otherwise) {
        String v = System.getProperty(name);
        return v == null || v.isBlank() ? otherwise : Integer.parseInt(v.trim());
    }

    /** The engine this JVM runs task bodies with: "continuation" or "thread". */
    static String engine() {
        return System.getProperty("jasyncio.engine", "continuation");
    }
}
