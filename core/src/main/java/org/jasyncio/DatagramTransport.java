package org.jasyncio;

import java.net.SocketAddress;

/** asyncio.DatagramTransport. */
public interface DatagramTransport extends BaseTransport {
    /** Sends to the remote address the endpoint was connected to. */
    void sendto(byte[] data);

    void sendto(byte[] data, SocketAddress address);

    void abort();

    int getWriteBufferSize();
}
