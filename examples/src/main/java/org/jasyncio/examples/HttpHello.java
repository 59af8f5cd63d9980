package org.jasyncio.examples;

import static org.jasyncio.Asyncio.await;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;

/**
 * {@code http-hello [--port N] [--host H]}: answers every HTTP/1.1 request with "Hello, World!", keeping the
 * connection open (keep-alive) unless the client asks to close it or speaks HTTP/1.0 without keep-alive. Pipelined
 * requests are answered in order, all the answers of one read in one write. Ctrl-C stops it.
 *
 * <p>The whole server is one {@link Protocol}: bytes arrive in {@code dataReceived}, complete requests are cut out
 * of them, and the answers go back through the transport. Try {@code curl -v http://127.0.0.1:8080/} or
 * {@code wrk -c 50 -d 10 http://127.0.0.1:8080/}.
 */
public final class HttpHello {
    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: " + BODY.length + "\r\n"
            + "\r\n"
            + "Hello, World!").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RESPONSE_CLOSE = ("HTTP/1.1 200 OK\r\n"
            + "Content-Type: text/plain\r\n"
            + "Content-Length: " + BODY.length + "\r\n"
            + "Connection: close\r\n"
            + "\r\n"
            + "Hello, World!").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_REQUEST = ("HTTP/1.1 400 Bad Request\r\n"
            + "Content-Length: 0\r\n"
            + "Connection: close\r\n"
            + "\r\n").getBytes(StandardCharsets.US_ASCII);
    /** Headers larger than this are refused (400) instead of buffered without end. */
    private static final int MAX_HEAD = 16 * 1024;

    private HttpHello() {
    }

    /** One connection: buffers a partial request across reads, answers each complete one. */
    static final class HttpProtocol implements Protocol {
        private Transport transport;
        /** Bytes of a request not yet complete (null when none are pending). */
        private byte[] pending;
        /** Body bytes of the current request still to skip (a POST's Content-Length). */
        private long bodyLeft;
        private boolean closing;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public void dataReceived(byte[] data) {
            if (closing) {
                return;
            }
            byte[] buf = data;
            int len = data.length;
            if (pending != null) {
                buf = Arrays.copyOf(pending, pending.length + data.length);
                System.arraycopy(data, 0, buf, pending.length, data.length);
                len = buf.length;
                pending = null;
            }
            int pos = 0;
            byte[] first = null;                 // the answer, when this read held one request (the usual case)
            ByteArrayOutputStream all = null;    // all answers, when it held several (pipelining)
            while (pos < len && !closing) {
                if (bodyLeft > 0) {
                    int skip = (int) Math.min(bodyLeft, len - pos);
                    bodyLeft -= skip;
                    pos += skip;
                    continue;
                }
                int end = headEnd(buf, pos, len);
                byte[] response;
                if (end >= 0) {
                    response = respond(buf, pos, end);
                    pos = end;
                } else if (len - pos > MAX_HEAD) {
                    response = BAD_REQUEST;
                } else {
                    pending = Arrays.copyOfRange(buf, pos, len); // wait for the rest of the head
                    break;
                }
                if (first == null) {
                    first = response;
                } else {
                    if (all == null) {
                        all = new ByteArrayOutputStream(first.length * 4);
                        all.writeBytes(first);
                    }
                    all.writeBytes(response);
                }
                closing = response != RESPONSE;
            }
            if (all != null) {
                transport.write(all.toByteArray());
            } else if (first != null) {
                transport.write(first);
            }
            if (closing) {
                transport.close(); // close() sends what is buffered first
            }
        }

        /** The answer to the request whose head spans {@code [start, end)}; notes a body to skip. */
        private byte[] respond(byte[] buf, int start, int end) {
            int lineEnd = indexOf(buf, start, end, (byte) '\r');
            if (lineEnd < 0 || !startsWithIgnoreCase(buf, lineEnd - 8, lineEnd, "HTTP/1.")) {
                return BAD_REQUEST;
            }
            boolean keepAlive = buf[lineEnd - 1] != '0'; // HTTP/1.1 keeps the connection by default, 1.0 does not
            long contentLength = 0;
            int line = lineEnd + 2;
            while (line < end - 2) {
                int eol = indexOf(buf, line, end, (byte) '\r');
                int colon = indexOf(buf, line, eol, (byte) ':');
                if (colon > 0) {
                    int v = colon + 1;
                    while (v < eol && buf[v] == ' ') {
                        v++;
                    }
                    if (nameIs(buf, line, colon, "connection")) {
                        if (startsWithIgnoreCase(buf, v, eol, "close")) {
                            keepAlive = false;
                        } else if (startsWithIgnoreCase(buf, v, eol, "keep-alive")) {
                            keepAlive = true;
                        }
                    } else if (nameIs(buf, line, colon, "content-length")) {
                        try {
                            contentLength = Long.parseLong(new String(buf, v, eol - v, StandardCharsets.US_ASCII).trim());
                        } catch (NumberFormatException e) {
                            return BAD_REQUEST;
                        }
                    } else if (nameIs(buf, line, colon, "transfer-encoding")) {
                        return BAD_REQUEST; // chunked request bodies are beyond a hello-world server
                    }
                }
                line = eol + 2;
            }
            if (contentLength < 0) {
                return BAD_REQUEST;
            }
            bodyLeft = contentLength;
            return keepAlive ? RESPONSE : RESPONSE_CLOSE;
        }

        @Override
        public void connectionLost(Throwable exc) {
            transport = null;
            pending = null;
        }
    }

    /** The index just past the blank line ending a request head that starts at {@code from}, or -1. */
    static int headEnd(byte[] b, int from, int to) {
        for (int i = from + 3; i < to; i++) {
            if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static int indexOf(byte[] b, int from, int to, byte c) {
        for (int i = from; i < to; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    private static boolean nameIs(byte[] b, int from, int to, String name) {
        return to - from == name.length() && startsWithIgnoreCase(b, from, to, name);
    }

    private static boolean startsWithIgnoreCase(byte[] b, int from, int to, String s) {
        if (from < 0 || to - from < s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.toLowerCase(b[from + i]) != Character.toLowerCase(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    public static void main(String[] args) throws Exception {
        int port = 8080;
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Cli.port(args, ++i, "--port", USAGE);
                case "--host" -> host = Cli.value(args, ++i, "--host", USAGE);
                case "--help", "-h" -> Cli.help(USAGE);
                default -> Cli.fail("unknown option: " + args[i], USAGE);
            }
        }
        String h = host;
        int p = port;
        try {
            Asyncio.run(() -> {
                EventLoop loop = Asyncio.getRunningLoop();
                Server server = await(loop.createServer(HttpProtocol::new, h, p));
                for (ServerSocketChannel s : server.sockets()) {
                    InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
                    System.out.println("http-hello listening on http://" + a.getHostString() + ":" + a.getPort() + "/");
                }
                System.out.flush();
                Cli.serveUntilCtrlC(server);
                return null;
            });
        } catch (InterruptedException ctrlC) {
            System.out.println("http-hello stopped");
        }
    }

    static final String USAGE = """
            usage: http-hello [--port N] [--host H]
              Answers every HTTP/1.1 request with "Hello, World!" (keep-alive, pipelining), until Ctrl-C.
              --port N   port to listen on (default 8080; 0 picks a free one)
              --host H   address to listen on (default 127.0.0.1)""";
}
