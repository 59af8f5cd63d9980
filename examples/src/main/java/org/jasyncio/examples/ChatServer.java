package org.jasyncio.examples;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jasyncio.Asyncio;
import org.jasyncio.Event;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Server;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamWriter;
import org.jasyncio.TaskGroup;

/**
 * {@code chat-server --port N [--host H]}: a line-based chat over streams. Every line a member sends goes to every
 * other member as {@code "userN: line"}; joins and leaves are announced with {@code "* userN joined"} and
 * {@code "* userN left"}, and a new member is told its name first ({@code "* you are userN"}). Each connection is a
 * {@link TaskGroup} of two tasks: one reads the member's lines and hands them to the others' outboxes, one writes
 * the member's outbox and drains, so a slow member slows only itself. When either ends (EOF, reset), the group ends
 * the other. Ctrl-C stops the server cleanly.
 */
public final class ChatServer {
    static final String USAGE = """
            usage: chat-server --port N [--host H]
              --port N      listen on TCP port N (0: any free port)
              --host H      the address to listen on (default: every interface)
            Connect with any line-based client (nc HOST N); Ctrl-C stops the server.""";

    /** A member whose outbox holds more than this many lines is too slow to keep up, and is disconnected. */
    static final int MAX_OUTBOX = 10_000;

    private final Set<Member> members = new LinkedHashSet<>();
    private int joined;

    private ChatServer() {
    }

    /** One connection: its name, its writer, and the lines waiting to go to it. Loop thread only. */
    private static final class Member {
        final String name;
        final StreamWriter writer;
        final ArrayDeque<byte[]> outbox = new ArrayDeque<>();
        final Event pending = new Event();
        boolean leaving;

        Member(String name, StreamWriter writer) {
            this.name = name;
            this.writer = writer;
        }

        void send(String line) {
            if (outbox.size() >= MAX_OUTBOX) {
                writer.close(); // too slow: its own tasks end on the closed connection
                return;
            }
            outbox.add(line.getBytes(StandardCharsets.UTF_8));
            pending.set();
        }
    }

    private void broadcast(Member from, String line) {
        for (Member m : members) {
            if (m != from) {
                m.send(line);
            }
        }
    }

    /** The connection's handler: announce, run the member's two tasks in a group, announce the leave. */
    private void serve(StreamReader reader, StreamWriter writer) throws Exception {
        Member me = new Member("user" + (++joined), writer);
        me.send("* you are " + me.name + "\n");
        broadcast(me, "* " + me.name + " joined\n");
        members.add(me);
        try {
            TaskGroup.run(tg -> {
                tg.createTask(() -> {
                    receive(me, reader);
                    return null;
                });
                tg.createTask(() -> {
                    deliver(me);
                    return null;
                });
                return null;
            });
        } catch (ExceptionGroup e) {
            if (!e.exceptions().stream().allMatch(x -> x instanceof IOException)) {
                throw e; // reported by the server: a bug, not a member who went away
            }
        } finally {
            members.remove(me);
            broadcast(me, "* " + me.name + " left\n");
            writer.close();
        }
    }

    /**
     * Reads the member's lines until EOF and hands each to the others. A line over the reader's limit is refused;
     * when its end had not arrived yet, readline dropped only what was buffered, so the rest of it is skipped too.
     */
    private void receive(Member me, StreamReader reader) throws Exception {
        boolean skipRest = false;
        while (true) {
            byte[] line;
            try {
                line = Asyncio.await(reader.readline());
            } catch (IllegalArgumentException tooLong) {
                if (!skipRest) {
                    me.send("* line too long (the limit is " + reader.limit() + " bytes)\n");
                }
                skipRest = tooLong.getMessage().startsWith("Separator is not found");
                continue;
            }
            if (line.length == 0) {
                break;
            }
            if (skipRest) {
                skipRest = line[line.length - 1] != '\n';
                continue;
            }
            String text = new String(line, StandardCharsets.UTF_8);
            broadcast(me, me.name + ": " + (text.endsWith("\n") ? text : text + "\n"));
        }
        me.leaving = true;
        me.pending.set();
    }

    /** Writes the member's outbox as lines arrive in it, draining after each batch; ends once the member leaves. */
    private void deliver(Member me) throws Exception {
        while (true) {
            Asyncio.await(me.pending.waitAsync());
            me.pending.clear();
            byte[] line;
            while ((line = me.outbox.poll()) != null) {
                me.writer.write(line);
            }
            Asyncio.await(me.writer.drain());
            if (me.leaving) {
                return;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        Integer port = null;
        String host = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                case "--port" -> port = Integer.parseInt(value(args, ++i, "--port"));
                case "--host" -> host = value(args, ++i, "--host");
                default -> usage("unknown option: " + args[i]);
            }
        }
        if (port == null) {
            usage("give --port N");
        }
        ChatServer chat = new ChatServer();
        String h = host;
        int p = port;
        try {
            Asyncio.run(() -> {
                Server server = Asyncio.await(Asyncio.startServer(chat::serve, h, p));
                for (ServerSocketChannel s : server.sockets()) {
                    InetSocketAddress a = (InetSocketAddress) s.getLocalAddress();
                    System.out.println("chat-server listening on " + EchoServer.hostText(a) + ":" + a.getPort());
                }
                System.out.flush();
                Cli.serveUntilCtrlC(server);
                return null;
            });
        } catch (InterruptedException ctrlC) {
            System.out.println("chat-server stopped");
        }
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
