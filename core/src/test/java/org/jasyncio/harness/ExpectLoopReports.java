package org.jasyncio.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a test method or class: the test provokes exception-handler reports on purpose and checks them itself, so
 * {@link LoopReportGuard} lets them pass, all but those carrying an {@link AssertionError} (an assertion that failed
 * inside a callback), which still fail the test. Prefer {@link LoopReportGuard#expect} naming the report when the
 * test knows which one it provokes.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface ExpectLoopReports {
    /** Why the reports are expected (documentation only). */
    String value() default "";
}
