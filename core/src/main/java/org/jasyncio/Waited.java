package org.jasyncio;

import java.util.Set;

/**
 * What {@link Asyncio#wait} gives: the futures that were done when the waiting task resumed, and the others (asyncio:
 * the {@code (done, pending)} pair of {@code asyncio.wait}). Both sets are unmodifiable and hold the futures
 * themselves (identity), in the order they were passed.
 *
 * <p>Thread-safe to pass between threads as a value; the futures in the sets are loop-only.
 *
 * @param done the futures done (finished, failed or cancelled)
 * @param pending the futures not done yet
 */
public record Waited(Set<Future<?>> done, Set<Future<?>> pending) {
}
