package org.jasyncio.harness;

import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Predicate;
import org.jasyncio.EventLoop;
import org.jasyncio.internal.loop.ExceptionReporting;
import org.jasyncio.internal.loop.LoopWatch;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test on any exception-handler report, from a loop made while the test ran, that the test did not declare.
 * Whatever handler the loop has (the default one, which only logs, or a test's recording one), a report reaches this
 * guard through {@link LoopWatch}, so an assertion failing inside a loop callback fails its test instead of being
 * logged or recorded unseen. Registered for every test class (auto-detected through META-INF/services, switched on
 * in junit-platform.properties).
 *
 * <p>Declaring expected reports: {@link #expect(String)} / {@link #expect(Predicate)} from the test body (any number
 * of matching reports then pass), or {@link ExpectLoopReports} on the method or class for tests that provoke reports
 * and check them themselves. A report carrying an {@link AssertionError} is only excused by an explicit
 * {@code expect}. Loops made in {@code @BeforeAll} are not watched; reports made after the test ended (a collected
 * object's report delivered when a later test runs its loop, say) are ignored.
 */
public final class LoopReportGuard implements BeforeEachCallback, AfterEachCallback {
    private static final Object LOCK = new Object();
    /** The sessions of the tests running now, innermost last (a guard test runs one inside its own). */
    private static final java.util.ArrayDeque<Session> SESSIONS = new java.util.ArrayDeque<>();

    static {
        LoopWatch.install(new LoopWatch.Watcher() {
            @Override
            public void created(EventLoop loop) {
                synchronized (LOCK) {
                    if (!SESSIONS.isEmpty()) {
                        SESSIONS.peekLast().loops.add(loop);
                    }
                }
            }

            @Override
            public void reported(EventLoop loop, Map<String, Object> context) {
                synchronized (LOCK) {
                    for (Session s : SESSIONS) {
                        if (s.loops.contains(loop)) {
                            s.reports.add(new LinkedHashMap<>(context));
                        }
                    }
                }
            }
        });
    }

    private static final class Session {
        final Set<EventLoop> loops = Collections.newSetFromMap(new WeakHashMap<>());
        final List<Map<String, Object>> reports = new ArrayList<>();
        final List<Predicate<Map<String, Object>>> expected = new ArrayList<>();
        boolean lenient;
    }

    /**
     * Declares that the running test expects reports whose message, or whose exception's message or class name,
     * contains {@code fragment}; any number of them then pass.
     */
    public static void expect(String fragment) {
        expect(ctx -> text(ctx).contains(fragment));
    }

    /** Declares that the running test expects reports satisfying {@code test}; any number of them then pass. */
    public static void expect(Predicate<Map<String, Object>> test) {
        synchronized (LOCK) {
            if (SESSIONS.isEmpty()) {
                throw new IllegalStateException("LoopReportGuard.expect called outside a test");
            }
            SESSIONS.peekLast().expected.add(test);
        }
    }

    /** The reports the running test's loops have made so far (copies). */
    public static List<Map<String, Object>> reports() {
        synchronized (LOCK) {
            return SESSIONS.isEmpty() ? List.of() : List.copyOf(SESSIONS.peekLast().reports);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Session s = new Session();
        s.lenient = annotated(context.getRequiredTestMethod()) || annotated(context.getRequiredTestClass());
        synchronized (LOCK) {
            SESSIONS.addLast(s);
        }
    }

    private static boolean annotated(AnnotatedElement element) {
        if (element.isAnnotationPresent(ExpectLoopReports.class)) {
            return true;
        }
        return element instanceof Class<?> c && c.getEnclosingClass() != null && annotated(c.getEnclosingClass());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Session s;
        synchronized (LOCK) {
            s = SESSIONS.pollLast();
        }
        if (s == null) {
            return;
        }
        List<Map<String, Object>> unexpected = new ArrayList<>();
        for (Map<String, Object> report : s.reports) {
            boolean declared = s.expected.stream().anyMatch(p -> p.test(report));
            if (!declared && !(s.lenient && !carriesAssertion(report))) {
                unexpected.add(report);
            }
        }
        if (unexpected.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(unexpected.size() + " unexpected exception-handler report(s) from"
                + " the test's loops (declare expected ones with LoopReportGuard.expect):");
        for (Map<String, Object> report : unexpected) {
            text.append("\n--- ").append(ExceptionReporting.format(report).replace("\n", "\n    "));
            if (report.get("exception") instanceof Throwable t) {
                text.append("\n    exception: ").append(t);
            }
        }
        Throwable first = unexpected.stream().map(r -> r.get("exception")).filter(Throwable.class::isInstance)
                .map(Throwable.class::cast).findFirst().orElse(null);
        AssertionError failure = new AssertionError(text.toString(), first);
        unexpected.stream().map(r -> r.get("exception")).filter(Throwable.class::isInstance)
                .map(Throwable.class::cast).skip(1).forEach(failure::addSuppressed);
        throw failure;
    }

    private static boolean carriesAssertion(Map<String, Object> report) {
        Object exc = report.get("exception");
        for (Throwable t = exc instanceof Throwable x ? x : null; t != null; t = t.getCause()) {
            if (t instanceof AssertionError) {
                return true;
            }
        }
        return false;
    }

    private static String text(Map<String, Object> report) {
        StringBuilder sb = new StringBuilder(String.valueOf(report.get("message")));
        if (report.get("exception") instanceof Throwable t) {
            sb.append(' ').append(t.getClass().getName()).append(' ').append(t.getMessage());
        }
        return sb.toString();
    }
}
