package org.jasyncio.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A task finished: returned, failed or was cancelled (off by default: a busy program makes millions). */
@Name("org.jasyncio.TaskDone")
@Label("Task Done")
@Category("jasyncio")
@Description("A task finished: returned, failed or was cancelled (off by default: a busy program makes millions).")
@StackTrace(false)
@Enabled(false)
final class TaskDoneEvent extends Event {
    @Label("Task")
    String name;

    @Label("Outcome")
    @Description("result, exception or cancelled")
    String outcome;

    @Label("Exception")
    String exception;

    @Label("Lifetime")
    @Description("From creation to completion; -1 when the task was made before the recording enabled this event")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;
}
