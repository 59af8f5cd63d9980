package org.jasyncio;

import java.nio.file.Path;
import java.util.Map;

/**
 * The keyword arguments of {@code loop.subprocess_exec} and {@code loop.subprocess_shell}: an immutable value; each
 * wither returns a copy with one option changed.
 *
 * <!-- sample: statements -->
 * <pre>{@code
 * SubprocessOptions o = SubprocessOptions.defaults().stdin(Stdio.DEVNULL).stderr(Stdio.STDOUT).cwd(Path.of("/tmp"));
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param stdin what the child's stdin is connected to
 * @param stdout what the child's stdout is connected to
 * @param stderr what the child's stderr is connected to ({@link Stdio#STDOUT}: the same as stdout)
 * @param cwd the child's working directory, or null for the parent's
 * @param env the child's whole environment (not added to the parent's), or null for the parent's; copied
 */
public record SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Path cwd, Map<String, String> env) {

    /**
     * Checks the values and copies {@code env}.
     *
     * @throws IllegalArgumentException when a stream is null, or {@link Stdio#STDOUT} is given for stdin or stdout
     */
    public SubprocessOptions {
        if (stdin == null || stdout == null || stderr == null) {
            throw new IllegalArgumentException("stdin, stdout and stderr must not be null");
        }
        if (stdin == Stdio.STDOUT || stdout == Stdio.STDOUT) {
            throw new IllegalArgumentException("Stdio.STDOUT is only valid for stderr");
        }
        env = env == null ? null : Map.copyOf(env);
    }

    /**
     * asyncio's defaults as the loop methods take them: all three streams {@link Stdio#PIPE}, the parent's directory
     * and environment.
     *
     * @return the default options
     */
    public static SubprocessOptions defaults() {
        return new SubprocessOptions(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE, null, null);
    }

    /**
     * What stdin is connected to. asyncio: {@code stdin=}.
     *
     * @param v PIPE, DEVNULL or INHERIT
     * @return a copy with this option
     * @throws IllegalArgumentException when null or STDOUT
     */
    public SubprocessOptions stdin(Stdio v) {
        return new SubprocessOptions(v, stdout, stderr, cwd, env);
    }

    /**
     * What stdout is connected to. asyncio: {@code stdout=}.
     *
     * @param v PIPE, DEVNULL or INHERIT
     * @return a copy with this option
     * @throws IllegalArgumentException when null or STDOUT
     */
    public SubprocessOptions stdout(Stdio v) {
        return new SubprocessOptions(stdin, v, stderr, cwd, env);
    }

    /**
     * What stderr is connected to. asyncio: {@code stderr=}.
     *
     * @param v PIPE, DEVNULL, STDOUT or INHERIT
     * @return a copy with this option
     * @throws IllegalArgumentException when null
     */
    public SubprocessOptions stderr(Stdio v) {
        return new SubprocessOptions(stdin, stdout, v, cwd, env);
    }

    /**
     * The working directory. asyncio: {@code cwd=}.
     *
     * @param v the directory, or null for the parent's
     * @return a copy with this option
     */
    public SubprocessOptions cwd(Path v) {
        return new SubprocessOptions(stdin, stdout, stderr, v, env);
    }

    /**
     * The child's whole environment (not added to the parent's). asyncio: {@code env=}.
     *
     * @param v the variables, or null for the parent's
     * @return a copy with this option
     */
    public SubprocessOptions env(Map<String, String> v) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, v);
    }
}
