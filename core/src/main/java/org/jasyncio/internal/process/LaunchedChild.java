package org.jasyncio.internal.process;

/**
 * A started child and the parent's ends of its pipes, before any transport exists. Each end is null when that stream
 * is not a pipe, a {@code Pipe.SinkChannel}/{@code Pipe.SourceChannel} on the selectable path, or the process's own
 * {@code OutputStream}/{@code InputStream} on the portable one.
 */
record LaunchedChild(Process process, Object stdin, Object stdout, Object stderr) {
}
