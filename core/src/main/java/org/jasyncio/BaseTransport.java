package org.jasyncio;

/**
 * What every transport can do: close, say whether it is closing, describe itself, and swap its protocol
 * ({@code asyncio: asyncio.BaseTransport}). Transports are made by the loop (connection, server, pipe and subprocess
 * calls), never by users.
 *
 * <p>Loop-only: call these methods on the loop thread (from a callback or a task of the loop); from another thread
 * go through {@link EventLoop#callSoonThreadsafe}.
 */
public interface BaseTransport {
    /**
     * Closes the transport: buffered outgoing data is still sent, then the protocol's
     * {@link BaseProtocol#connectionLost} is called with null. Closing twice does nothing. asyncio:
     * {@code BaseTransport.close}.
     */
    void close();

    /**
     * True once the transport is closing or closed. asyncio: {@code BaseTransport.is_closing}.
     *
     * @return whether {@link #close()} (or an abort, or a fatal error) has begun
     */
    boolean isClosing();

    /**
     * A detail of the transport by asyncio's name, or null when this transport has none of that name. asyncio:
     * {@code BaseTransport.get_extra_info}.
     *
     * <p>The names: {@code "peername"}, {@code "sockname"} ({@link java.net.SocketAddress}), {@code "socket"} (the
     * NIO channel), {@code "sslcontext"}, {@code "ssl_object"} ({@link javax.net.ssl.SSLEngine}), {@code "peercert"},
     * {@code "cipher"}, {@code "compression"} (TLS transports), {@code "pipe"} (pipe transports) and
     * {@code "subprocess"} (subprocess transports).
     *
     * @param name the detail's name
     * @return the detail, or null
     */
    Object getExtraInfo(String name);

    /**
     * {@link #getExtraInfo(String)} with a fallback. asyncio: {@code get_extra_info(name, default)}.
     *
     * @param <V> the detail's type
     * @param name the detail's name
     * @param defaultValue what to return when the transport has no detail of that name
     * @return the detail, or {@code defaultValue}
     */
    <V> V getExtraInfo(String name, V defaultValue);

    /**
     * Hands the connection to another protocol: the next callbacks go to it. asyncio:
     * {@code BaseTransport.set_protocol}.
     *
     * @param protocol the new protocol, of the kind the transport delivers to
     */
    void setProtocol(BaseProtocol protocol);

    /**
     * The protocol the transport calls now. asyncio: {@code BaseTransport.get_protocol}.
     *
     * @return the current protocol
     */
    BaseProtocol getProtocol();
}
