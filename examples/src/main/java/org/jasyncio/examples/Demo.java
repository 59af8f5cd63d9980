package org.jasyncio.examples;

import static org.jasyncio.Asyncio.await;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import org.jasyncio.AsyncGenerator;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.CancelledError;
import org.jasyncio.Connection;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.DatagramTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Queue;
import org.jasyncio.Server;
import org.jasyncio.StopAsyncIteration;
import org.jasyncio.StreamReader;
import org.jasyncio.StreamWriter;
import org.jasyncio.Streams;
import org.jasyncio.Subprocess;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;
import org.jasyncio.Transport;

/** {@code demo}: a short tour of what the library does, each section printed as it happens. */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("jasyncio demo");
        String answer = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            callbacksAndTimers(loop);
            tasksAndExecutors(loop);
            cancellation(loop);
            asyncGenerator();
            tcpEcho(loop);
            udpEcho(loop);
            subprocess(loop);
            signal(loop);
            streamsAndTaskGroup();
            queueAndTimeout();
            subprocessCommunicate();
            return "done";
        });
        System.out.println("Asyncio.run returned: " + answer);
    }

    private static void callbacksAndTimers(EventLoop loop) throws Exception {
        System.out.printf("callbacks run in the order they were scheduled (loop time %.3f s):%n", loop.time());
        loop.callSoon(() -> System.out.println("  callSoon 1"));
        loop.callSoon(() -> System.out.println("  callSoon 2"));
        loop.callLater(0.05, () -> System.out.println("  callLater 50 ms"));
        await(Asyncio.sleep(0.1));
    }

    private static void tasksAndExecutors(EventLoop loop) throws Exception {
        System.out.println("tasks await futures without blocking the loop; blocking work goes to an executor:");
        Task<String> slow = loop.createTask(() -> {
            await(Asyncio.sleep(0.05));
            return "slow task";
        }, "slow-task");
        Future<String> fromThread = loop.runInExecutor(null,
                () -> "computed on " + Thread.currentThread().getName());
        System.out.println("  gather -> " + await(Asyncio.gather(slow, fromThread)));
    }

    private static void cancellation(EventLoop loop) throws Exception {
        System.out.println("cancellation arrives at the await point, with its message:");
        Task<String> sleeper = loop.createTask(() -> {
            await(Asyncio.sleep(10));
            return "never";
        });
        loop.callLater(0.01, () -> sleeper.cancel("demo says stop"));
        try {
            await(sleeper);
        } catch (CancelledError e) {
            System.out.println("  CancelledError: " + e.getMessage());
        }
        try {
            await(Asyncio.waitFor(Asyncio.sleep(10), 0.02));
        } catch (java.util.concurrent.TimeoutException e) {
            System.out.println("  waitFor(sleep(10), 0.02) -> TimeoutException");
        }
    }

    private static void asyncGenerator() throws Exception {
        System.out.println("an async generator that awaits between values:");
        AsyncGenerator<Integer> squares = new AsyncGenerator<>(out -> {
            for (int i = 1; i <= 3; i++) {
                await(Asyncio.sleep(0.01));
                out.emit(i * i);
            }
        });
        StringBuilder sb = new StringBuilder("  ");
        try {
            while (true) {
                sb.append(await(squares.next())).append(' ');
            }
        } catch (StopAsyncIteration end) {
            System.out.println(sb.append("(StopAsyncIteration)"));
        }
    }

    private static void tcpEcho(EventLoop loop) throws Exception {
        System.out.println("TCP: an echo server and a client on loopback:");
        Server server = await(loop.createServer(() -> new Protocol() {
            private Transport transport;

            @Override
            public void connectionMade(BaseTransport t) {
                transport = (Transport) t;
            }

            @Override
            public void dataReceived(byte[] data) {
                transport.write(data);
            }
        }, "127.0.0.1", 0));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        Future<String> reply = loop.createFuture();
        Connection<Transport, Protocol> client = await(loop.createConnection(() -> new Protocol() {
            private final StringBuilder line = new StringBuilder();

            @Override
            public void dataReceived(byte[] data) {
                line.append(new String(data, UTF_8));
                if (line.indexOf("\n") >= 0 && !reply.done()) {
                    reply.setResult(line.toString().strip());
                }
            }
        }, "127.0.0.1", port));
        client.transport().write("hello over TCP\n".getBytes(UTF_8));
        System.out.println("  client got back: " + await(reply) + " (server port " + port + ")");
        client.transport().close();
        server.close();
        await(server.waitClosed());
    }

    private static void udpEcho(EventLoop loop) throws Exception {
        System.out.println("UDP: datagram endpoints:");
        Connection<DatagramTransport, DatagramProtocol> echo = await(loop.createDatagramEndpoint(() -> new DatagramProtocol() {
            private DatagramTransport transport;

            @Override
            public void connectionMade(BaseTransport t) {
                transport = (DatagramTransport) t;
            }

            @Override
            public void datagramReceived(byte[] data, SocketAddress from) {
                transport.sendto(data, from);
            }
        }, new InetSocketAddress("127.0.0.1", 0), null));
        InetSocketAddress echoAddress = (InetSocketAddress) echo.transport().getExtraInfo("sockname");
        Future<String> answer = loop.createFuture();
        Connection<DatagramTransport, DatagramProtocol> client = await(loop.createDatagramEndpoint(() -> new DatagramProtocol() {
            @Override
            public void datagramReceived(byte[] data, SocketAddress from) {
                answer.setResult(new String(data, UTF_8));
            }
        }, null, echoAddress));
        client.transport().sendto("ping".getBytes(UTF_8));
        System.out.println("  sent ping, got back: " + await(Asyncio.waitFor(answer, 5)));
        client.transport().close();
        echo.transport().close();
    }

    private static void subprocess(EventLoop loop) throws Exception {
        System.out.println("subprocesses: output and exit status through a protocol:");
        StringBuilder output = new StringBuilder();
        Future<Integer> exited = loop.createFuture();
        SubprocessTransport[] transport = new SubprocessTransport[1];
        Connection<SubprocessTransport, SubprocessProtocol> child = await(loop.subprocessExec(() -> new SubprocessProtocol() {
            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                output.append(new String(data, UTF_8));
            }

            @Override
            public void connectionLost(Throwable exc) {
                exited.setResult(transport[0].getReturncode());
            }
        }, List.of("sh", "-c", "echo hello from pid $$; exit 3")));
        transport[0] = child.transport();
        int status = await(Asyncio.waitFor(exited, 10));
        System.out.println("  " + output.toString().strip() + " (pid " + child.transport().getPid() + "), exit status " + status);
    }

    private static void signal(EventLoop loop) throws Exception {
        System.out.println("Unix signals: a handler that runs on the loop thread:");
        Future<String> seen = loop.createFuture();
        loop.addSignalHandler("SIGUSR1", () -> seen.setResult("SIGUSR1 handled on " + Thread.currentThread().getName()));
        new ProcessBuilder("kill", "-USR1", String.valueOf(ProcessHandle.current().pid())).start();
        System.out.println("  " + await(Asyncio.waitFor(seen, 10)));
        loop.removeSignalHandler("SIGUSR1");
    }

    private static void streamsAndTaskGroup() throws Exception {
        System.out.println("streams: a line server (start_server) and three clients (open_connection) in a TaskGroup:");
        Server server = await(Asyncio.startServer((StreamReader reader, StreamWriter writer) -> {
            byte[] line;
            while ((line = await(reader.readline())).length > 0) {
                writer.write(new String(line, UTF_8).toUpperCase().getBytes(UTF_8));
                await(writer.drain());
            }
            writer.close();
        }, "127.0.0.1", 0));
        int port = ((InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
        List<Task<String>> clients = new java.util.ArrayList<>();
        TaskGroup.run(group -> {
            for (String word : List.of("one", "two", "three")) {
                clients.add(group.createTask(() -> {
                    Streams s = await(Asyncio.openConnection("127.0.0.1", port));
                    s.writer().write((word + "\n").getBytes(UTF_8));
                    await(s.writer().drain());
                    String reply = new String(await(s.reader().readline()), UTF_8).strip();
                    s.writer().close();
                    await(s.writer().waitClosed());
                    return reply;
                }));
            }
            return null;
        });
        List<String> replies = new java.util.ArrayList<>();
        for (Task<String> c : clients) {
            replies.add(c.result()); // every task of the group is done once TaskGroup.run returns
        }
        System.out.println("  replies: " + replies);
        server.close();
        await(server.waitClosed());
    }

    private static void queueAndTimeout() throws Exception {
        System.out.println("a Queue between a producer and a consumer task, and a timeout() block:");
        Queue<Integer> queue = new Queue<>(2);
        TaskGroup.run(group -> {
            group.createTask(() -> {
                for (int i = 1; i <= 5; i++) {
                    await(queue.put(i)); // waits while the queue holds 2
                }
                await(queue.put(-1));
                return null;
            });
            group.createTask(() -> {
                int sum = 0;
                for (int item; (item = await(queue.get())) != -1; ) {
                    sum += item;
                }
                System.out.println("  consumer summed " + sum);
                return null;
            });
            return null;
        });
        try {
            Asyncio.timeout(0.05, t -> await(Asyncio.sleep(10)));
        } catch (java.util.concurrent.TimeoutException e) {
            System.out.println("  timeout(0.05) around sleep(10) -> TimeoutException");
        }
    }

    private static void subprocessCommunicate() throws Exception {
        System.out.println("a subprocess with streams: communicate() writes stdin, collects stdout:");
        Subprocess child = await(Asyncio.createSubprocessExec(List.of("tr", "a-z", "A-Z"),
                SubprocessOptions.defaults())); // stdin, stdout, stderr as pipes (asyncio: stdin=PIPE, ...)
        Subprocess.Output out = await(child.communicate("shout this\n".getBytes(UTF_8)));
        System.out.println("  " + new String(out.stdout(), UTF_8).strip() + " (exit status " + child.returncode() + ")");
    }
}
