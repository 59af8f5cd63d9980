package org.jasyncio.internal.process;

import java.io.IOException;
import org.jasyncio.internal.os.ErrnoText;

/**
 * Which read errors a read pipe keeps quiet. asyncio's {@code _UnixReadPipeTransport._fatal_error} logs only EIO at
 * debug level (what a pseudo-terminal gives once its other side is gone: an ordinary end); every other OSError goes to
 * the loop's exception handler as "Fatal read error on pipe transport". Either way the error reaches
 * {@code connectionLost}.
 */
final class ReadPipeErrors {
    private static final ErrnoText EIO = ErrnoText.of(ErrnoText.EIO);

    private ReadPipeErrors() {
    }

    /** True for EIO, the one read error a pipe keeps out of the exception handler. */
    static boolean isQuiet(Throwable error) {
        return error instanceof IOException e && EIO.errnoOf(e) == ErrnoText.EIO;
    }
}
