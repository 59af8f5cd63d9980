package org.jasyncio.examples;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Path;
import org.jasyncio.BaseProtocol;
import org.jasyncio.BaseTransport;
import org.jasyncio.BufferedProtocol;
import org.jasyncio.EventLoop;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;

/**
 * {@code echo-server --port N [--host H] [--unix PATH] [--buffered | --streams]}: sends back every byte it receives,
 * over TCP or a Unix socket, until killed. With {@code --buffered} the protocol is a BufferedProtocol reading into
 * its own buffer; with {@code --streams} each connection is a task reading and writing streams ({@link StreamsEcho});
 * otherwise a Protocol whose dataReceived writes the bytes straight back.
 */
public final class EchoServer {
    static final String USAGE = """
            usage: echo-server --port N [--host H] [--unix PATH] [--buffered | --streams]
              --port N      listen on TCP port N (0: any free port)
              --host H      the address to listen on (default: every interface)
              --unix PATH   listen on a Unix socket instead
              --buffered    a BufferedProtocol reading into its own buffer
              --streams     streams: a task per connection, read(65536) / write / drain; Ctrl-C stops it cleanly""";

    private EchoServer() {
    }

    /** Protocol: every chunk received is written back. */
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
     * BufferedProtocol: reads into one direct buffer per connection, as large as the transport's reads, and writes
     * the bytes back from it: no array per read and no copy into a temporary direct buffer on write.
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
            transport.write(buffer.flip()); // the transport copies whatever the socket does not take at once
        }
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        String host = null;
        Path unix = null;
        boolean buffered = false;
        boolean streams = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--streams" -> streams = true;
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                case "--unix" -> unix = Path.of(value(args, ++i, "--unix"));
                case "--buffered" -> buffered = true;
                default -> usage("unknown option: " + args[i]);
            }
        }
        if (port == null && unix == null) {
            usage("give --port N (or --unix PATH)");
        }
        if (streams) {
            if (buffered) {
                usage("--buffered and --streams are two different servers: give one");
            }
            StreamsEcho.serve(host, port, unix);
            return;
        }
        boolean useBuffered = buffered;
        java.util.function.Supplier<BaseProtocol> factory = () -> useBuffered ? new BufferedEcho() : new Echo();
        EventLoop loop = org.jasyncio.Asyncio.newEventLoop();
        try {
            Server server = unix != null
                    ? loop.runUntilComplete(loop.createUnixServer(factory, unix))
                    : loop.runUntilComplete(loop.createServer(factory, host, port));
            for (ServerSocketChannel s : server.sockets()) {
                Object a = s.getLocalAddress();
                String where = a instanceof InetSocketAddress inet ? hostText(inet) + ":" + inet.getPort() : String.valueOf(a);
                System.out.println("echo-server listening on " + where + (useBuffered ? " (BufferedProtocol)" : " (Protocol)"));
            }
            System.out.flush();
            loop.runUntilComplete(server.serveForever());
        } finally {
            loop.close();
        }
    }

    static String hostText(InetSocketAddress a) {
        if (!(a.getAddress() instanceof java.net.Inet6Address v6)) {
            return a.getAddress().getHostAddress();
        }
        return v6.isAnyLocalAddress() ? "[::]" : "[" + v6.getHostAddress() + "]";
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            usage(option + " needs a value");
        }
        return args[i];
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
