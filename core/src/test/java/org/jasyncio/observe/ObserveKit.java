package org.jasyncio.observe;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh loop per test recording what its exception handler gets, and the small programs the tests run on it. */
abstract class ObserveKit {
    EventLoop loop;
    final List<Map<String, Object>> reported = new ArrayList<>();

    @BeforeEach
    void openLoop() {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler((l, ctx) -> {
            synchronized (reported) {
                reported.add(ctx);
            }
        });
    }

    @AfterEach
    void closeLoop() {
        if (!loop.isClosed()) {
            loop.close();
        }
    }

    static boolean threadEngine() {
        return "thread".equals(System.getProperty("jasyncio.engine"));
    }

    List<String> reportedMessages() {
        synchronized (reported) {
            return reported.stream().map(m -> String.valueOf(m.get("message"))).toList();
        }
    }

    /** Echoes what it gets. */
    static final class Echo implements Protocol {
        Transport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
        }

        @Override
        public void dataReceived(byte[] data) {
            transport.write(data);
        }
    }

    /** Sends "ping", completes {@code got} with the answer and closes; {@code lost} completes at connectionLost. */
    static final class Ping implements Protocol {
        final Future<String> got;
        final Future<Void> lost;
        Transport transport;

        Ping(EventLoop loop) {
            got = loop.createFuture();
            lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (Transport) t;
            transport.write("ping".getBytes());
        }

        @Override
        public void dataReceived(byte[] data) {
            if (!got.done()) {
                got.setResult(new String(data));
            }
            transport.close();
        }

        @Override
        public void connectionLost(Throwable exc) {
            lost.setResult(null);
        }
    }

    /** One round trip over a real loopback TCP connection; returns the answer. */
    static String pingPong(EventLoop loop) throws Exception {
        Server server = loop.runUntilComplete(loop.createServer(Echo::new, "127.0.0.1", 0));
        try {
            int port = ((java.net.InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
            Connection<Transport, Ping> c = loop.runUntilComplete(loop.createConnection(() -> new Ping(loop), "127.0.0.1", port));
            String answer = within(loop, c.protocol().got);
            within(loop, c.protocol().lost);
            return answer;
        } finally {
            server.close();
            within(loop, server.waitClosed());
        }
    }

    /** Runs {@code sh -c "exit <status>"} to its end; returns its return code. */
    static int runChild(EventLoop loop, int status) throws Exception {
        Future<Void> lost = loop.createFuture();
        Connection<SubprocessTransport, SubprocessProtocol> c = loop.runUntilComplete(loop.subprocessExec(
                () -> new SubprocessProtocol() {
                    @Override
                    public void connectionLost(Throwable exc) {
                        lost.setResult(null);
                    }
                }, List.of("/bin/sh", "-c", "exit " + status)));
        within(loop, lost);
        return c.transport().getReturncode();
    }

    /** Runs the loop until {@code f} is done, 10 seconds at most. */
    static <T> T within(EventLoop loop, Future<T> f) throws Exception {
        return loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.waitFor(f, 10))));
    }

    /** Runs the loop for one iteration or so: a task that yields once. */
    static void spinOnce(EventLoop loop) throws Exception {
        loop.runUntilComplete(loop.createTask(() -> Asyncio.await(Asyncio.sleep(0))));
    }
}
