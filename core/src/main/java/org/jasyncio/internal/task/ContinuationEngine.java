package org.jasyncio.internal.task;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The fast engine: each body is a {@code jdk.internal.vm.Continuation} run on the loop thread; an await yields the
 * continuation and a resume runs it again (about 100 ns). The class is reached through method handles so the library
 * compiles with {@code --release 25}; using it needs {@code --add-exports java.base/jdk.internal.vm=ALL-UNNAMED}.
 *
 * <p>All bodies share the loop thread's identity: ThreadLocals are shared between tasks, a lock held across an await
 * is held by the loop thread (another task can take a ReentrantLock; a monitor pins the body, so the await fails).
 */
final class ContinuationEngine implements CoroutineEngine {
    private static final MethodHandle NEW_CONTINUATION;
    private static final MethodHandle RUN;
    private static final MethodHandle YIELD;
    private static final MethodHandle STACK;
    private static final Object SCOPE;
    private static final String UNAVAILABLE;

    static {
        MethodHandle newCont = null;
        MethodHandle run = null;
        MethodHandle yield = null;
        MethodHandle stack = null;
        Object scope = null;
        String why = null;
        try {
            Class<?> scopeClass = Class.forName("jdk.internal.vm.ContinuationScope");
            Class<?> contClass = Class.forName("jdk.internal.vm.Continuation");
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            scope = lookup.findConstructor(scopeClass, MethodType.methodType(void.class, String.class)).invoke("jasyncio");
            newCont = lookup.findConstructor(contClass, MethodType.methodType(void.class, scopeClass, Runnable.class))
                    .asType(MethodType.methodType(Object.class, Object.class, Runnable.class));
            run = lookup.findVirtual(contClass, "run", MethodType.methodType(void.class))
                    .asType(MethodType.methodType(void.class, Object.class));
            yield = lookup.findStatic(contClass, "yield", MethodType.methodType(boolean.class, scopeClass))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            stack = lookup.findVirtual(contClass, "getStackTrace", MethodType.methodType(StackTraceElement[].class))
                    .asType(MethodType.methodType(StackTraceElement[].class, Object.class));
        } catch (Throwable t) {
            why = t.toString();
        }
        NEW_CONTINUATION = newCont;
        RUN = run;
        YIELD = yield;
        STACK = stack;
        SCOPE = scope;
        UNAVAILABLE = why;
    }

    static boolean isAvailable() {
        return UNAVAILABLE == null;
    }

    static String unavailableReason() {
        return UNAVAILABLE;
    }

    @Override
    public String name() {
        return "continuation";
    }

    @Override
    public Body newBody(BodyCode code) {
        return new ContinuationBody(code);
    }

    /** The body is the continuation's entry itself, so a task costs this object and the continuation, nothing more. */
    private static final class ContinuationBody implements Body, Runnable {
        private final BodyCode code;
        private final Object continuation;
        private boolean finished;

        ContinuationBody(BodyCode code) {
            this.code = code;
            try {
                this.continuation = NEW_CONTINUATION.invokeExact(SCOPE, (Runnable) this);
            } catch (Throwable t) {
                throw new IllegalStateException("cannot create a continuation", t);
            }
        }

        @Override
        public void run() {
            try {
                code.runBody();
            } finally {
                finished = true;
            }
        }

        @Override
        public boolean resume() {
            try {
                RUN.invokeExact(continuation);
                return finished;
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }

        /** The unmounted continuation's own frames: walked only when asked, nothing is captured at suspension. */
        @Override
        public StackTraceElement[] suspendedStack() {
            if (finished) {
                return new StackTraceElement[0];
            }
            try {
                return (StackTraceElement[]) STACK.invokeExact(continuation);
            } catch (Throwable t) {
                return new StackTraceElement[0];
            }
        }

        @Override
        public void suspend() {
            try {
                boolean unused = (boolean) YIELD.invokeExact(SCOPE);
            } catch (RuntimeException | Error e) {
                throw e; // IllegalStateException("Pinned: NATIVE" / "Pinned: MONITOR"): the caller explains
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }
}
