package org.jasyncio;

import java.nio.file.Path;
import java.util.Map;

/** The keyword arguments of {@code subprocess_exec} and {@code subprocess_shell}. */
public record SubprocessOptions(Stdio stdin, Stdio stdout, Stdio stderr, Path cwd, Map<String, String> env) {

    public SubprocessOptions {
        if (stdin == null || stdout == null || stderr == null) {
            throw new IllegalArgumentException("stdin, stdout and stderr must not be null");
        }
        if (stdin == Stdio.STDOUT || stdout == Stdio.STDOUT) {
            throw new IllegalArgumentException("Stdio.STDOUT is only valid for stderr");
        }
        env = env == null ? null : Map.copyOf(env);
    }

    /** All three streams {@link Stdio#PIPE}, the parent's directory and environment. */
    public static SubprocessOptions defaults() {
        return new SubprocessOptions(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE, null, null);
    }

    public SubprocessOptions stdin(Stdio v) {
        return new SubprocessOptions(v, stdout, stderr, cwd, env);
    }

    public SubprocessOptions stdout(Stdio v) {
        return new SubprocessOptions(stdin, v, stderr, cwd, env);
    }

    public SubprocessOptions stderr(Stdio v) {
        return new SubprocessOptions(stdin, stdout, v, cwd, env);
    }

    public SubprocessOptions cwd(Path v) {
        return new SubprocessOptions(stdin, stdout, stderr, v, env);
    }

    /** The child's whole environment (not added to the parent's); null keeps the parent's. */
    public SubprocessOptions env(Map<String, String> v) {
        return new SubprocessOptions(stdin, stdout, stderr, cwd, v);
    }
}
