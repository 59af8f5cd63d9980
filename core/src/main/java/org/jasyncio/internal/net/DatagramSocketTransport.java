package org.jasyncio.internal.net;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.ArrayDeque;
import org.jasyncio.BaseProtocol;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.internal.loop.PollKey;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;
import org.jasyncio.internal.transport.ErrorReports;
import org.jasyncio.internal.transport.TransportBase;

/**
 * asyncio's {@code _SelectorDatagramTransport} over a non-blocking {@link DatagramChannel}. The poller calls
 * {@link #onReady} inline: one datagram is received per readiness (into the loop's shared receive buffer, then a
 * fresh array of exactly its size), and queued datagrams are sent when the channel is writable again. A datagram
 * is sent at once when nothing is queued; only one the kernel had no room for is copied and queued.
 */
class DatagramSocketTransport extends TransportBase implements DatagramTransport {
    /** asyncio counts each queued datagram's bytes plus this much for its header. */
    static final int HEADER_SIZE = 8;

    private final DatagramChannel channel;
    private final ByteBuffer receiveBuffer;
    /** The remote address given to create_datagram_endpoint (asyncio's {@code _address}), or null. */
    private final SocketAddress address;
    private final SocketAddress sockname;
    /** Set when the channel is connected: datagrams then go with write() and come from this peer only. */
    private final SocketAddress peername;
    private final PollKey key;
    private final ArrayDeque<Queued> buffer = new ArrayDeque<>();
    private int bufferSize;
    /** The protocol as the datagram protocol it must be. */
    private DatagramProtocol protocol;
    private Runnable releaseHook;

    DatagramSocketTransport(SelectorEventLoop loop, DatagramChannel channel, DatagramProtocol protocol,
            SocketAddress address, BaseFuture<Void> waiter, ByteBuffer receiveBuffer) throws IOException {
        super(loop);
        this.channel = channel;
        this.receiveBuffer = receiveBuffer;
        this.address = address;
        this.sockname = channel.getLocalAddress();
        this.peername = channel.getRemoteAddress();
        setProtocol(protocol);
        loop.ensureNoWatcher(channel);
        // Registered now, reading later: the channel is the transport's from here on, as in asyncio's _transports.
        this.key = loop.poller().register(channel, 0, this);
        loop.callSoon(() -> this.protocol.connectionMade(this));
        loop.callSoon(() -> {
            if (!isClosing()) {
                key.addInterest(SelectionKey.OP_READ); // only read once connection_made() has been called
            }
        });
        if (waiter != null) {
            loop.callSoon(() -> {
                if (!waiter.done()) {
                    waiter.setResult(null);
                }
            });
        }
    }

    // ------------------------------------------------------------------ reading

    /**
     * One readiness event. As asyncio's {@code _read_ready} and {@code _sendto_ready} run as handles, a protocol's
     * exception from them is reported and the endpoint goes on; anything else is its fatal error (TransportBase).
     */
    @Override
    protected void ready(int readyOps) {
        if ((readyOps & SelectionKey.OP_READ) != 0) {
            try {
                readReady();
            } catch (Throwable t) {
                reportCallbackError("_read_ready", t);
            }
        }
        if ((readyOps & SelectionKey.OP_WRITE) != 0 && !isLost()) {
            try {
                sendtoReady();
            } catch (Throwable t) {
                reportCallbackError("_sendto_ready", t);
            }
        }
    }

    private void readReady() {
        if (isConnectionLost()) {
            return;
        }
        ByteBuffer buf = receiveBuffer.clear();
        SocketAddress from;
        try {
            from = channel.receive(buf);
        } catch (IOException e) {
            protocol.errorReceived(e); // ICMP errors on a connected socket land here (PortUnreachableException)
            return;
        } catch (RuntimeException e) {
            fatalError(e, "Fatal read error on datagram transport");
            return;
        }
        if (from == null) {
            return; // spurious wake-up
        }
        byte[] data = new byte[buf.flip().remaining()];
        buf.get(data);
        protocol.datagramReceived(data, from);
    }

    // ------------------------------------------------------------------ writing

    @Override
    public void sendto(byte[] data) {
        sendto(data, null);
    }

    @Override
    public void sendto(byte[] data, SocketAddress addr) {
        if (data == null) {
            throw new IllegalArgumentException("data argument must be a bytes-like object, not 'null'");
        }
        if (address != null) {
            if (addr != null && !addr.equals(address)) {
                throw new IllegalArgumentException("Invalid address: must be None or " + address);
            }
            addr = address;
        }
        if (isConnectionLost()) {
            noteWriteAfterLoss("socket.send() raised exception.");
            return;
        }
        if (peername == null) {
            if (addr == null) {
                throw new IllegalArgumentException("sendto() needs an address: the endpoint has no remote address");
            }
            if (addr instanceof InetSocketAddress isa && isa.isUnresolved()) {
                throw new IllegalArgumentException("Invalid address: " + addr + " is unresolved");
            }
            if (sockname != null && (addr instanceof InetSocketAddress) != (sockname instanceof InetSocketAddress)) {
                // asyncio's TypeError from sock.sendto (say, a path for an AF_INET socket), here at the call as
                // the other address checks: the kernel is never asked, the endpoint stays open.
                throw new IllegalArgumentException("Invalid address: " + addr + " is not an address of this endpoint's"
                        + " family (it is bound to " + sockname + ")");
            }
        }
        if (buffer.isEmpty()) {
            try {
                if (transmit(ByteBuffer.wrap(data), addr)) {
                    return;
                }
                key.addInterest(SelectionKey.OP_WRITE);
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            } catch (RuntimeException e) {
                fatalError(e, "Fatal write error on datagram transport");
                return;
            }
        }
        buffer.add(new Queued(ByteBuffer.wrap(data.clone()), addr));
        bufferSize += data.length + HEADER_SIZE;
        maybePauseProtocol();
    }

    /**
     * Sends one datagram; false when the kernel had no room for it (it goes whole or not at all). On a connected
     * channel the peer is implied, as asyncio's send() ignores the address.
     */
    boolean transmit(ByteBuffer data, SocketAddress addr) throws IOException {
        int n;
        try {
            n = peername != null ? channel.write(data) : channel.send(data, addr);
        } catch (UnsupportedAddressTypeException e) {
            // An IPv6 destination for an IPv4 socket: asyncio's sendto fails in its lookup (gaierror, an OSError),
            // which goes to error_received while the endpoint goes on; another kind of address is its fatal error.
            Exception unsupported = Addresses.unsupported(addr, e);
            if (unsupported instanceof IOException io) {
                throw io;
            }
            throw (IllegalArgumentException) unsupported;
        }
        return n > 0 || !data.hasRemaining();
    }

    private void sendtoReady() {
        while (!buffer.isEmpty()) {
            Queued q = buffer.poll();
            bufferSize -= q.data.remaining() + HEADER_SIZE;
            try {
                if (!transmit(q.data, q.address)) {
                    buffer.addFirst(q); // try again later
                    bufferSize += q.data.remaining() + HEADER_SIZE;
                    break;
                }
            } catch (IOException e) {
                protocol.errorReceived(e);
                return;
            } catch (RuntimeException e) {
                fatalError(e, "Fatal write error on datagram transport");
                return;
            }
        }
        maybeResumeProtocol(); // may queue more
        if (buffer.isEmpty()) {
            key.removeInterest(SelectionKey.OP_WRITE);
            if (isClosing() && !isConnectionLost()) {
                drainedWhileClosing();
            }
        }
    }

    @Override
    protected int bufferedBytes() {
        return bufferSize;
    }

    @Override
    protected void dropBuffer() {
        buffer.clear();
        bufferSize = 0;
    }

    // ------------------------------------------------------------------ closing

    @Override
    protected void stopReading() {
        key.removeInterest(SelectionKey.OP_READ);
    }

    @Override
    protected void stopWriting() {
        key.removeInterest(SelectionKey.OP_WRITE);
    }

    @Override
    protected void scheduleLoss(Runnable lostCallback) {
        loop.callSoon(lostCallback);
    }

    /** Tells {@code hook} when the channel has been closed (the loop's list of live endpoints). */
    void whenReleased(Runnable hook) {
        releaseHook = hook;
    }

    /** Closes the channel and drops the registration; also used when the loop closes under a live endpoint. */
    @Override
    public void release() {
        key.cancel();
        try {
            channel.close();
        } catch (IOException e) {
            ErrorReports.LOGGER.log(Level.DEBUG, "closing " + channel + " failed", e);
        }
        Runnable hook = releaseHook;
        releaseHook = null;
        if (hook != null) {
            hook.run();
        }
    }

    /** Not the fatal path: asyncio lets it escape into the reader's or writer's handle, and the endpoint goes on. */
    private void reportCallbackError(String where, Throwable t) {
        reportFromReadyCallback(where, t);
    }

    @Override
    protected String asyncioName() {
        return "_SelectorDatagramTransport";
    }

    @Override
    protected String writeReadyName() {
        return "_sendto_ready";
    }

    // ------------------------------------------------------------------ BaseTransport

    @Override
    protected Object extra(String name) {
        return switch (name) {
            case "peername" -> peername;
            case "sockname" -> sockname;
            case "socket" -> channel;
            default -> null;
        };
    }

    @Override
    protected void acceptProtocol(BaseProtocol protocol) {
        if (!(protocol instanceof DatagramProtocol p)) {
            throw new IllegalArgumentException("a DatagramProtocol was expected, got " + protocol);
        }
        this.protocol = p;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("<_SelectorDatagramTransport");
        if (isLost()) {
            sb.append(" closed");
        } else if (isClosing()) {
            sb.append(" closing");
        }
        if (sockname != null) {
            sb.append(" sockname=").append(sockname);
        }
        if (peername != null) {
            sb.append(" peername=").append(peername);
        }
        return sb.append('>').toString();
    }

    /** A datagram waiting for room in the send buffer, and where it goes. */
    private record Queued(ByteBuffer data, SocketAddress address) {
    }
}
