package org.jasyncio;

/**
 * The queue was shut down: no more puts, and no more gets once it is empty (asyncio: {@code asyncio.QueueShutDown},
 * 3.13).
 *
 * <p>Thread-safe: what it carries is fixed when it is made.
 */
public class QueueShutDown extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The exception, without a message as asyncio's. */
    public QueueShutDown() {
        super();
    }
}
