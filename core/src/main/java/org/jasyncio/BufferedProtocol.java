package org.jasyncio;

import java.nio.ByteBuffer;

/** asyncio.BufferedProtocol: the transport reads straight into a buffer the protocol provides. */
public interface BufferedProtocol extends BaseProtocol {
    /** A buffer to read into, at its position up to its limit; {@code sizeHint} is the preferred room. */
    ByteBuffer getBuffer(int sizeHint);

    void bufferUpdated(int nbytes);

    default boolean eofReceived() {
        return false;
    }
}
