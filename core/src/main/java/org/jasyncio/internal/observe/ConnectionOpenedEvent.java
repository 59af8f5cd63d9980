package org.jasyncio.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A stream connection (TCP or Unix socket) was handed to its protocol. */
@Name("org.jasyncio.ConnectionOpened")
@Label("Connection Opened")
@Category("jasyncio")
@Description("A stream connection (TCP or Unix socket) was handed to its protocol.")
@StackTrace(false)
final class ConnectionOpenedEvent extends Event {
    @Label("Local Address")
    String local;

    @Label("Remote Address")
    String remote;
}
