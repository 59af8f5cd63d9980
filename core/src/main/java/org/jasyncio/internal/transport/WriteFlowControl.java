package org.jasyncio.internal.transport;

import org.jasyncio.BaseProtocol;
import org.jasyncio.internal.loop.SelectorEventLoop;

/**
 * asyncio's flow-control rule for any write side: above the high-water mark the protocol is told to pause writing,
 * at or below the low-water mark to resume, exactly once per crossing. Shared by socket, pipe and datagram transports.
 */
public final class WriteFlowControl {
    /** asyncio's default high-water mark; the low-water mark defaults to a quarter of the high one. */
    public static final int DEFAULT_HIGH = 64 * 1024;

    private final SelectorEventLoop loop;
    private final Object transport;
    private int high = DEFAULT_HIGH;
    private int low = DEFAULT_HIGH / 4;
    private boolean paused;

    public WriteFlowControl(SelectorEventLoop loop, Object transport) {
        this.loop = loop;
        this.transport = transport;
    }

    public int high() {
        return high;
    }

    public int low() {
        return low;
    }

    public boolean isPaused() {
        return paused;
    }

    /**
     * {@code set_write_buffer_limits(high)}: low becomes high // 4, Python's floor division, so a negative high is
     * refused naming the same low that asyncio names.
     */
    public void setLimits(int high) {
        setLimits(high, Math.floorDiv(high, 4));
    }

    /** {@code set_write_buffer_limits(high, low)}; IllegalArgumentException unless high >= low >= 0. */
    public void setLimits(int high, int low) {
        if (!(high >= low && low >= 0)) {
            throw new IllegalArgumentException("high (" + high + ") must be >= low (" + low + ") must be >= 0");
        }
        this.high = high;
        this.low = low;
    }

    /** After the buffer grew to {@code size}: pauses the protocol if it crossed the high-water mark. */
    public void maybePause(int size, BaseProtocol protocol) {
        if (size <= high || paused) {
            return;
        }
        paused = true;
        try {
            protocol.pauseWriting();
        } catch (Throwable t) {
            report("protocol.pause_writing() failed", t, protocol);
        }
    }

    /** After the buffer shrank to {@code size}: resumes the protocol if it is at or below the low-water mark. */
    public void maybeResume(int size, BaseProtocol protocol) {
        if (!paused || size > low) {
            return;
        }
        paused = false;
        try {
            protocol.resumeWriting();
        } catch (Throwable t) {
            report("protocol.resume_writing() failed", t, protocol);
        }
    }

    private void report(String message, Throwable t, BaseProtocol protocol) {
        ErrorReports.report(loop, message, t, transport, protocol);
    }
}
