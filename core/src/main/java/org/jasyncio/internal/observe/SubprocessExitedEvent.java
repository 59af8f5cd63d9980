package org.jasyncio.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A child process exited (return code: minus the signal number when a signal ended it). */
@Name("org.jasyncio.SubprocessExited")
@Label("Subprocess Exited")
@Category("jasyncio")
@Description("A child process exited (return code: minus the signal number when a signal ended it).")
@StackTrace(false)
final class SubprocessExitedEvent extends Event {
    @Label("PID")
    long pid;

    @Label("Return Code")
    int returncode;

    @Label("Lifetime")
    @Description("From spawn to exit; -1 when it was spawned before the recording enabled the events")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;
}
