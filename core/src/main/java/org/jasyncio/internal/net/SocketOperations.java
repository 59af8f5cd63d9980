package org.jasyncio.internal.net;

import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.DatagramChannel;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import org.jasyncio.Datagram;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** The sock_* operations: one read, write, connect or accept on a raw non-blocking channel, as a future. */
public final class SocketOperations {
    private final SelectorEventLoop loop;

    public SocketOperations(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public <S extends SelectableChannel & ByteChannel> Future<byte[]> sockRecv(S sock, int nbytes) {
        throw new UnsupportedOperationException("sockRecv: in progress");
    }

    public <S extends SelectableChannel & ByteChannel> Future<Integer> sockRecvInto(S sock, ByteBuffer buf) {
        throw new UnsupportedOperationException("sockRecvInto: in progress");
    }

    public <S extends SelectableChannel & ByteChannel> Future<Void> sockSendall(S sock, ByteBuffer data) {
        throw new UnsupportedOperationException("sockSendall: in progress");
    }

    public Future<Void> sockConnect(SocketChannel sock, SocketAddress address) {
        throw new UnsupportedOperationException("sockConnect: in progress");
    }

    public Future<SocketChannel> sockAccept(ServerSocketChannel sock) {
        throw new UnsupportedOperationException("sockAccept: in progress");
    }

    public Future<Long> sockSendfile(SocketChannel sock, FileChannel file, long offset, long count, boolean fallback) {
        throw new UnsupportedOperationException("sockSendfile: in progress");
    }

    public Future<Datagram> sockRecvfrom(DatagramChannel sock, int nbytes) {
        throw new UnsupportedOperationException("sockRecvfrom: in progress");
    }

    public Future<Void> sockSendto(DatagramChannel sock, ByteBuffer data, SocketAddress address) {
        throw new UnsupportedOperationException("sockSendto: in progress");
    }
}
