package org.jasyncio.internal.net;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ByteChannel;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.jasyncio.AddrInfo;
import org.jasyncio.Datagram;
import org.jasyncio.DatagramReceipt;
import org.jasyncio.Future;
import org.jasyncio.SocketType;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * The sock_* operations: one read, write, connect or accept on a raw non-blocking channel, as a future. Each tries
 * the system call at once and waits for readiness only when it would block (see {@link SocketWaiter}).
 */
public final class SocketOperations {
    /** Reads of up to this many bytes go through one reused direct buffer, then into an exact-size array. */
    private static final int SCRATCH_SIZE = 64 * 1024;
    /** A heap buffer is written this much at a time: the JDK copies all of a heap buffer's remaining bytes per write. */
    private static final int HEAP_WRITE_SLICE = 256 * 1024;

    private final SelectorEventLoop loop;
    private final Dns dns;
    private ByteBuffer scratch;

    public SocketOperations(SelectorEventLoop loop) {
        this.loop = loop;
        this.dns = new Dns(loop);
    }

    public <S extends SelectableChannel & ByteChannel> Future<byte[]> sockRecv(S sock, int nbytes) {
        checkSocket(sock);
        if (nbytes < 0) {
            throw new IllegalArgumentException("negative buffersize in recv");
        }
        return new Recv<>(this, sock, nbytes).start();
    }

    public <S extends SelectableChannel & ByteChannel> Future<Integer> sockRecvInto(S sock, ByteBuffer buf) {
        checkSocket(sock);
        if (buf == null) {
            throw new IllegalArgumentException("buf must not be null");
        }
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException("buf must be a writable buffer, got a read-only one");
        }
        return new RecvInto<>(loop, sock, buf).start();
    }

    /** Sends all of {@code data}'s remaining bytes; its position advances as they go, to its limit on success. */
    public <S extends SelectableChannel & ByteChannel> Future<Void> sockSendall(S sock, ByteBuffer data) {
        checkSocket(sock);
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        return new Sendall<>(loop, sock, data).start();
    }

    public Future<Void> sockConnect(SocketChannel sock, SocketAddress address) {
        checkSocket(sock);
        if (address == null) {
            throw new IllegalArgumentException("address must not be null");
        }
        Connect connect = new Connect(loop, sock);
        if (address instanceof InetSocketAddress isa && isa.isUnresolved()) {
            Future<List<AddrInfo>> resolved = dns.ensureResolved(isa, null, SocketType.STREAM);
            resolved.addDoneCallback(r -> connect.resolved(r));
            connect.future.addDoneCallback(f -> {
                if (f.cancelled()) {
                    resolved.cancel();
                }
            });
            return connect.future;
        }
        return connect.connect(address);
    }

    public Future<SocketChannel> sockAccept(ServerSocketChannel sock) {
        checkSocket(sock);
        return new Accept(loop, sock).start();
    }

    public Future<Long> sockSendfile(SocketChannel sock, FileChannel file, long offset, long count, boolean fallback) {
        checkSocket(sock);
        if (file == null) {
            throw new IllegalArgumentException("file must not be null");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be a non-negative integer (got " + offset + ")");
        }
        if (count < 0) {
            throw new IllegalArgumentException("count must be a positive integer (got " + count + ")");
        }
        return new SocketSendfile(loop, this, sock, file, offset, count, fallback).startSending();
    }

    public Future<Datagram> sockRecvfrom(DatagramChannel sock, int nbytes) {
        checkSocket(sock);
        if (nbytes < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom");
        }
        return new Recvfrom(this, sock, nbytes).start();
    }

    /** One datagram into {@code buf}'s room, at most {@code nbytes} of it (0: all the room). */
    public Future<DatagramReceipt> sockRecvfromInto(DatagramChannel sock, ByteBuffer buf, int nbytes) {
        checkSocket(sock);
        if (buf == null) {
            throw new IllegalArgumentException("buf must not be null");
        }
        if (buf.isReadOnly()) {
            throw new IllegalArgumentException("buf must be a writable buffer, got a read-only one");
        }
        if (nbytes < 0) {
            throw new IllegalArgumentException("negative buffersize in recvfrom_into");
        }
        if (nbytes > buf.remaining()) {
            throw new IllegalArgumentException("nbytes is greater than the length of the buffer");
        }
        return new RecvfromInto(loop, sock, buf, nbytes == 0 ? buf.remaining() : nbytes).start();
    }

    /** Sends one datagram to {@code address} (null: to the channel's connected peer). */
    public Future<Void> sockSendto(DatagramChannel sock, ByteBuffer data, SocketAddress address) {
        checkSocket(sock);
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (address == null && !sock.isConnected()) {
            throw new IllegalArgumentException("sendto() needs an address: the socket is not connected");
        }
        if (address instanceof InetSocketAddress isa && isa.isUnresolved()) {
            throw new IllegalArgumentException("Invalid address: " + address + " is unresolved");
        }
        return new Sendto(loop, sock, data, address).start();
    }

    private void checkSocket(SelectableChannel sock) {
        if (sock == null) {
            throw new IllegalArgumentException("sock must not be null");
        }
        if (sock.isBlocking()) {
            throw new IllegalArgumentException("the socket must be non-blocking");
        }
        if (loop.getDebug()) {
            loop.checkThread();
        }
    }

    /** A buffer to receive up to {@code nbytes} into: the shared direct one when it is big enough. */
    ByteBuffer receiveBuffer(int nbytes) {
        if (nbytes > SCRATCH_SIZE) {
            return ByteBuffer.allocate(nbytes);
        }
        ByteBuffer b = scratch;
        if (b == null) {
            b = scratch = ByteBuffer.allocateDirect(SCRATCH_SIZE);
        }
        return b.clear().limit(nbytes);
    }

    private static byte[] drain(ByteBuffer buf) {
        byte[] out = new byte[buf.flip().remaining()];
        buf.get(out);
        return out;
    }

    /** Writes what the channel takes now; a heap buffer goes a slice at a time (see {@link #HEAP_WRITE_SLICE}). */
    static int writeSome(ByteChannel channel, ByteBuffer data) throws IOException {
        if (data.isDirect() || data.remaining() <= HEAP_WRITE_SLICE || channel instanceof DatagramChannel) {
            return channel.write(data);
        }
        int limit = data.limit();
        int total = 0;
        try {
            while (data.hasRemaining()) {
                data.limit(Math.min(limit, data.position() + HEAP_WRITE_SLICE));
                int want = data.remaining();
                int n = channel.write(data);
                total += n;
                if (n < want) {
                    break;
                }
                data.limit(limit);
            }
        } finally {
            data.limit(limit);
        }
        return total;
    }

    /** java.nio's unchecked "wrong state" exceptions are OSErrors in asyncio (ENOTCONN, EISCONN, EALREADY). */
    static Exception asOsError(RuntimeException e) {
        String text = switch (e) {
            case NotYetConnectedException x -> "Transport endpoint is not connected";
            case AlreadyConnectedException x -> "Transport endpoint is already connected";
            case ConnectionPendingException x -> "Operation already in progress";
            default -> null;
        };
        if (text == null) {
            return e;
        }
        SocketException se = new SocketException(text);
        se.initCause(e);
        return se;
    }

    // ------------------------------------------------------------------ the operations

    private static final class Recv<S extends SelectableChannel & ByteChannel> extends SocketWaiter<byte[]> {
        private final SocketOperations ops;
        private final S sock;
        private final int nbytes;

        Recv(SocketOperations ops, S sock, int nbytes) {
            super(ops.loop, sock, false);
            this.ops = ops;
            this.sock = sock;
            this.nbytes = nbytes;
        }

        @Override
        boolean attempt() {
            if (nbytes == 0) {
                return succeed(new byte[0]);
            }
            ByteBuffer buf = ops.receiveBuffer(nbytes);
            try {
                if (sock instanceof DatagramChannel dc) {
                    // receive(), not read(): read() answers 0 both for "nothing yet" and for an empty datagram.
                    if (dc.receive(buf) == null) {
                        return false;
                    }
                } else {
                    int n = sock.read(buf);
                    if (n == 0) {
                        return false;
                    }
                    if (n < 0) {
                        return succeed(new byte[0]);
                    }
                }
            } catch (IOException e) {
                return fail(e);
            } catch (RuntimeException e) {
                return fail(asOsError(e));
            }
            return succeed(drain(buf));
        }
    }

    private static final class RecvInto<S extends SelectableChannel & ByteChannel> extends SocketWaiter<Integer> {
        private final S sock;
        private final ByteBuffer buf;

        RecvInto(SelectorEventLoop loop, S sock, ByteBuffer buf) {
            super(loop, sock, false);
            this.sock = sock;
            this.buf = buf;
        }

        @Override
        boolean attempt() {
            if (!buf.hasRemaining()) {
                return succeed(0);
            }
            try {
                if (sock instanceof DatagramChannel dc) {
                    int before = buf.position();
                    return dc.receive(buf) != null && succeed(buf.position() - before);
                }
                int n = sock.read(buf);
                if (n == 0) {
                    return false;
                }
                return succeed(Math.max(n, 0));
            } catch (IOException e) {
                return fail(e);
            } catch (RuntimeException e) {
                return fail(asOsError(e));
            }
        }
    }

    private static final class Sendall<S extends SelectableChannel & ByteChannel> extends SocketWaiter<Void> {
        private final S sock;
        private final ByteBuffer data;
        private boolean sentOnce;

        Sendall(SelectorEventLoop loop, S sock, ByteBuffer data) {
            super(loop, sock, true);
            this.sock = sock;
            this.data = data;
        }

        @Override
        boolean attempt() {
            if (!data.hasRemaining() && (sentOnce || !(sock instanceof DatagramChannel))) {
                return succeed(null);
            }
            try {
                int n = writeSome(sock, data);
                if (sock instanceof DatagramChannel && (n > 0 || !data.hasRemaining())) {
                    sentOnce = true;
                    data.position(data.limit());
                }
            } catch (IOException e) {
                return fail(e);
            } catch (RuntimeException e) {
                return fail(asOsError(e));
            }
            return !data.hasRemaining() && succeed(null);
        }
    }

    private static final class Connect extends SocketWaiter<Void> {
        private final SocketChannel sock;
        private SocketAddress address;

        Connect(SelectorEventLoop loop, SocketChannel sock) {
            super(loop, sock, true);
            this.sock = sock;
        }

        void resolved(Future<List<AddrInfo>> r) {
            if (future.done()) {
                return;
            }
            Throwable error = r.cancelled() ? null : r.exception();
            if (error != null) {
                future.setException(error);
            } else if (!r.cancelled()) {
                try {
                    connect(r.result().getFirst().address());
                } catch (Exception e) {
                    if (!future.done()) {
                        future.setException(e);
                    }
                }
            }
        }

        /** asyncio's _sock_connect: connect now, or wait until the channel is ready to finish connecting. */
        Future<Void> connect(SocketAddress address) {
            this.address = address;
            // A listener the program closed may still be open in the selector until its next poll; asyncio's close is
            // immediate, so its port must refuse this connect rather than queue it and reset it later.
            loop.poller().flushCancelled();
            try {
                if (sock.connect(address)) {
                    succeed(null);
                } else {
                    waitForReadiness();
                }
            } catch (ConnectionPendingException e) {
                waitForReadiness(); // EALREADY is a BlockingIOError in asyncio: wait for the pending connect to end
            } catch (IOException e) {
                fail(refusal(e));
            } catch (IllegalStateException e) {
                fail(asOsError(e));
            }
            return future;
        }

        @Override
        boolean attempt() {
            try {
                return sock.finishConnect() && succeed(null);
            } catch (IOException e) {
                return fail(refusal(e));
            }
        }

        /** asyncio's "Connect call failed (address)" on a refused connection, keeping the JDK's error as the cause. */
        private IOException refusal(IOException e) {
            if (!(e instanceof ConnectException)) {
                return e;
            }
            ConnectException c = new ConnectException("Connect call failed " + address + ": " + e.getMessage());
            c.initCause(e);
            return c;
        }
    }

    private static final class Accept extends SocketWaiter<SocketChannel> {
        private final ServerSocketChannel sock;

        Accept(SelectorEventLoop loop, ServerSocketChannel sock) {
            super(loop, sock, false);
            this.sock = sock;
        }

        @Override
        boolean attempt() {
            try {
                SocketChannel conn = sock.accept();
                if (conn == null) {
                    return false;
                }
                conn.configureBlocking(false);
                return succeed(conn);
            } catch (IOException e) {
                return fail(e);
            } catch (RuntimeException e) {
                return fail(asOsError(e));
            }
        }
    }

    private static final class Recvfrom extends SocketWaiter<Datagram> {
        private final SocketOperations ops;
        private final DatagramChannel sock;
        private final int nbytes;

        Recvfrom(SocketOperations ops, DatagramChannel sock, int nbytes) {
            super(ops.loop, sock, false);
            this.ops = ops;
            this.sock = sock;
            this.nbytes = nbytes;
        }

        @Override
        boolean attempt() {
            ByteBuffer buf = ops.receiveBuffer(nbytes);
            try {
                SocketAddress from = sock.receive(buf);
                return from != null && succeed(new Datagram(drain(buf), from));
            } catch (IOException e) {
                return fail(e);
            } catch (RuntimeException e) {
                return fail(asOsError(e));
            }
        }
    }

    private static final class RecvfromInto extends SocketWaiter<DatagramReceipt> {
        private final DatagramChannel sock;
        private final ByteBuffer buf;
        private final int nbytes;

        RecvfromInto(SelectorEventLoop loop, DatagramChannel sock, ByteBuffer buf, int nbytes) {
            super(loop, sock, false);
            this.sock = sock;
            this.buf = buf;
            this.nbytes = nbytes;
        }

        @Override
        boolean attempt() {
            // receive into a view cut to nbytes, so a longer datagram is truncated there, not at buf's limit
            int start = buf.position();
            ByteBuffer room = buf.duplicate().limit(start + nbytes);
            try {
                SocketAddress from = sock.receive(room);
                if (from == null) {
                    return false;
                }
                buf.position(room.position());
                return succeed(new DatagramReceipt(room.position() - start, from));
            } catch (IOException e) {
                return fail(e);
            } catch (RuntimeException e) {
                return fail(asOsError(e));
            }
        }
    }

    private static final class Sendto extends SocketWaiter<Void> {
        private final DatagramChannel sock;
        private final ByteBuffer data;
        private final SocketAddress address;

        Sendto(SelectorEventLoop loop, DatagramChannel sock, ByteBuffer data, SocketAddress address) {
            super(loop, sock, true);
            this.sock = sock;
            this.data = data;
            this.address = address;
        }

        @Override
        boolean attempt() {
            try {
                // A datagram goes whole or not at all: 0 with bytes left means no room in the send buffer yet.
                int n = address == null ? sock.write(data) : sock.send(data, address);
                return (n > 0 || !data.hasRemaining()) && succeed(null);
            } catch (IOException e) {
                return fail(e);
            } catch (RuntimeException e) {
                return fail(asOsError(e));
            }
        }
    }
}
