package org.jasyncio.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** A loop callback (a task step, an I/O handler, a timer) that ran longer than the threshold (asyncio's slow_callback_duration, 100 ms). */
@Name("org.jasyncio.SlowCallback")
@Label("Slow Callback")
@Category("jasyncio")
@Description("A loop callback (a task step, an I/O handler, a timer) that ran longer than the threshold (asyncio's slow_callback_duration, 100 ms).")
@StackTrace(false)
@Threshold("100 ms")
final class SlowCallbackEvent extends Event {
    @Label("Callback")
    String callback;
}
