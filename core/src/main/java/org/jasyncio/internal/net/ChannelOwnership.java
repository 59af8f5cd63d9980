package org.jasyncio.internal.net;

import java.nio.channels.SelectableChannel;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * asyncio's {@code _ensure_fd_no_transport}: a channel a transport (or endpoint) of this loop owns is refused, before
 * any system call, by the calls that would act on it behind the transport's back: the sock_* operations (which would
 * take its protocol's bytes or send around its write buffer) and a second transport (whose registration would take
 * over the first one's poller key). The channel is left as it is: refusing it never closes it.
 */
final class ChannelOwnership {
    private ChannelOwnership() {
    }

    /** Throws IllegalStateException("File descriptor ... is used by transport ...") when a transport owns {@code ch}. */
    static void ensureNoTransport(SelectorEventLoop loop, SelectableChannel ch) {
        PollKey key = loop.poller().keyFor(ch);
        Object owner = key == null ? null : key.handler().owner();
        if (owner != null) {
            throw new IllegalStateException("File descriptor " + ch + " is used by transport " + owner);
        }
    }
}
