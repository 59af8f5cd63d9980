package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.function.BiConsumer;
import org.jasyncio.internal.loop.IoHandler;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * One non-blocking connect (asyncio's {@code _connect_sock} plus {@code sock_connect}). Once connected, the poll
 * registration it made is handed to the transport and this object relays readiness to it: a cancelled NIO key
 * cannot be replaced before the next select, so the registration is kept instead.
 */
final class Connector implements IoHandler {
    private final SelectorEventLoop loop;
    private final StreamNetworking streams;
    private final SocketAddress address;
    private final BiConsumer<Connector, Throwable> outcome;
    private SocketChannel channel;
    private PollKey key;
    private IoHandler relayTo;
    private boolean finished;

    /** {@code outcome} gets (this, null) on success or (this, error); at most once, never after {@link #abandon}. */
    Connector(StreamNetworking streams, SocketAddress address, BiConsumer<Connector, Throwable> outcome) {
        this.streams = streams;
        this.loop = streams.loop();
        this.address = address;
        this.outcome = outcome;
    }

    SocketAddress address() {
        return address;
    }

    SocketChannel channel() {
        return channel;
    }

    /** The registration made while connecting, or null when the connect completed at once. */
    PollKey key() {
        return key;
    }

    /** From now on readiness goes to {@code handler} (the transport), which owns the socket. */
    void relayTo(IoHandler handler) {
        relayTo = handler;
        streams.untrack(this);
    }

    /**
     * Opens a socket of {@code family}, binds it to the first of {@code locals} (null: none) that can be bound, as
     * asyncio's {@code _connect_sock}, and starts connecting.
     */
    void start(ProtocolFamily family, List<InetSocketAddress> locals) {
        try {
            channel = SocketChannel.open(family);
            streams.track(this);
            channel.configureBlocking(false);
            if (locals != null) {
                bindFirst(locals);
            }
            loop.poller().flushCancelled(); // as in sock_connect: a listener closed by the program must refuse
            if (channel.connect(address)) {
                succeed();
            } else {
                key = loop.poller().register(channel, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            fail(e instanceof IOException io ? connectFailed(io) : e);
        }
    }

    private void bindFirst(List<InetSocketAddress> locals) throws IOException {
        IOException last = null;
        for (InetSocketAddress local : locals) {
            try {
                channel.bind(local);
                return;
            } catch (IOException e) {
                last = rename(e, "error while attempting to bind on address " + Addresses.repr(local) + ": "
                        + String.valueOf(e.getMessage()).toLowerCase());
            }
        }
        throw last;
    }

    /** Starts connecting an already opened channel (create_unix_connection): errors are reported as they are. */
    void start(SocketChannel opened) {
        channel = opened;
        streams.track(this);
        try {
            loop.poller().flushCancelled();
            if (channel.connect(address)) {
                succeed();
            } else {
                key = loop.poller().register(channel, SelectionKey.OP_CONNECT, this);
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
    }

    @Override
    public void onReady(int readyOps) {
        IoHandler target = relayTo;
        if (target != null) {
            target.onReady(readyOps);
            return;
        }
        if (finished) {
            return;
        }
        try {
            if (channel.finishConnect()) {
                key.interestOps(0);
                succeed();
            }
        } catch (IOException e) {
            fail(connectFailed(e));
        }
    }

    @Override
    public Object owner() {
        return relayTo != null ? relayTo.owner() : null;
    }

    private void succeed() {
        finished = true;
        outcome.accept(this, null);
    }

    private void fail(Throwable e) {
        finished = true;
        closeQuietly();
        outcome.accept(this, e);
    }

    /** A losing or cancelled attempt, or the loop closing under it: stop and close without reporting. */
    void abandon() {
        finished = true;
        closeQuietly();
    }

    private void closeQuietly() {
        streams.untrack(this);
        if (key != null) {
            key.cancel();
        }
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing to report for a socket we are giving up on
            }
        }
    }

    /** asyncio's "Connect call failed (address)", keeping the exception's kind (ConnectException for refused). */
    private IOException connectFailed(IOException e) {
        if (e.getMessage() != null && e.getMessage().startsWith("error while attempting to bind")) {
            return e;
        }
        return rename(e, "Connect call failed " + Addresses.repr(address) + ": " + e.getMessage());
    }

    private static IOException rename(IOException e, String message) {
        IOException out;
        if (e instanceof ConnectException) {
            out = new ConnectException(message);
        } else if (e instanceof NoRouteToHostException) {
            out = new NoRouteToHostException(message);
        } else if (e instanceof java.net.BindException) {
            out = new java.net.BindException(message);
        } else if (e instanceof SocketException) {
            out = new SocketException(message);
        } else {
            out = new IOException(message);
        }
        out.initCause(e);
        return out;
    }
}
