package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jasyncio.Asyncio;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.EventLoop;
import org.jasyncio.Server;
import org.jasyncio.SubprocessProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shutdown with everything still live: a server with an open connection on each end, a Unix server, subprocesses,
 * executor jobs still running and tasks still pending. {@code Asyncio.run} (and a plain {@code loop.close()} after
 * the run) must leave no descriptor, thread or child process behind: counted from /proc/self/fd, the platform
 * threads alive, and this process's children in /proc.
 */
@Timeout(120)
class ShutdownTest {
    private static final int ROUNDS = 3;

    /** Opens every kind of resource and returns with all of them live. */
    private static Void everythingLive(Path dir, int round) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Server server = await(loop.createServer(Kit.Echo::new, "127.0.0.1", 0));
        await(loop.createConnection(Kit.Echo::new, "127.0.0.1", Kit.port(server)));
        Server unix = await(loop.createUnixServer(Kit.Echo::new, dir.resolve("s" + round + ".sock")));
        await(loop.createUnixConnection(Kit.Echo::new, dir.resolve("s" + round + ".sock")));
        for (int i = 0; i < 2; i++) {
            await(loop.subprocessExec(() -> new SubprocessProtocol() {
            }, List.of("sleep", "30")));
        }
        for (int i = 0; i < 3; i++) {
            loop.runInExecutor(null, () -> {
                Thread.sleep(300);
                return null;
            });
        }
        loop.createTask(() -> await(Asyncio.sleep(3600)));
        loop.createTask(() -> {
            try {
                return await(Asyncio.sleep(3600));
            } finally {
                await(Asyncio.sleep(0)); // cleanup that itself awaits, as asyncio allows on cancellation
            }
        });
        await(Asyncio.sleep(0.05));
        return null;
    }

    private record Before(TreeMap<Integer, String> fds, Set<String> threads, Set<Long> children) {
        static Before take() {
            return new Before(Census.descriptors(), Census.threads(), Census.children());
        }

        void assertNothingLeft(String how) throws InterruptedException {
            assertEquals(Set.of(), Census.childrenLeftOver(children, 15), how + ": child processes left");
            assertEquals(Set.of(), Census.threadsLeftOver(threads, 15), how + ": threads left");
            assertEquals(List.of(), Census.descriptorsLeftOver(fds, 2, 15), how + ": descriptors left");
        }
    }

    @Test
    void asyncioRunLeavesNoDescriptorThreadOrChildBehind(@TempDir Path dir) throws Exception {
        Asyncio.run(() -> everythingLive(dir, -1)); // the JDK's own pools and lazy descriptors exist from here on
        Before before = Before.take();
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            Asyncio.run(() -> everythingLive(dir, r));
        }
        before.assertNothingLeft("Asyncio.run x" + ROUNDS);
        System.out.printf("shutdown[%s]: Asyncio.run x%d with servers, connections, subprocesses, executor jobs and"
                + " pending tasks live: 0 descriptors, 0 threads, 0 children left%n", Census.engine(), ROUNDS);
    }

    @Test
    void closingTheLoopLeavesNoDescriptorThreadOrChildBehind(@TempDir Path dir) throws Exception {
        try (Kit warm = new Kit()) {
            warm.run(30, () -> everythingLive(dir, -1));
        }
        Census.threadsLeftOver(Census.threads(), 5);
        Before before = Before.take();
        for (int round = 0; round < ROUNDS; round++) {
            int r = round;
            Kit kit = new Kit();
            kit.run(30, () -> everythingLive(dir, r));
            kit.loop.close();
        }
        before.assertNothingLeft("loop.close() x" + ROUNDS);
        System.out.printf("shutdown[%s]: loop.close() x%d with servers, connections, subprocesses, executor jobs and"
                + " pending tasks live: 0 descriptors, 0 threads, 0 children left%n", Census.engine(), ROUNDS);
    }

    @Test
    void closingTheLoopClosesItsDatagramEndpoints() throws Exception {
        TreeMap<Integer, String> before = Census.descriptors();
        Kit kit = new Kit();
        kit.run(30, () -> {
            for (int i = 0; i < 3; i++) {
                await(kit.loop.createDatagramEndpoint(() -> new DatagramProtocol() {
                }, new InetSocketAddress("127.0.0.1", 0), null));
            }
            return null;
        });
        kit.loop.close();
        assertEquals(List.of(), Census.descriptorsLeftOver(before, 2, 10), "descriptors left by datagram endpoints");
    }
}
