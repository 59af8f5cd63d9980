package org.jasyncio.os;

import static org.jasyncio.Asyncio.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;

/**
 * A program for {@link InterruptChildProcessTest}: runs one Ctrl-C scenario of Asyncio.run and reports each step on
 * stdout; the test answers on stdin and sends the signals.
 */
public final class InterruptChild {
    private static final BufferedReader STDIN = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));

    private InterruptChild() {
    }

    public static void main(String[] args) throws Throwable {
        String mode = args[0];
        if (!mode.equals("ignored")) {
            SignalTestSupport.makeDeliverable("INT"); // as an interactive shell would start us
        }
        switch (mode) {
            case "cancel" -> say("run returned " + Asyncio.run(InterruptChild::sleepUntilCancelled));
            case "stubborn" -> say("run returned " + Asyncio.run(InterruptChild::ignoreCancellation));
            case "restored" -> {
                say("run returned " + Asyncio.run(InterruptChild::addAndRemoveSigintHandler));
                say("READY");
                STDIN.readLine(); // Ctrl-C ends the JVM here, as without jasyncio
                say("not interrupted");
            }
            case "ignored" -> {
                EventLoop loop = Asyncio.newEventLoop();
                loop.addSignalHandler("INT", () -> { }); // accepted, with a warning that it will never run
                loop.close();
                runUntilToldToStop();
            }
            default -> throw new IllegalArgumentException(mode);
        }
    }

    private static void runUntilToldToStop() throws Exception {
        say("run returned " + Asyncio.run(() -> {
            say("READY");
            return await(Asyncio.getRunningLoop().runInExecutor(null, STDIN::readLine));
        }));
    }

    private static String sleepUntilCancelled() throws Exception {
        say("READY");
        try {
            await(Asyncio.sleep(60));
            return "slept";
        } catch (CancelledError e) {
            say("main task cancelled");
            throw e;
        }
    }

    private static String ignoreCancellation() throws Exception {
        say("READY");
        try {
            await(Asyncio.sleep(60));
        } catch (CancelledError e) {
            say("cleanup started");
            for (int i = 0; i < 600; i++) { // a cleanup that will not be cancelled
                try {
                    await(Asyncio.sleep(0.1));
                } catch (CancelledError again) {
                    say("cleanup cancelled again");
                }
            }
            say("cleanup finished");
        }
        return "stubborn";
    }

    private static String addAndRemoveSigintHandler() {
        EventLoop loop = Asyncio.getRunningLoop();
        loop.addSignalHandler("INT", () -> { });
        return "removed: " + loop.removeSignalHandler("INT");
    }

    private static void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
