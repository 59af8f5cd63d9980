package org.jasyncio;

/** asyncio.BaseProtocol: callbacks every transport makes. */
public interface BaseProtocol {
    default void connectionMade(BaseTransport transport) {
    }

    /** Called exactly once, last; {@code exc} is null on a clean EOF or close. */
    default void connectionLost(Throwable exc) {
    }

    default void pauseWriting() {
    }

    default void resumeWriting() {
    }
}
