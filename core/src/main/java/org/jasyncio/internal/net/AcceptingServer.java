package org.jasyncio.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.jasyncio.BaseProtocol;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.jasyncio.internal.loop.IoHandler;
import org.jasyncio.internal.os.ErrnoText;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * asyncio's {@code Server} with the selector loop's accept path: each listening socket accepts in batches of up to
 * {@code backlog} connections per readiness event, and when the process runs out of descriptors it stops accepting
 * for {@link #ACCEPT_RETRY_DELAY} seconds instead of spinning.
 */
final class AcceptingServer implements Server {
    /** asyncio's {@code constants.ACCEPT_RETRY_DELAY}, in seconds. */
    static final double ACCEPT_RETRY_DELAY = 1.0;
    /**
     * asyncio's accept errnos that pause accepting (EMFILE, ENFILE, ENOBUFS, ENOMEM), their texts looked up while
     * descriptors are still there to do it.
     */
    private static final ErrnoText OUT_OF_RESOURCES = ErrnoText.of(ErrnoText.EMFILE, ErrnoText.ENFILE,
            ErrnoText.ENOBUFS, ErrnoText.ENOMEM);

    private final StreamNetworking streams;
    private final SelectorEventLoop loop;
    private final Supplier<? extends BaseProtocol> factory;
    private final int backlog;
    private final TlsOptions tls;
    private List<Listener> listeners;
    private final Set<SocketTransport> clients = new LinkedHashSet<>();
    private List<BaseFuture<Void>> waiters = new ArrayList<>();
    private boolean serving;
    private BaseFuture<Void> servingForever;
    /** asyncio's {@code keep_alive}: SO_KEEPALIVE on each accepted connection (Java cannot set it on the listener). */
    private final boolean keepAlive;

    AcceptingServer(StreamNetworking streams, List<ServerSocketChannel> sockets, Supplier<? extends BaseProtocol> factory,
            int backlog, Map<ServerSocketChannel, Object> unixInodes, TlsOptions tls, boolean keepAlive) {
        this.keepAlive = keepAlive;
        this.streams = streams;
        this.loop = streams.loop();
        this.factory = factory;
        this.backlog = Math.max(1, backlog);
        this.tls = tls;
        List<Listener> ls = new ArrayList<>(sockets.size());
        for (ServerSocketChannel s : sockets) {
            ls.add(new Listener(s, unixInodes == null ? null : unixInodes.get(s)));
        }
        this.listeners = ls;
        streams.track(this);
    }

    @Override
    public EventLoop getLoop() {
        return loop;
    }

    @Override
    public boolean isServing() {
        return serving;
    }

    @Override
    public List<ServerSocketChannel> sockets() {
        List<Listener> ls = listeners;
        if (ls == null) {
            return List.of();
        }
        List<ServerSocketChannel> out = new ArrayList<>(ls.size());
        for (Listener l : ls) {
            out.add(l.channel);
        }
        return List.copyOf(out);
    }

    /** asyncio's {@code _start_serving}: start polling every listening socket. */
    void beginServing() throws IOException {
        if (serving) {
            return;
        }
        serving = true;
        for (Listener l : listeners) {
            l.listen();
        }
    }

    @Override
    public Future<Void> startServing() {
        if (listeners == null) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        BaseFuture<Void> done = new BaseFuture<>(loop);
        try {
            beginServing();
        } catch (IOException e) {
            done.setException(e);
            return done;
        }
        // asyncio yields one iteration (sleep(0)) so the readers are in place before the caller goes on.
        loop.schedule(() -> {
            if (!done.done()) {
                done.setResult(null);
            }
        }, null);
        return done;
    }

    @Override
    public Future<Void> serveForever() {
        if (servingForever != null) {
            throw new IllegalStateException("server " + this + " is already being awaited on serve_forever()");
        }
        if (listeners == null) {
            throw new IllegalStateException("server " + this + " is closed");
        }
        BaseFuture<Void> forever = new BaseFuture<>(loop);
        try {
            beginServing();
        } catch (IOException e) {
            forever.setException(e);
            return forever;
        }
        servingForever = forever;
        ServeForever outer = new ServeForever(forever);
        forever.addDoneCallback(f -> {
            if (servingForever == forever) {
                servingForever = null;
            }
            if (f.cancelled()) {
                close();
                waitClosed().addDoneCallback(closed -> outer.end(f));
            }
        });
        return outer;
    }

    /**
     * What serveForever returns: asyncio's coroutine, which on cancellation closes the server and finishes (cancelled)
     * only once {@code wait_closed()} has. Cancelling it cancels the serving; it completes when the server has closed,
     * or at a further cancel during that wait.
     */
    private static final class ServeForever extends BaseFuture<Void> {
        private final BaseFuture<Void> serving;
        private String message;

        ServeForever(BaseFuture<Void> serving) {
            super(serving.loop());
            this.serving = serving;
        }

        @Override
        public boolean cancel(String msg) {
            if (done()) {
                return false;
            }
            if (!serving.done()) {
                message = msg;
                serving.cancel(msg);
            } else {
                // already awaiting wait_closed(): as in asyncio, a further cancel interrupts that wait
                cancelFuture(message != null ? message : msg);
            }
            return true;
        }

        /** The serving future ended: end as it did, with the message the caller's cancel gave. */
        void end(org.jasyncio.Future<Void> f) {
            if (done()) {
                return;
            }
            if (f.cancelled()) {
                cancelFuture(message);
            } else if (f.exception() != null) {
                setException(f.exception());
            } else {
                setResult(null);
            }
        }
    }

    @Override
    public void close() {
        List<Listener> ls = listeners;
        if (ls == null) {
            return;
        }
        listeners = null;
        for (Listener l : ls) {
            l.stop();
        }
        loop.poller().flushCancelled(); // asyncio's close stops listening at once: no connection may still land
        serving = false;
        BaseFuture<Void> forever = servingForever;
        if (forever != null && !forever.done()) {
            forever.cancel();
        }
        servingForever = null;
        streams.untrack(this);
        if (clients.isEmpty()) {
            wakeup();
        }
    }

    @Override
    public Future<Void> waitClosed() {
        BaseFuture<Void> waiter = new BaseFuture<>(loop);
        if (waiters == null) {
            waiter.setResult(null);
        } else {
            waiters.add(waiter);
        }
        return waiter;
    }

    @Override
    public void closeClients() {
        for (SocketTransport t : List.copyOf(clients)) {
            t.close();
        }
    }

    @Override
    public void abortClients() {
        for (SocketTransport t : List.copyOf(clients)) {
            t.abort();
        }
    }

    void attach(SocketTransport t) {
        clients.add(t);
    }

    void detach(SocketTransport t) {
        clients.remove(t);
        if (clients.isEmpty() && listeners == null) {
            wakeup();
        }
    }

    private void wakeup() {
        List<BaseFuture<Void>> ws = waiters;
        waiters = null;
        if (ws != null) {
            for (BaseFuture<Void> w : ws) {
                if (!w.done()) {
                    w.setResult(null);
                }
            }
        }
    }

    /** The loop is closing: release the listening sockets without waiting for anything. */
    void releaseOnLoopClose() {
        List<Listener> ls = listeners;
        listeners = null;
        if (ls != null) {
            for (Listener l : ls) {
                l.stop();
            }
        }
    }

    @Override
    public String toString() {
        return "<Server sockets=" + sockets() + ">";
    }

    /** One listening socket and its accept loop. */
    private final class Listener implements IoHandler {
        final ServerSocketChannel channel;
        /** The Unix socket file's inode at bind time, so that close removes only the file we made. */
        final Object unixInode;
        PollKey key;
        boolean stopped;

        Listener(ServerSocketChannel channel, Object unixInode) {
            this.channel = channel;
            this.unixInode = unixInode;
        }

        void listen() throws IOException {
            if (stopped) {
                return;
            }
            if (key == null || !key.isValid()) {
                key = loop.poller().register(channel, SelectionKey.OP_ACCEPT, this);
            } else {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        }

        @Override
        public void onReady(int readyOps) {
            for (int i = 0; i < backlog && !stopped; i++) {
                SocketChannel conn;
                try {
                    conn = channel.accept();
                } catch (IOException e) {
                    acceptFailed(e);
                    return;
                } catch (RuntimeException e) { // never out into the poller: the loop goes on, as asyncio's handle
                    Map<String, Object> ctx = new LinkedHashMap<>();
                    ctx.put("message", "Exception in callback accept on " + channel);
                    ctx.put("exception", e);
                    ctx.put("socket", channel);
                    loop.callExceptionHandler(ctx);
                    return;
                }
                if (conn == null) {
                    return;
                }
                connectionAccepted(conn);
            }
        }

        /**
         * asyncio's {@code _accept_connection2}, without the task: make the protocol (wrapped in a TLS layer when
         * the server has a context) and its transport. A failure is closed quietly, and reported in debug mode only.
         */
        private void connectionAccepted(SocketChannel conn) {
            BaseProtocol protocol = null;
            SocketTransport transport = null;
            try {
                conn.configureBlocking(false);
                if (keepAlive) {
                    conn.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
                }
                protocol = factory.get();
                if (protocol == null) {
                    throw new IllegalArgumentException("protocol factory returned null");
                }
                BaseProtocol raw = protocol;
                BaseFuture<Transport> handshake = null;
                if (tls != null) {
                    handshake = new BaseFuture<>(loop);
                    raw = streams.tls().wrap(protocol, tls.context(), true, null, -1, handshake, tls.handshakeTimeout(),
                            tls.shutdownTimeout()).rawProtocol();
                }
                transport = new SocketTransport(streams, conn, raw, AcceptingServer.this);
                transport.start(null, null);
                if (handshake != null) {
                    SocketTransport t = transport;
                    BaseProtocol p = protocol;
                    handshake.addDoneCallback(f -> {
                        if (f.cancelled() || f.exception() != null) {
                            t.close();
                            creationFailed(f.cancelled() ? new org.jasyncio.CancelledError() : f.exception(), p, t);
                        }
                    });
                }
            } catch (Throwable t) {
                if (transport != null) {
                    transport.abort();
                } else {
                    StreamNetworking.closeQuietly(conn);
                }
                creationFailed(t, protocol, transport);
            }
        }

        private void creationFailed(Throwable t, BaseProtocol protocol, SocketTransport transport) {
            if (!loop.getDebug()) {
                return;
            }
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Error on transport creation for incoming connection");
            ctx.put("exception", t);
            if (protocol != null) {
                ctx.put("protocol", protocol);
            }
            if (transport != null) {
                ctx.put("transport", transport);
            }
            loop.callExceptionHandler(ctx);
        }

        private void acceptFailed(IOException e) {
            if (OUT_OF_RESOURCES.errnoOf(e) != 0) {
                Map<String, Object> ctx = new LinkedHashMap<>();
                ctx.put("message", "socket.accept() out of system resource");
                ctx.put("exception", e);
                ctx.put("socket", channel);
                loop.callExceptionHandler(ctx);
                key.interestOps(0);
                loop.callLater(ACCEPT_RETRY_DELAY, () -> {
                    if (!stopped) {
                        key.interestOps(SelectionKey.OP_ACCEPT);
                    }
                });
                return;
            }
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "Exception in callback accept on " + channel);
            ctx.put("exception", e);
            ctx.put("socket", channel);
            loop.callExceptionHandler(ctx);
        }

        /** asyncio's {@code _stop_serving}: stop polling, remove our Unix socket file, close the socket. */
        void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            if (key != null) {
                key.cancel();
            }
            if (unixInode != null) {
                removeSocketFile();
            }
            try {
                channel.close();
            } catch (IOException e) {
                StreamNetworking.LOGGER.log(Level.WARNING, "error closing " + channel, e);
            }
        }

        private void removeSocketFile() {
            Path path = null;
            try {
                path = ((UnixDomainSocketAddress) channel.getLocalAddress()).getPath();
                if (unixInode.equals(Files.getAttribute(path, "unix:ino"))) {
                    Files.delete(path);
                }
            } catch (NoSuchFileException e) {
                // someone removed it already
            } catch (IOException | RuntimeException e) {
                StreamNetworking.LOGGER.log(Level.ERROR, "Unable to clean up listening UNIX socket " + path + ": " + e);
            }
        }
    }
}
