package org.jasyncio;

/**
 * The callbacks every transport makes on its protocol ({@code asyncio: asyncio.BaseProtocol}). A protocol is the
 * callback side of a connection: the loop calls these methods on its own thread, one at a time, so a protocol needs
 * no locking as long as only loop callbacks and tasks of the same loop touch it.
 *
 * <p>Every method has an empty default; implement {@link Protocol}, {@link BufferedProtocol},
 * {@link DatagramProtocol} or {@link SubprocessProtocol} rather than this interface directly. An exception thrown
 * from a callback is reported to the loop's exception handler and closes that transport; it never ends the loop.
 *
 * <p>Loop-only: called by the loop thread.
 */
public interface BaseProtocol {
    /**
     * The connection is made; called once, first, with the transport to read from and write to (keep it).
     * asyncio: {@code BaseProtocol.connection_made}.
     *
     * @param transport the transport of this connection; cast it to {@link Transport}, {@link DatagramTransport},
     *     {@link SubprocessTransport}, {@link ReadTransport} or {@link WriteTransport} as the call that made it says
     */
    default void connectionMade(BaseTransport transport) {
    }

    /**
     * The connection is gone; called exactly once, last, after every other callback. asyncio:
     * {@code BaseProtocol.connection_lost}.
     *
     * @param exc null on a clean end of stream or a {@code close()}; otherwise the error that ended the connection
     */
    default void connectionLost(Throwable exc) {
    }

    /**
     * The transport's write buffer went over its high-water mark: stop writing until {@link #resumeWriting()}
     * (writes still succeed, they only buffer). asyncio: {@code BaseProtocol.pause_writing}.
     */
    default void pauseWriting() {
    }

    /**
     * The transport's write buffer drained to its low-water mark after a {@link #pauseWriting()}: writing may go on.
     * asyncio: {@code BaseProtocol.resume_writing}.
     */
    default void resumeWriting() {
    }
}
