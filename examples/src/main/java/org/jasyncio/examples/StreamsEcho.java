package org.jasyncio.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.jasyncio.Asyncio;
import org.jasyncio.Server;
import org.jasyncio.StreamHandler;

/**
 * {@code echo-server --streams}: the echo server written the way an asyncio program is, with streams. Each
 * connection is a task running a {@code read(65536)} / {@code write} / {@code drain} loop; Ctrl-C cancels the
 * server's main task and the program ends cleanly.
 */
final class StreamsEcho {
    private StreamsEcho() {
    }

    /** One connection: echo until the client ends its side, then close. A reset by the peer ends it quietly. */
    static final StreamHandler ECHO = (reader, writer) -> {
        try {
            byte[] data;
            while ((data = Asyncio.await(reader.read(65536))).length > 0) {
                writer.write(data);
                Asyncio.await(writer.drain());
            }
        } catch (IOException peerGone) {
            // the client reset the connection: nothing left to echo
        } finally {
            writer.close();
        }
    };

    static void serve(String host, Integer port, Path unix) throws Exception {
        try {
            Asyncio.run(() -> {
                Server server = Asyncio.await(unix != null
                        ? Asyncio.startUnixServer(ECHO, unix)
                        : Asyncio.startServer(ECHO, host, port));
                for (ServerSocketChannel s : server.sockets()) {
                    Object a = s.getLocalAddress();
                    String where = a instanceof InetSocketAddress inet
                            ? EchoServer.hostText(inet) + ":" + inet.getPort() : String.valueOf(a);
                    System.out.println("echo-server listening on " + where + " (streams)");
                }
                System.out.flush();
                Cli.serveUntilCtrlC(server);
                return null;
            });
        } catch (InterruptedException ctrlC) {
            System.out.println("echo-server stopped");
        }
    }
}
