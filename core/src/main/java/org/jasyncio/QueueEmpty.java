package org.jasyncio;

/** Queue.getNowait() found no item (asyncio: {@code asyncio.QueueEmpty}). */
public class QueueEmpty extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception, without a message as asyncio's. */
    public QueueEmpty() {
        super();
    }
}
