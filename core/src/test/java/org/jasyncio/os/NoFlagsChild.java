package org.jasyncio.os;

import static org.jasyncio.Asyncio.await;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.Transport;
import org.jasyncio.internal.os.NativeSocketIo;
import org.jasyncio.internal.os.PosixSpawn;

/**
 * Run by {@link NoFlagsTest} in a JVM started with no flags: a TCP echo round trip, a subprocess and a signal sent to
 * it, then one line saying which paths were taken. Anything on standard error is a failure.
 */
public final class NoFlagsChild {
    public static void main(String[] args) throws Exception {
        String result = Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
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
            int port = ((java.net.InetSocketAddress) server.sockets().getFirst().getLocalAddress()).getPort();
            ByteArrayOutputStream echoed = new ByteArrayOutputStream();
            var done = loop.<Void>createFuture();
            var client = await(loop.createConnection(() -> new Protocol() {
                @Override
                public void dataReceived(byte[] data) {
                    echoed.writeBytes(data);
                    if (echoed.size() == 5) {
                        done.setResult(null);
                    }
                }
            }, "127.0.0.1", port));
            client.transport().write("hello".getBytes());
            await(Asyncio.waitFor(done, 10));
            client.transport().close();
            server.close();

            var child = await(loop.subprocessExec(() -> new SubprocessProtocol() {
            }, List.of("sleep", "30")));
            child.transport().sendSignal("SIGUSR1");
            for (int i = 0; i < 1000 && child.transport().getReturncode() == null; i++) {
                await(Asyncio.sleep(0.01));
            }
            Integer returncode = child.transport().getReturncode();
            child.transport().close();
            return echoed + " returncode=" + returncode;
        });
        System.out.println(result + " native-sockets=" + NativeSocketIo.available() + " native-spawn=" + PosixSpawn.available());
    }
}
