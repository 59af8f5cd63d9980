package org.jasyncio.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A task was created (off by default: a busy program makes millions). */
@Name("org.jasyncio.TaskCreated")
@Label("Task Created")
@Category("jasyncio")
@Description("A task was created (off by default: a busy program makes millions).")
@StackTrace(false)
@Enabled(false)
final class TaskCreatedEvent extends Event {
    @Label("Task")
    String name;
}
