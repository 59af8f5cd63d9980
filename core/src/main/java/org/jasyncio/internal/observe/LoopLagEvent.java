package org.jasyncio.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;

/** One loop iteration that ran callbacks for longer than the threshold without looking at I/O or timers: new I/O events and due timers waited that long. */
@Name("org.jasyncio.LoopLag")
@Label("Loop Lag")
@Category("jasyncio")
@Description("One loop iteration that ran callbacks for longer than the threshold without looking at I/O or timers: new I/O events and due timers waited that long.")
@StackTrace(false)
@Threshold("20 ms")
final class LoopLagEvent extends Event {
    @Label("Callbacks Run")
    int callbacks;

    @Label("Most Overdue Timer")
    @Description("How late the most overdue timer of this iteration was when the loop found it due")
    @Timespan(Timespan.NANOSECONDS)
    long timerLateness;
}
