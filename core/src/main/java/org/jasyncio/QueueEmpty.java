package org.jasyncio;

/**
 * Queue.getNowait() found no item (asyncio: {@code asyncio.QueueEmpty}).
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception, without a message as asyncio's. */
    public QueueEmpty() {
        super();
    }
}
