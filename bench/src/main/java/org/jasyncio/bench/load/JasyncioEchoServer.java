package org.jasyncio.bench.load;

import java.nio.ByteBuffer;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.EventLoop;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;

/**
 * The load harness's own jasyncio echo server on 127.0.0.1, for when the examples jar has none, and for the
 * BufferedProtocol variant (reads into one reused direct buffer, so a request allocates and copies nothing).
 * Usage: {@code JasyncioEchoServer --port N [--buffered]}.
 */
public final class JasyncioEchoServer {
    private JasyncioEchoServer() {
    }

    /** Writes back each chunk it receives. */
    static final class Echo implements Protocol {
        private Transport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    /**
     * Reads into one direct buffer per connection and writes it back: no array per read, and no copy into a
     * temporary direct buffer on either side (the transport copies only what the socket does not take).
     */
    static final class BufferedEcho implements BufferedProtocol {
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(256 * 1024);
        private Transport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public ByteBuffer getBuffer(int sizeHint) {
            return buffer.clear();
        }

        @Override
        public void bufferUpdated(int nbytes) {
            transport.write(buffer.flip());
        }
    }

    public static void main(String[] args) throws Exception {
        int port = 0;
        boolean buffered = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--buffered" -> buffered = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (usage: --port N [--buffered])");
            }
        }
        EventLoop loop = Asyncio.newEventLoop();
        try {
            Server server = buffered
                    ? loop.runUntilComplete(loop.createServer(BufferedEcho::new, "127.0.0.1", port))
                    : loop.runUntilComplete(loop.createServer(Echo::new, "127.0.0.1", port));
            System.out.println("listening on " + server.sockets().getFirst().socket().getLocalPort()
                    + (buffered ? " (jasyncio, BufferedProtocol)" : " (jasyncio)"));
            loop.runForever();
        } finally {
            loop.close();
        }
    }
}
