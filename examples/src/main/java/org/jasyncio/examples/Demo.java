package org.jasyncio.examples;

import static org.jasyncio.Asyncio.await;

import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;

/** {@code demo}: a short tour of what the library does, printed as it happens. */
public final class Demo {
    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("jasyncio demo");
        String answer = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            System.out.printf("  loop time %.3f s; callbacks run in the order they were scheduled:%n", loop.time());
            loop.callSoon(() -> System.out.println("    callSoon 1"));
            loop.callSoon(() -> System.out.println("    callSoon 2"));
            loop.callLater(0.05, () -> System.out.println("    callLater 50 ms"));
            await(Asyncio.sleep(0.1));

            System.out.println("  tasks await futures without blocking the loop:");
            Task<String> slow = loop.createTask(() -> {
                await(Asyncio.sleep(0.05));
                return "slow";
            }, "slow-task");
            Future<String> fromThread = loop.runInExecutor(null, () -> "computed in " + Thread.currentThread().getName().replaceAll("-\\d+$", ""));
            System.out.println("    " + await(Asyncio.gather(slow, fromThread)));

            System.out.println("  cancellation arrives at the await point:");
            Task<String> sleeper = loop.createTask(() -> {
                await(Asyncio.sleep(10));
                return "never";
            });
            loop.callLater(0.01, () -> sleeper.cancel("demo says stop"));
            try {
                await(sleeper);
            } catch (org.jasyncio.CancelledError e) {
                System.out.println("    CancelledError: " + e.getMessage());
            }

            System.out.println("  streams: a server and a client exchange a line on loopback:");
            org.jasyncio.Server server = await(loop.createServer(() -> new org.jasyncio.Protocol() {
                private org.jasyncio.Transport transport;

                @Override
                public void connectionMade(org.jasyncio.BaseTransport t) {
                    transport = (org.jasyncio.Transport) t;
                }

                @Override
                public void dataReceived(byte[] data) {
                    transport.write(("echo: " + new String(data, java.nio.charset.StandardCharsets.UTF_8)).getBytes(
                            java.nio.charset.StandardCharsets.UTF_8));
                }
            }, "127.0.0.1", 0));
            int port = ((java.net.InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
            Future<String> reply = loop.createFuture();
            org.jasyncio.Connection<org.jasyncio.Transport, org.jasyncio.Protocol> client = await(loop.createConnection(
                    () -> new org.jasyncio.Protocol() {
                        private final StringBuilder line = new StringBuilder();

                        @Override
                        public void dataReceived(byte[] data) {
                            line.append(new String(data, java.nio.charset.StandardCharsets.UTF_8));
                            if (line.indexOf("\n") >= 0 && !reply.done()) {
                                reply.setResult(line.toString().strip());
                            }
                        }
                    }, "127.0.0.1", port));
            client.transport().write("hello over TCP\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            System.out.println("    client got: " + await(reply));
            client.transport().close();
            server.close();
            await(server.waitClosed());
            return "done";
        });
        System.out.println("  Asyncio.run returned: " + answer);
    }
}
