package org.jasyncio.internal.net;

import java.net.InetSocketAddress;
import java.util.function.Supplier;
import org.jasyncio.Connection;
import org.jasyncio.DatagramOptions;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;

/** Datagram endpoints for one loop. */
public final class DatagramNetworking {
    private final SelectorEventLoop loop;

    public DatagramNetworking(SelectorEventLoop loop) {
        this.loop = loop;
    }

    public <P extends DatagramProtocol> Future<Connection<DatagramTransport, P>> createDatagramEndpoint(Supplier<P> factory,
            InetSocketAddress localAddr, InetSocketAddress remoteAddr, DatagramOptions options) {
        throw new UnsupportedOperationException("createDatagramEndpoint: in progress");
    }
}
