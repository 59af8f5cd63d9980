package org.jasyncio.internal.process;

/** A pipe transport seen from its subprocess: the part that must go even when no callback can run any more. */
interface PipeEnd {
    /** Closes the pipe at once, without telling the protocol (the loop is closing). */
    void releaseNow();
}
