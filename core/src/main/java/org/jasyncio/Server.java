package org.jasyncio;

import java.nio.channels.ServerSocketChannel;
import java.util.List;

/**
 * Listening sockets made by {@link EventLoop#createServer} or {@link EventLoop#createUnixServer}, and the
 * connections they accepted ({@code asyncio: asyncio.Server}). Each accepted connection gets a fresh protocol from
 * the factory given to the call that made the server.
 *
 * <!-- sample: statements
 *      given: EventLoop loop; class Echo implements Protocol {} -->
 * <pre>{@code
 * Server server = await(loop.createServer(Echo::new, "127.0.0.1", 8888));
 * try (server) {
 *     await(server.serveForever());          // until the task is cancelled
 * }
 * }</pre>
 *
 * <p>Loop-only: call from the loop thread.
 */
public interface Server extends AutoCloseable {
    /**
     * The loop the server runs on. asyncio: {@code Server.get_loop}.
     *
     * @return its loop
     */
    EventLoop getLoop();

    /**
     * Stops listening and closes the listening sockets; the connections already accepted stay open (see
     * {@link #closeClients()}). Closing twice does nothing. asyncio: {@code Server.close}.
     */
    @Override
    void close();

    /**
     * A future done once the server is closed and every connection it accepted has gone; done at once when that is
     * already so. asyncio: {@code Server.wait_closed}.
     *
     * @return a future of this server's loop
     */
    Future<Void> waitClosed();

    /**
     * Starts accepting connections, if not already (a server made with
     * {@link ServerOptions#startServing(boolean) startServing(false)} does not until now). asyncio:
     * {@code Server.start_serving}.
     *
     * @return a future done once the server accepts
     * @throws IllegalStateException when the server is closed
     */
    Future<Void> startServing();

    /**
     * Starts serving if needed and returns a future that completes only when cancelled; cancelling it (or the task
     * awaiting it) also closes the server. asyncio: {@code Server.serve_forever}.
     *
     * @return a future that never completes by itself
     * @throws IllegalStateException when the server is closed, or another {@code serveForever} is pending
     */
    Future<Void> serveForever();

    /**
     * Whether the server accepts connections. asyncio: {@code Server.is_serving}.
     *
     * @return true between serving and {@link #close()}
     */
    boolean isServing();

    /**
     * The listening sockets (one per address the host resolved to). asyncio: {@code Server.sockets}.
     *
     * @return an unmodifiable list; empty once closed
     */
    List<ServerSocketChannel> sockets();

    /**
     * Closes every connection the server accepted, after each has sent what it buffered. asyncio:
     * {@code Server.close_clients} (3.13).
     */
    void closeClients();

    /**
     * Aborts every connection the server accepted, dropping what they buffered. asyncio:
     * {@code Server.abort_clients} (3.13).
     */
    void abortClients();
}
