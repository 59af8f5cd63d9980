package org.jasyncio.scale;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client side of the scale tests, run in its own JVM so that the server's JVM holds only its own sockets.
 * Arguments: {@code port count [echo|idle]}. Opens {@code count} connections to 127.0.0.1:port with plain NIO (not
 * jasyncio, so the server is checked against an independent client), a window of them connecting at a time. In echo
 * mode every connection sends its own message and checks that exactly it comes back. Prints {@code OPEN count} once
 * every connection is open (and echoed), keeps them all open until a line {@code CLOSE} arrives on stdin, then closes
 * them all and prints {@code CLOSED}. Any failure prints {@code ERROR reason} and exits with status 1.
 */
public final class EchoClients {
    /** Connections in the middle of connecting or echoing at once: stays below the server's accept backlog. */
    private static final int WINDOW = 1000;
    private static final long DEADLINE_NANOS = 120_000_000_000L;

    private EchoClients() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        int count = Integer.parseInt(args[1]);
        boolean echo = args.length < 3 || args[2].equals("echo");
        try {
            SocketChannel[] channels = open(port, count, echo);
            System.out.println("OPEN " + count);
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null && !line.equals("CLOSE")) {
                // wait for the word
            }
            for (SocketChannel c : channels) {
                c.close();
            }
            System.out.println("CLOSED");
            System.out.flush();
        } catch (Throwable t) {
            System.out.println("ERROR " + t);
            System.out.flush();
            System.exit(1);
        }
    }

    static byte[] message(int i) {
        return ("connection #" + i + " says hello").getBytes(StandardCharsets.US_ASCII);
    }

    private static SocketChannel[] open(int port, int count, boolean echo) throws IOException {
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        SocketChannel[] channels = new SocketChannel[count];
        ByteBuffer[] replies = new ByteBuffer[count];
        long deadline = System.nanoTime() + DEADLINE_NANOS;
        try (Selector selector = Selector.open()) {
            int started = 0;
            int finished = 0;
            while (finished < count) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("only " + finished + " of " + count + " connections done in time");
                }
                while (started < count && started - finished < WINDOW) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    channels[started] = c;
                    if (c.connect(server)) {
                        c.register(selector, SelectionKey.OP_WRITE, started);
                    } else {
                        c.register(selector, SelectionKey.OP_CONNECT, started);
                    }
                    started++;
                }
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    int i = (Integer) key.attachment();
                    SocketChannel c = channels[i];
                    if (key.isConnectable()) {
                        c.finishConnect();
                        if (!echo) {
                            key.cancel();
                            finished++;
                            continue;
                        }
                        key.interestOps(SelectionKey.OP_WRITE);
                    } else if (key.isWritable()) {
                        ByteBuffer out = ByteBuffer.wrap(message(i));
                        c.write(out);
                        if (out.hasRemaining()) {
                            throw new IOException("a " + out.capacity() + "-byte message did not fit in a fresh socket");
                        }
                        replies[i] = ByteBuffer.allocate(out.capacity());
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        ByteBuffer reply = replies[i];
                        if (c.read(reply) < 0) {
                            throw new IOException("connection #" + i + " ended before its echo");
                        }
                        if (!reply.hasRemaining()) {
                            if (!Arrays.equals(reply.array(), message(i))) {
                                throw new IOException("connection #" + i + " got back "
                                        + new String(reply.array(), StandardCharsets.US_ASCII));
                            }
                            replies[i] = null;
                            key.cancel();
                            finished++;
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        }
        return channels;
    }
}
