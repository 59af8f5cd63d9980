package org.jasyncio;

/** asyncio.SubprocessProtocol. */
public interface SubprocessProtocol extends BaseProtocol {
    default void pipeDataReceived(int fd, byte[] data) {
    }

    default void pipeConnectionLost(int fd, Throwable exc) {
    }

    default void processExited() {
    }
}
