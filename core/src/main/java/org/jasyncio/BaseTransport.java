package org.jasyncio;

/** asyncio.BaseTransport. */
public interface BaseTransport {
    void close();

    boolean isClosing();

    /** Transport details by name: "peername", "sockname", "socket", "sslcontext", "ssl_object", "peercert", "cipher", "compression", "pipe", "subprocess". */
    Object getExtraInfo(String name);

    <V> V getExtraInfo(String name, V defaultValue);

    void setProtocol(BaseProtocol protocol);

    BaseProtocol getProtocol();
}
