package org.jasyncio.internal.task;

/**
 * How a task body is suspended at an await and resumed later, on the loop's terms. Two engines give the same
 * semantics: {@link ContinuationEngine} (the body runs on the loop thread itself, fast, needs a JVM flag) and
 * {@link ThreadEngine} (the body runs on its own virtual thread, handed off strictly to and from the loop thread,
 * portable). {@code -Djasyncio.engine=continuation|thread} picks one; by default the fast one when it is available.
 */
public interface CoroutineEngine {

    String name();

    /** A suspended body that will run {@code code} on its first {@link Body#resume()}. */
    Body newBody(BodyCode code);

    /** One task body. */
    interface Body {
        /** Loop thread: runs the body until it suspends or returns; true when it has returned. */
        boolean resume();

        /** Inside the body: gives control back to the loop until the next {@link #resume()}. */
        void suspend();

        /**
         * The frames of the suspended body, innermost first, engine frames included (empty before it started or
         * after it returned). Loop thread only, while the body is not running.
         */
        StackTraceElement[] suspendedStack();
    }

    /** What a body runs, and what it needs in place on whichever thread runs it (the running loop, its context). */
    interface BodyCode {
        /** The body itself; it must not throw (a task records what its coroutine threw). */
        void runBody();

        /** Called once on the thread that will run the body, before {@link #runBody()}, when that is not the loop's. */
        void enterBodyThread();
    }

    /**
     * The engine in use, chosen once per JVM; IllegalStateException naming the missing flag when
     * {@code jasyncio.engine} asks for one that cannot run here.
     */
    static CoroutineEngine current() {
        return Engines.current();
    }
}
