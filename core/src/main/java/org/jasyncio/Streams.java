package org.jasyncio;

/**
 * The reader and writer of one stream connection, as {@link Asyncio#openConnection} completes with.
 *
 * <p>Thread-safe to pass between threads as a value; the reader and writer it holds are loop-only.
 *
 * @param reader what the peer sends
 * @param writer what goes to the peer
 *
 * <p>asyncio: the {@code (reader, writer)} pair of {@code asyncio.open_connection}.
 */
public record Streams(StreamReader reader, StreamWriter writer) {
}
