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

    /** True for the errors the base transport's rule handles as asyncio's pipe does: EIO, and all that are no I/O error. */
    static boolean leaveToBase(Throwable error) {
        return !(error instanceof IOException e) || EIO.errnoOf(e) == ErrnoText.EIO;
    }
}
