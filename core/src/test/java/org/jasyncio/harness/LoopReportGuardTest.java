package org.jasyncio.harness;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.AssertionFailedError;

/** The guard itself: a test inside a test, run through the guard's callbacks by hand. */
class LoopReportGuardTest {
    private final LoopReportGuard guard = new LoopReportGuard();

    /** Runs {@code body} as a test would run under the guard (method {@code name} of this class); returns the guard's verdict. */
    private Throwable underGuard(String name, Runnable body) throws Exception {
        Method method = Inner.class.getDeclaredMethod(name);
        ExtensionContext ctx = (ExtensionContext) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ExtensionContext.class}, (p, m, args) -> switch (m.getName()) {
                    case "getRequiredTestMethod" -> method;
                    case "getRequiredTestClass" -> Inner.class;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        guard.beforeEach(ctx);
        try {
            body.run();
        } catch (Throwable t) {
            guard.afterEach(ctx);
            throw t;
        }
        try {
            guard.afterEach(ctx);
            return null;
        } catch (Throwable verdict) {
            return verdict;
        }
    }

    static class Inner {
        void plain() {
        }

        @ExpectLoopReports("checks its own reports")
        void lenient() {
        }
    }

    private static void runOnFreshLoop(Runnable callback) {
        EventLoop loop = Asyncio.newEventLoop();
        try {
            loop.callSoon(callback);
            loop.callSoon(loop::stop);
            loop.runForever();
        } finally {
            loop.close();
        }
    }

    @Test
    void anAssertionFailingInsideACallbackFailsTheTest() throws Exception {
        Throwable verdict = underGuard("plain", () -> runOnFreshLoop(() -> fail("inside the callback")));
        assertInstanceOf(AssertionError.class, verdict);
        assertInstanceOf(AssertionFailedError.class, verdict.getCause());
        assertEquals("inside the callback", verdict.getCause().getMessage());
    }

    @Test
    void aReportGoingToATestsOwnHandlerStillFailsTheTest() throws Exception {
        Throwable verdict = underGuard("plain", () -> {
            EventLoop loop = Asyncio.newEventLoop();
            loop.setExceptionHandler((l, c) -> { });
            loop.callExceptionHandler(Map.of("message", "swallowed by the handler"));
            loop.close();
        });
        assertInstanceOf(AssertionError.class, verdict);
        assertTrue(verdict.getMessage().contains("swallowed by the handler"), verdict.getMessage());
    }

    @Test
    void declaredReportsPass() throws Exception {
        assertEquals(null, underGuard("plain", () -> {
            LoopReportGuard.expect("boom");
            runOnFreshLoop(() -> {
                throw new IllegalStateException("boom");
            });
            assertEquals(1, LoopReportGuard.reports().size());
        }));
    }

    @Test
    void anUndeclaredReportBesideADeclaredOneFails() throws Exception {
        Throwable verdict = underGuard("plain", () -> {
            LoopReportGuard.expect("boom");
            runOnFreshLoop(() -> {
                throw new IllegalStateException("boom");
            });
            runOnFreshLoop(() -> {
                throw new IllegalStateException("bang");
            });
        });
        assertInstanceOf(IllegalStateException.class, verdict.getCause());
        assertEquals("bang", verdict.getCause().getMessage());
    }

    @Test
    void aLenientTestPassesReportsButNotFailedAssertions() throws Exception {
        assertEquals(null, underGuard("lenient", () -> runOnFreshLoop(() -> {
            throw new IllegalStateException("provoked");
        })));
        Throwable verdict = underGuard("lenient", () -> runOnFreshLoop(() -> fail("still a failure")));
        assertInstanceOf(AssertionFailedError.class, verdict.getCause());
    }

    @Test
    void reportsOfLoopsMadeOutsideTheTestAreNotItsOwn() throws Exception {
        EventLoop outside = Asyncio.newEventLoop();
        try {
            LoopReportGuard.expect("made outside");
            assertDoesNotThrow(() -> assertEquals(null, underGuard("plain",
                    () -> outside.callExceptionHandler(Map.of("message", "made outside")))));
        } finally {
            outside.close();
        }
    }
}
