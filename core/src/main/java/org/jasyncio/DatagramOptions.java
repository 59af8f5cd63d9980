package org.jasyncio;

import java.net.ProtocolFamily;
import java.nio.channels.DatagramChannel;

/**
 * The keyword arguments of {@code loop.create_datagram_endpoint}: an immutable value; each wither returns a copy with
 * one option changed.
 *
 * <p>Immutable and thread-safe.
 *
 * @param family restricts the addresses to {@link java.net.StandardProtocolFamily#INET} or {@code INET6}; null to
 *     follow the addresses given
 * @param reusePort {@code SO_REUSEPORT}, so several endpoints can share the port
 * @param allowBroadcast {@code SO_BROADCAST}, needed to send to a broadcast address
 * @param sock an already made channel to use instead of opening one (the addresses must then be null)
 */
public record DatagramOptions(ProtocolFamily family, boolean reusePort, boolean allowBroadcast, DatagramChannel sock) {

    /**
     * asyncio's defaults: no family restriction, no SO_REUSEPORT, no broadcast.
     *
     * @return the default options
     */
    public static DatagramOptions defaults() {
        return new DatagramOptions(null, false, false, null);
    }

    /**
     * The address family. asyncio: {@code family=}.
     *
     * @param v INET, INET6, or null
     * @return a copy with this option
     */
    public DatagramOptions family(ProtocolFamily v) {
        return new DatagramOptions(v, reusePort, allowBroadcast, sock);
    }

    /**
     * {@code SO_REUSEPORT}. asyncio: {@code reuse_port=}.
     *
     * @param v whether to set it
     * @return a copy with this option
     */
    public DatagramOptions reusePort(boolean v) {
        return new DatagramOptions(family, v, allowBroadcast, sock);
    }

    /**
     * {@code SO_BROADCAST}. asyncio: {@code allow_broadcast=}.
     *
     * @param v whether to set it
     * @return a copy with this option
     */
    public DatagramOptions allowBroadcast(boolean v) {
        return new DatagramOptions(family, reusePort, v, sock);
    }

    /**
     * A channel to use instead of opening one. asyncio: {@code sock=}.
     *
     * @param v the channel, or null
     * @return a copy with this option
     */
    public DatagramOptions sock(DatagramChannel v) {
        return new DatagramOptions(family, reusePort, allowBroadcast, v);
    }
}
