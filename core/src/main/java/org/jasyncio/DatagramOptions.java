package org.jasyncio;

import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;

/** The keyword arguments of {@code create_datagram_endpoint}. */
public record DatagramOptions(ProtocolFamily family, boolean reusePort, boolean allowBroadcast, DatagramChannel sock) {

    public static DatagramOptions defaults() {
        return new DatagramOptions(null, false, false, null);
    }

    public DatagramOptions family(ProtocolFamily v) {
        return new DatagramOptions(v, reusePort, allowBroadcast, sock);
    }

    public DatagramOptions reusePort(boolean v) {
        return new DatagramOptions(family, v, allowBroadcast, sock);
    }

    public DatagramOptions allowBroadcast(boolean v) {
        return new DatagramOptions(family, reusePort, v, sock);
    }

    public DatagramOptions sock(DatagramChannel v) {
        return new DatagramOptions(family, reusePort, allowBroadcast, v);
    }
}
