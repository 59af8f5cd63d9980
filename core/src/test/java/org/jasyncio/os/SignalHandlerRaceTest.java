package org.jasyncio.os;

import static org.jasyncio.os.SignalTestSupport.sendToSelf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.TimerHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Several loops, each changed by several threads at once, adding and removing handlers for the same two signals
 * (whose process-wide dispatch they share). After each burst of changes half the loops set their handlers again and
 * the other half remove them; a real signal raised in this process must then reach every loop that set one, and once
 * all loops are closed each signal has its disposition from before.
 */
@Timeout(180)
class SignalHandlerRaceTest {
    private static final List<String> SIGNALS = List.of("USR1", "WINCH");
    private static final int LOOPS = 6;
    private static final int THREADS_PER_LOOP = 3;
    private static final int BURSTS = 12000;
    private static final int CHANGES_PER_BURST = 1;

    @Test
    void concurrentAddsAndRemovesNeverLoseAHandler() throws Exception {
        // A handler of the test's own under the loops' ones: a lost handler must fail the test, not let the default
        // action of SIGUSR1 end the JVM.
        List<SignalHandler> replaced = new ArrayList<>();
        for (String signal : SIGNALS) {
            replaced.add(Signal.handle(new Signal(signal), sig -> { }));
        }
        try {
            List<String> before = SIGNALS.stream().map(SignalTestSupport::currentHandler).toList();
            storms();
            assertEquals(before, SIGNALS.stream().map(SignalTestSupport::currentHandler).toList(),
                    "every disposition is back once the loops are closed");
        } finally {
            for (int s = 0; s < SIGNALS.size(); s++) {
                Signal.handle(new Signal(SIGNALS.get(s)), replaced.get(s));
            }
        }
    }

    private static void storms() throws Exception {
        List<EventLoop> loops = new ArrayList<>();
        for (int l = 0; l < LOOPS; l++) {
            loops.add(Asyncio.newEventLoop());
        }
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        CyclicBarrier start = new CyclicBarrier(LOOPS * THREADS_PER_LOOP + 1);
        CyclicBarrier end = new CyclicBarrier(LOOPS * THREADS_PER_LOOP + 1);
        List<Thread> threads = new ArrayList<>();
        try {
            for (int l = 0; l < LOOPS; l++) {
                EventLoop loop = loops.get(l);
                for (int t = 0; t < THREADS_PER_LOOP; t++) {
                    threads.add(Thread.ofPlatform().daemon().start(() -> {
                        try {
                            for (int burst = 0; burst < BURSTS; burst++) {
                                start.await(60, TimeUnit.SECONDS);
                                // every thread changes the same signal in a burst: the changes of one loop collide
                                String signal = SIGNALS.get(burst % SIGNALS.size());
                                for (int i = 0; i < CHANGES_PER_BURST; i++) {
                                    loop.removeSignalHandler(signal);
                                    loop.addSignalHandler(signal, () -> { });
                                }
                                end.await(60, TimeUnit.SECONDS);
                            }
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }));
                }
            }
            for (int burst = 0; burst < BURSTS; burst++) {
                start.await(60, TimeUnit.SECONDS);
                end.await(60, TimeUnit.SECONDS);
                assertEquals(List.of(), List.copyOf(errors));
                checkEveryKeptHandlerRuns(loops, burst);
            }
        } finally {
            for (EventLoop loop : loops) {
                loop.close();
            }
        }
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
            assertFalse(t.isAlive(), "a thread changing handlers ended");
        }
    }

    /** Half the loops (which half changes with the burst) set each handler again, the others remove theirs. */
    private static void checkEveryKeptHandlerRuns(List<EventLoop> loops, int burst) throws Exception {
        List<List<Future<Boolean>>> got = new ArrayList<>();
        for (int l = 0; l < LOOPS; l++) {
            EventLoop loop = loops.get(l);
            List<Future<Boolean>> mine = new ArrayList<>();
            for (String signal : SIGNALS) {
                if ((l + burst) % 2 == 0) {
                    Future<Boolean> f = loop.createFuture();
                    loop.addSignalHandler(signal, () -> {
                        if (!f.done()) {
                            f.setResult(true);
                        }
                    });
                    mine.add(f);
                } else {
                    loop.removeSignalHandler(signal);
                }
            }
            got.add(mine);
        }
        for (String signal : SIGNALS) {
            // kill(2) of a child process costs milliseconds; raise(3) is as real a signal, and cheap enough to send
            // after every burst. The last burst also uses kill, as the other signal tests do.
            if (burst == BURSTS - 1) {
                sendToSelf(signal);
            } else {
                Signal.raise(new Signal(signal));
            }
        }
        for (int l = 0; l < LOOPS; l++) {
            for (int s = 0; s < got.get(l).size(); s++) {
                Future<Boolean> f = got.get(l).get(s);
                String what = "after burst " + burst + ", loop " + l + " got SIG" + SIGNALS.get(s);
                TimerHandle timeout = loops.get(l).callLater(10, () -> {
                    if (!f.done()) {
                        f.setException(new TimeoutException("no " + what + " within 10 s"));
                    }
                });
                assertEquals(true, loops.get(l).runUntilComplete(f), what);
                timeout.cancel();
            }
        }
    }
}
