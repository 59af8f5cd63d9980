package org.jasyncio;

/**
 * A {@link Semaphore} that refuses to be released above its initial value (asyncio:
 * {@code asyncio.BoundedSemaphore}), which catches a release without a matching acquire.
 *
 * <p>Loop-only, as {@link Semaphore}.
 */
public class BoundedSemaphore extends Semaphore {
    private final int boundValue;

    /** A bounded semaphore with one permit (asyncio: {@code asyncio.BoundedSemaphore()}). */
    public BoundedSemaphore() {
        this(1);
    }

    /**
     * A bounded semaphore with {@code value} permits, which is also its bound.
     *
     * <p>asyncio: {@code asyncio.BoundedSemaphore(value)}.
     *
     * @param value the initial and highest number of permits
     * @throws IllegalArgumentException "Semaphore initial value must be >= 0"
     */
    public BoundedSemaphore(int value) {
        super(value);
        this.boundValue = value;
    }

    /**
     * Gives a permit back, as {@link Semaphore#release()}.
     *
     * <p>asyncio: {@code asyncio.BoundedSemaphore.release}; loop-only.
     *
     * @throws IllegalArgumentException "BoundedSemaphore released too many times" when the value is at its bound
     */
    @Override
    public void release() {
        if (core.value() >= boundValue) {
            throw new IllegalArgumentException("BoundedSemaphore released too many times");
        }
        super.release();
    }
}
