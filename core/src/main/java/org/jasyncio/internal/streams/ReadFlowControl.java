package org.jasyncio.internal.streams;

import org.jasyncio.ReadTransport;

/**
 * The read side's flow-control rule of a stream reader (asyncio's StreamReader {@code _paused}): with more than twice
 * the limit buffered the transport is paused, at or below the limit it is resumed, and a read that must wait resumes
 * it at once, as waiting on a paused transport would never end. A transport that cannot pause is dropped: everything
 * is then buffered. Loop thread only.
 */
public final class ReadFlowControl {
    private ReadTransport transport;
    private boolean paused;

    /** asyncio's {@code set_transport}: the transport to pause and resume, set once. */
    public void setTransport(ReadTransport t) {
        if (transport != null) {
            throw new IllegalStateException("Transport already set");
        }
        transport = t;
    }

    /** The transport, or null (none set, or it could not pause). */
    public ReadTransport transport() {
        return transport;
    }

    /** Whether the transport is paused now. */
    public boolean paused() {
        return paused;
    }

    /** After data arrived with no read waiting for more: pauses the transport above twice {@code limit}. */
    public void maybePause(int buffered, int limit) {
        if (transport != null && !paused && buffered > 2 * limit) {
            try {
                transport.pauseReading();
                paused = true;
            } catch (UnsupportedOperationException cannotPause) {
                transport = null; // it cannot pause: everything is buffered, and we stop trying
            }
        }
    }

    /** asyncio's {@code _maybe_resume_transport}: after a read took bytes, resumes at or below {@code limit}. */
    public void maybeResume(int buffered, int limit) {
        if (paused && buffered <= limit) {
            paused = false;
            transport.resumeReading();
        }
    }

    /** A read is about to wait: resumes the transport whatever is buffered (readexactly beyond twice the limit). */
    public void resumeToWait() {
        if (paused) {
            paused = false;
            transport.resumeReading();
        }
    }
}
