package org.jasyncio.os;

import static org.jasyncio.Asyncio.await;

import org.jasyncio.Asyncio;
import org.jasyncio.loop.LogCapture;

/**
 * Run by {@link EngineChoiceTest} in a fresh JVM. {@code loops}: makes a loop twice and prints what each attempt
 * threw (or "MADE A LOOP"). {@code report}: runs two loops with the tests' log capture open and prints every record
 * the library logged at INFO or above, as "LEVEL message".
 */
public final class EngineChoiceChild {
    public static void main(String[] args) throws Exception {
        if (args[0].equals("loops")) {
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Asyncio.newEventLoop().close();
                    System.out.println("MADE A LOOP");
                } catch (Throwable t) {
                    System.out.println(t.getClass().getName() + ": " + t.getMessage());
                }
            }
            return;
        }
        try (LogCapture log = new LogCapture()) {
            for (int run = 0; run < 2; run++) {
                Asyncio.run(() -> await(Asyncio.sleep(0)));
            }
            for (LogCapture.Entry e : log.records()) {
                if (e.level().getSeverity() >= System.Logger.Level.INFO.getSeverity()) {
                    System.out.println(e.level() + " " + e.message());
                }
            }
        }
    }
}
