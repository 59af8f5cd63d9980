package org.jasyncio.internal.loop;

/**
 * Whatever owns a registration with the {@link Poller}: a transport, a server's accept loop, or the readers and
 * writers added with {@code addReader}/{@code addWriter}. The poller calls it inline, on the loop thread, as soon as
 * the channel is ready: no handle, no queue hop.
 */
public interface IoHandler {
    /** The channel is ready for the {@code java.nio.channels.SelectionKey} operations in {@code readyOps}. */
    void onReady(int readyOps);

    /** The transport or server that owns the channel, for asyncio's "is used by transport" error; null for plain readers/writers. */
    default Object owner() {
        return null;
    }
}
