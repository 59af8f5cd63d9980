package org.jasyncio;

/** asyncio.ReadTransport. */
public interface ReadTransport extends BaseTransport {
    boolean isReading();

    void pauseReading();

    void resumeReading();
}
