package org.jasyncio.internal.streams;

import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;

/**
 * A stream read waiting for data: the future its caller awaits. The reader wakes it once {@link #ready()} says the
 * read can end, but the read takes its bytes ({@link #finish()}) only when its outcome is first asked for, that is
 * when the awaiting task resumes. So a task cancelled after the wake-up leaves the bytes in the reader, exactly as an
 * asyncio read coroutine cancelled at its {@code await} does. Loop thread only.
 */
public abstract class PendingRead extends BaseFuture<byte[]> {
    /** Woken: the outcome is worked out on the first result()/exception(). */
    private boolean woken;
    private boolean resolved;
    private byte[] value;
    private Exception failure;

    protected PendingRead(SelectorEventLoop loop) {
        super(loop);
    }

    /** Whether the read can end now (asyncio's read coroutine would not wait again); may update the read's state. */
    public abstract boolean ready();

    /** Ends the read that {@link #ready()} said can end, taking its bytes from the reader. */
    public abstract byte[] finish() throws Exception;

    /**
     * The outcome when another read took the bytes between the wake-up and the resumption, which asyncio leaves
     * undefined.
     */
    protected abstract byte[] raced() throws Exception;

    /** Completes the future; its bytes are taken later, when the awaiting task asks for them. */
    public final void wake() {
        woken = true;
        super.setResult(null);
    }

    private void resolve() {
        if (resolved) {
            return;
        }
        resolved = true;
        try {
            value = ready() ? finish() : raced();
        } catch (Exception e) {
            failure = e;
        }
    }

    @Override
    public byte[] result() throws Exception {
        if (!woken) {
            return super.result();
        }
        resolve();
        if (failure != null) {
            throw failure;
        }
        return value;
    }

    @Override
    public Throwable exception() {
        if (!woken) {
            return super.exception();
        }
        resolve();
        return failure;
    }
}
