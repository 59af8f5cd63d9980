package org.jasyncio.loop;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Records what the library logs through System.getLogger("org.jasyncio") while open (through the tests'
 * {@link RecordingLoggerFinder}). Only one capture is open at a time; close it when done.
 *
 * <p>The collector's reports about closed loops' objects ("Task was destroyed but it is pending!", "... exception was
 * never retrieved") are logged whenever the GC gets to them, objects of earlier tests included; a capture records
 * them only when made with {@link #withCollectorReports()}, so that they never land among another test's records.
 */
public final class LogCapture implements AutoCloseable {
    private static final List<String> COLLECTOR_REPORTS = List.of("Task was destroyed but it is pending!",
            "Future exception was never retrieved", "Task exception was never retrieved");
    private static LogCapture current;

    private final boolean collectorReports;

    /** One log record. */
    public record Entry(String logger, Level level, String message, Throwable thrown) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public LogCapture() {
        this(false);
    }

    private LogCapture(boolean collectorReports) {
        this.collectorReports = collectorReports;
        synchronized (LogCapture.class) {
            current = this;
        }
    }

    /** A capture that also records the collector's reports (see the class comment). */
    public static LogCapture withCollectorReports() {
        return new LogCapture(true);
    }

    static synchronized boolean active() {
        return current != null;
    }

    static synchronized boolean record(String logger, Level level, String message, Throwable thrown) {
        if (current == null) {
            return false;
        }
        if (!current.collectorReports && message != null && COLLECTOR_REPORTS.stream().anyMatch(message::startsWith)) {
            return false;
        }
        synchronized (current.entries) {
            current.entries.add(new Entry(logger, level, message, thrown));
        }
        return true;
    }

    public List<Entry> records() {
        synchronized (entries) {
            return List.copyOf(entries);
        }
    }

    /** The records whose message satisfies {@code test}. */
    public List<Entry> matching(Predicate<String> test) {
        return records().stream().filter(r -> r.message() != null && test.test(r.message())).toList();
    }

    /** Waits up to {@code seconds} (collecting garbage meanwhile) for a matching record; null if none came. */
    public Entry await(Predicate<String> test, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        do {
            List<Entry> found = matching(test);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            System.gc();
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return null;
    }

    @Override
    public void close() {
        synchronized (LogCapture.class) {
            if (current == this) {
                current = null;
            }
        }
    }
}
