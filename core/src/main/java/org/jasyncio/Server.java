package org.jasyncio;

import java.nio.channels.ServerSocketChannel;
import java.util.List;

/** asyncio.Server: listening sockets and the connections they accepted. */
public interface Server extends AutoCloseable {
    EventLoop getLoop();

    /** Stops listening; the connections already accepted stay open. */
    @Override
    void close();

    /** Completes once the server is closed and every connection it accepted has gone. */
    Future<Void> waitClosed();

    Future<Void> startServing();

    /** Starts serving if needed and completes only when cancelled (which also closes the server). */
    Future<Void> serveForever();

    boolean isServing();

    List<ServerSocketChannel> sockets();

    void closeClients();

    void abortClients();
}
