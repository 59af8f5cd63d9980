package org.jasyncio;

/** asyncio.Protocol: a stream protocol that receives fresh byte arrays. */
public interface Protocol extends BaseProtocol {
    default void dataReceived(byte[] data) {
    }

    /** The peer closed its writing side; return true to keep ours open (half-close), false to close. */
    default boolean eofReceived() {
        return false;
    }
}
