package org.jasyncio;

/**
 * What a streams server runs for each connection it accepts ({@link Asyncio#startServer}): a new task per
 * connection calls {@link #handle} with the connection's reader and writer, so the handler may await. An exception
 * it throws is reported to the loop's exception handler ("Unhandled exception in client_connected_cb") and closes
 * that connection; a cancelled handler closes it too.
 *
 * <!-- sample: statements -->
 * <pre>{@code
 * StreamHandler echo = (reader, writer) -> {
 *     byte[] line;
 *     while ((line = await(reader.readline())).length > 0) {   // empty at EOF
 *         writer.write(line);
 *         await(writer.drain());
 *     }
 *     writer.close();
 * };
 * Server server = await(Asyncio.startServer(echo, "127.0.0.1", 8888));
 * }</pre>
 *
 * <p>asyncio: the {@code client_connected_cb} of {@code asyncio.start_server}.
 *
 * <p>Loop-only: it runs in a task of the server's loop, and the reader and writer it gets are loop-only too.
 */
@FunctionalInterface
public interface StreamHandler {
    /**
     * Serves one connection, inside its own task.
     *
     * @param reader what the client sends
     * @param writer what goes back to the client
     * @throws Exception anything: it is reported and the connection closed
     */
    void handle(StreamReader reader, StreamWriter writer) throws Exception;
}
