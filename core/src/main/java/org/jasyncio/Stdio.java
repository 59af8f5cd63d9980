package org.jasyncio;

/**
 * What a child process's standard stream is connected to: asyncio's {@code subprocess.PIPE}, {@code DEVNULL},
 * {@code STDOUT}, and {@code None}. Used in {@link SubprocessOptions}.
 *
 * <p>Immutable and thread-safe.
 */
public enum Stdio {
    /** A pipe to the parent, reached through the subprocess transport. */
    PIPE,
    /** {@code /dev/null}. */
    DEVNULL,
    /** The same as stdout (only for stderr). */
    STDOUT,
    /** The parent's own stream (asyncio's {@code None}). */
    INHERIT
}
