package org.jasyncio;

/**
 * Queue.putNowait() found the queue full (asyncio: {@code asyncio.QueueFull}).
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class QueueFull extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception, without a message as asyncio's. */
    public QueueFull() {
        super();
    }
}
