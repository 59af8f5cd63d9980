package org.jasyncio.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A stream connection (TCP or Unix socket) was closed. */
@Name("org.jasyncio.ConnectionClosed")
@Label("Connection Closed")
@Category("jasyncio")
@Description("A stream connection (TCP or Unix socket) was closed.")
@StackTrace(false)
final class ConnectionClosedEvent extends Event {
    @Label("Local Address")
    String local;

    @Label("Remote Address")
    String remote;

    @Label("Lifetime")
    @Description("From opening to closing; -1 when it was opened before the recording enabled the events")
    @Timespan(Timespan.NANOSECONDS)
    long lifetime;
}
