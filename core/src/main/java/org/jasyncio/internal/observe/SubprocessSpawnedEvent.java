package org.jasyncio.internal.observe;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A child process was started. */
@Name("org.jasyncio.SubprocessSpawned")
@Label("Subprocess Spawned")
@Category("jasyncio")
@Description("A child process was started.")
@StackTrace(false)
final class SubprocessSpawnedEvent extends Event {
    @Label("PID")
    long pid;

    @Label("Command")
    String command;
}
