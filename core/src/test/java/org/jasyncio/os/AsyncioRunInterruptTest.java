package org.jasyncio.os;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.os.SignalTestSupport.currentHandler;
import static org.jasyncio.os.SignalTestSupport.sendToSelf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/** Asyncio.run and SIGINT sent to this JVM, as asyncio's test_runners interrupt tests; the exits are in a child JVM. */
class AsyncioRunInterruptTest {
    private boolean sigintWasReset;
    private String sigintBefore;

    @BeforeEach
    void makeSigintDeliverable() throws Throwable {
        sigintWasReset = SignalTestSupport.makeDeliverable("INT");
        sigintBefore = currentHandler("INT");
    }

    @AfterEach
    void sigintIsTheJvmsAgain() {
        try {
            assertEquals(sigintBefore, currentHandler("INT"), "Asyncio.run put back the JVM's SIGINT handler");
        } finally {
            SignalTestSupport.ignoreAgain("INT", sigintWasReset);
        }
    }

    /** Sends SIGINT from another thread, so that the loop is idle in its poll when it arrives. */
    private static void interruptSoon() {
        Asyncio.getRunningLoop().runInExecutor(null, () -> {
            sendToSelf("INT");
            return null;
        });
    }

    @Test
    void ctrlCCancelsTheMainTaskAndRunRaisesInterruptedException() {
        AtomicReference<String> mainSaw = new AtomicReference<>();
        InterruptedException e = assertThrows(InterruptedException.class, () -> Asyncio.run(() -> {
            interruptSoon();
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError c) {
                mainSaw.set("cancelled");
                throw c;
            }
            return "slept";
        }));
        assertEquals("interrupted (SIGINT)", e.getMessage());
        assertEquals("cancelled", mainSaw.get());
    }

    @Test
    void ctrlCReachesAMainTaskThatOnlyEverYields() {
        // test_interrupt_call_soon: the task waits on no future, it is only ever in the ready queue
        AtomicReference<String> mainSaw = new AtomicReference<>();
        assertThrows(InterruptedException.class, () -> Asyncio.run(() -> {
            interruptSoon();
            try {
                while (true) {
                    await(Asyncio.sleep(0));
                }
            } catch (CancelledError c) {
                mainSaw.set("cancelled");
                throw c;
            }
        }));
        assertEquals("cancelled", mainSaw.get());
    }

    @Test
    void aMainTaskThatHandlesTheCancellationReturnsNormally() throws Exception {
        assertEquals("cleaned up", Asyncio.run(() -> {
            interruptSoon();
            try {
                await(Asyncio.sleep(10));
                return "slept";
            } catch (CancelledError c) {
                return "cleaned up";
            }
        }));
    }

    @Test
    void ctrlCWhileWaitingForAFutureCancelsTheFutureAndTheTask() {
        AtomicReference<Future<Void>> waitedFor = new AtomicReference<>();
        assertThrows(InterruptedException.class, () -> Asyncio.run(() -> {
            Future<Void> f = Asyncio.getRunningLoop().createFuture();
            waitedFor.set(f);
            interruptSoon();
            return await(f);
        }));
        assertTrue(waitedFor.get().cancelled());
    }

    @Test
    void ctrlCOnAMainTaskCancelledForAnotherReasonTooLeavesTheCancelledError() {
        // As asyncio: run raises the interruption only when Ctrl-C was the task's only cancellation (uncancel() == 0).
        assertThrows(CancelledError.class, () -> Asyncio.run(() -> {
            Task<?> main = Asyncio.currentTask();
            Asyncio.getRunningLoop().createTask(() -> {
                main.cancel();
                interruptSoon();
                return null;
            });
            try {
                await(Asyncio.sleep(10));
            } catch (CancelledError first) {
                await(Asyncio.sleep(10)); // Ctrl-C's cancellation ends this
            }
            return "slept";
        }));
    }

    @Test
    void runLeavesSigintToALoopThatHandlesIt() throws Exception {
        EventLoop other = Asyncio.newEventLoop();
        try {
            Future<String> got = other.createFuture();
            other.addSignalHandler("INT", () -> got.setResult("other loop"));
            assertEquals("not cancelled", Asyncio.run(() -> {
                sendToSelf("INT");
                await(Asyncio.sleep(0.2));
                return "not cancelled";
            }));
            assertEquals("other loop", other.runUntilComplete(got));
            assertTrue(other.removeSignalHandler("INT"));
        } finally {
            other.close();
        }
    }

    @Test
    void aHandlerAddedInsideRunTakesSigintAndGivesItBackToRun() {
        AtomicReference<Boolean> removed = new AtomicReference<>();
        assertThrows(InterruptedException.class, () -> Asyncio.run(() -> {
            EventLoop loop = Asyncio.getRunningLoop();
            Future<String> got = loop.createFuture();
            loop.addSignalHandler("INT", () -> got.setResult("handler"));
            sendToSelf("INT");
            assertEquals("handler", await(got));
            assertFalse(Asyncio.currentTask().cancelled());
            removed.set(loop.removeSignalHandler("INT"));
            interruptSoon(); // Asyncio.run's watch has it again
            await(Asyncio.sleep(10));
            return "slept";
        }));
        assertTrue(removed.get());
    }

    @Test
    void aHandlerTheProgramInstallsDuringRunIsLeftInPlace() throws Exception {
        Signal sigint = new Signal("INT");
        SignalHandler jvms = Signal.handle(sigint, sig -> { });
        Signal.handle(sigint, jvms);
        SignalHandler programs = sig -> { };
        AtomicReference<SignalHandler> replaced = new AtomicReference<>();
        Asyncio.run(() -> {
            replaced.set(Signal.handle(sigint, programs));
            return null;
        });
        assertEquals("Asyncio.run SIGINT handler", replaced.get().toString());
        assertSame(programs, Signal.handle(sigint, jvms), "run did not take the program's handler away");
    }

    @Test
    void aHandlerLeftInstalledUntilTheLoopClosesStillEndsWithTheJvmsHandler() throws Exception {
        // The watch goes first, then close() removes the loop's handler: the JVM's handler must come back anyway.
        assertEquals("left", Asyncio.run(() -> {
            Asyncio.getRunningLoop().addSignalHandler("INT", () -> { });
            return "left";
        }));
    }
}
