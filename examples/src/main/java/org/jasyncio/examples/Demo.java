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
            return "done";
        });
        System.out.println("  Asyncio.run returned: " + answer);
    }
}
