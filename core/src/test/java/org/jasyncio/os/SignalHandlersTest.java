package org.jasyncio.os;

import static org.jasyncio.os.SignalTestSupport.currentHandler;
import static org.jasyncio.os.SignalTestSupport.sendToSelf;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.ContextVar;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.harness.ExpectLoopReports;
import org.jasyncio.internal.os.SignalNames;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** add/removeSignalHandler with real signals sent to this JVM. */
class SignalHandlersTest {
    private final List<EventLoop> loops = new ArrayList<>();

    private EventLoop newLoop() {
        EventLoop loop = Asyncio.newEventLoop();
        loops.add(loop);
        return loop;
    }

    /** Shutdown signals this test reset from an inherited "ignored" (see SignalTestSupport.makeDeliverable). */
    private final List<String> resetSignals = new ArrayList<>();

    private void deliverable(String signal) throws Throwable {
        if (SignalTestSupport.makeDeliverable(signal)) {
            resetSignals.add(signal);
        }
    }

    @AfterEach
    void closeLoopsAndIgnoreAgain() {
        for (EventLoop loop : loops) {
            loop.close();
        }
        for (String signal : resetSignals) {
            SignalTestSupport.ignoreAgain(signal, true);
        }
    }

    /** Runs {@code loop} until {@code f} is done; fails after 10 s. */
    private static <T> T runUntil(EventLoop loop, Future<T> f) throws Exception {
        loop.callLater(10, () -> {
            if (!f.done()) {
                f.setException(new TimeoutException("no signal arrived within 10 s"));
            }
        });
        return loop.runUntilComplete(f);
    }

    /** Adds a handler that completes the returned future with the thread it ran on. */
    private static Future<Thread> handlerFuture(EventLoop loop, String signal) {
        Future<Thread> f = loop.createFuture();
        loop.addSignalHandler(signal, () -> {
            if (!f.done()) {
                f.setResult(Thread.currentThread());
            }
        });
        return f;
    }

    private void deliveredOnLoopThread(String signal) throws Throwable {
        deliverable(signal);
        EventLoop loop = newLoop();
        Future<Thread> ran = handlerFuture(loop, signal);
        CompletableFuture<Thread> loopThread = new CompletableFuture<>();
        loop.callSoon(() -> loopThread.complete(Thread.currentThread()));
        loop.runInExecutor(null, () -> {
            sendToSelf(signal);
            return null;
        });
        Thread handlerThread = runUntil(loop, ran);
        assertSame(loopThread.get(0, TimeUnit.SECONDS), handlerThread);
        assertTrue(loop.removeSignalHandler(signal));
    }

    @Test
    void usr1RunsItsHandlerOnTheLoopThreadAndWakesAnIdleLoop() throws Throwable {
        deliveredOnLoopThread("SIGUSR1");
    }

    @Test
    void hupHandler() throws Throwable {
        deliveredOnLoopThread("HUP");
    }

    @Test
    void termHandlerRunsInsteadOfEndingTheJvm() throws Throwable {
        deliveredOnLoopThread("SIGTERM");
    }

    @Test
    void intHandlerRunsInsteadOfEndingTheJvm() throws Throwable {
        deliveredOnLoopThread("SIGINT");
    }

    /** CHLD also comes from the exit of the kill process; PIPE replaces, then gives back, HotSpot's own handler. */
    @ParameterizedTest
    @ValueSource(strings = {"CHLD", "WINCH", "PIPE", "ALRM", "USR1"})
    void otherCatchableSignalsAreDeliveredAndTheirDispositionRestored(String signal) throws Throwable {
        String before = currentHandler(signal);
        deliveredOnLoopThread(signal);
        assertEquals(before, currentHandler(signal));
    }

    @Test
    void namesWithOrWithoutSigPrefixAndAnyCaseAreTheSameSignal() throws Exception {
        EventLoop loop = newLoop();
        Future<Thread> ran = handlerFuture(loop, "sigusr1");
        assertTrue(loop.removeSignalHandler("USR1"));
        assertFalse(loop.removeSignalHandler("SIGUSR1"));
        assertFalse(ran.done());
    }

    @Test
    void aSignalSentBeforeTheLoopRunsIsHandledOnceItRuns() throws Exception {
        EventLoop loop = newLoop();
        Future<Thread> ran = handlerFuture(loop, "USR1");
        sendToSelf("USR1");
        runUntil(loop, ran);
        loop.removeSignalHandler("USR1");
    }

    @Test
    void theHandlerStaysForLaterSignals() throws Exception {
        EventLoop loop = newLoop();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        AtomicReference<Future<Void>> next = new AtomicReference<>();
        loop.addSignalHandler("USR1", () -> {
            seen.add(seen.size() + 1);
            next.get().setResult(null);
        });
        for (int i = 0; i < 3; i++) {
            next.set(loop.createFuture());
            sendToSelf("USR1");
            runUntil(loop, next.get());
        }
        assertEquals(List.of(1, 2, 3), seen);
        assertTrue(loop.removeSignalHandler("USR1"));
    }

    @Test
    void eachSignalDeliveredBeforeTheLoopRunsRunsTheHandlerOnce() throws Exception {
        // asyncio writes one wakeup byte per delivered signal and calls the handler once per byte
        EventLoop loop = newLoop();
        List<Integer> seen = new CopyOnWriteArrayList<>();
        loop.addSignalHandler("USR1", () -> seen.add(1));
        for (int i = 0; i < 3; i++) {
            sendToSelf("USR1"); // each kill(1) has ended, so each signal was delivered on its own
        }
        Future<Void> later = loop.createFuture();
        loop.callLater(0.3, () -> later.setResult(null));
        runUntil(loop, later);
        assertEquals(3, seen.size(), seen.toString());
        assertTrue(loop.removeSignalHandler("USR1"));
    }

    @Test
    void aSecondHandlerForTheSameSignalReplacesTheFirst() throws Exception {
        EventLoop loop = newLoop();
        List<String> calls = new CopyOnWriteArrayList<>();
        Future<Void> done = loop.createFuture();
        loop.addSignalHandler("USR1", () -> calls.add("first"));
        loop.addSignalHandler("USR1", () -> {
            calls.add("second");
            done.setResult(null);
        });
        sendToSelf("USR1");
        runUntil(loop, done);
        loop.runUntilComplete(() -> null); // a few more iterations: nothing else may come
        assertEquals(List.of("second"), calls);
        assertTrue(loop.removeSignalHandler("USR1"));
        assertFalse(loop.removeSignalHandler("USR1"));
    }

    @Test
    void removeSaysWhetherAHandlerWasThere() {
        EventLoop loop = newLoop();
        assertFalse(loop.removeSignalHandler("USR1"));
        assertFalse(loop.removeSignalHandler("KILL")); // a real signal, just never handled: as asyncio, no error
        loop.addSignalHandler("USR1", () -> { });
        assertFalse(loop.removeSignalHandler("HUP"));
        assertTrue(loop.removeSignalHandler("USR1"));
        assertFalse(loop.removeSignalHandler("USR1"));
    }

    @Test
    void removingTheLastHandlerRestoresThePreviousDisposition() throws Throwable {
        deliverable("TERM");
        String usr1Before = currentHandler("USR1");
        String termBefore = currentHandler("TERM");
        EventLoop loop = newLoop();
        loop.addSignalHandler("USR1", () -> { });
        loop.addSignalHandler("TERM", () -> { });
        assertNotEquals(usr1Before, currentHandler("USR1"));
        assertNotEquals(termBefore, currentHandler("TERM"));
        loop.removeSignalHandler("USR1");
        loop.removeSignalHandler("TERM");
        assertEquals(usr1Before, currentHandler("USR1"));
        assertEquals(termBefore, currentHandler("TERM")); // normally the JVM's own shutdown handler
    }

    @Test
    void killAndStopCannotBeCaught() {
        EventLoop loop = newLoop();
        IllegalArgumentException kill = assertThrows(IllegalArgumentException.class,
                () -> loop.addSignalHandler("SIGKILL", () -> { }));
        assertEquals("sig 9 cannot be caught", kill.getMessage());
        IllegalArgumentException stop = assertThrows(IllegalArgumentException.class,
                () -> loop.addSignalHandler("STOP", () -> { }));
        assertEquals("sig 19 cannot be caught", stop.getMessage());
    }

    @Test
    void signalsTheJvmReservesAreRefusedWithTheReason() {
        EventLoop loop = newLoop();
        for (String name : List.of("QUIT", "SEGV", "FPE", "ILL", "BUS", "USR2")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.addSignalHandler(name, () -> { }));
            assertEquals("sig " + SignalNames.number(name) + " cannot be caught: the JVM reserves SIG" + name
                    + " for itself", e.getMessage());
            assertFalse(loop.removeSignalHandler(name), "no handler was recorded for " + name);
        }
    }

    @Test
    void unknownSignalNamesAreRejected() {
        EventLoop loop = newLoop();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.addSignalHandler("SIGFOO", () -> { }));
        assertEquals("invalid signal name: SIGFOO", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("", () -> { }));
        assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler(null, () -> { }));
        assertThrows(IllegalArgumentException.class, () -> loop.removeSignalHandler("SIGFOO"));
        assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("USR1", null));
        assertFalse(loop.removeSignalHandler("USR1"));
    }

    @Test
    void aClosedLoopTakesNoHandler() {
        EventLoop loop = newLoop();
        loop.close();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> loop.addSignalHandler("USR1", () -> { }));
        assertEquals("Event loop is closed", e.getMessage());
        // The name is checked first, as asyncio checks the signal before the loop.
        assertThrows(IllegalArgumentException.class, () -> loop.addSignalHandler("NOPE", () -> { }));
        assertFalse(loop.removeSignalHandler("USR1"));
    }

    @Test
    void closingTheLoopRemovesItsHandlersAndRestoresDispositions() throws Throwable {
        deliverable("HUP");
        String usr1Before = currentHandler("USR1");
        String hupBefore = currentHandler("HUP");
        EventLoop loop = newLoop();
        loop.addSignalHandler("USR1", () -> { });
        loop.addSignalHandler("HUP", () -> { });
        loop.close();
        assertEquals(usr1Before, currentHandler("USR1"));
        assertEquals(hupBefore, currentHandler("HUP"));
        assertFalse(loop.removeSignalHandler("USR1"));
        assertFalse(loop.removeSignalHandler("HUP"));
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void aHandlerThatThrowsGoesToTheExceptionHandlerAndTheLoopGoesOn() throws Exception {
        EventLoop loop = newLoop();
        List<Map<String, Object>> reported = new CopyOnWriteArrayList<>();
        RuntimeException boom = new IllegalStateException("boom");
        Future<Void> reportedOnce = loop.createFuture();
        loop.setExceptionHandler((l, ctx) -> {
            reported.add(ctx);
            reportedOnce.setResult(null);
        });
        loop.addSignalHandler("USR1", () -> {
            throw boom;
        });
        sendToSelf("USR1");
        runUntil(loop, reportedOnce);
        assertEquals(1, reported.size());
        assertSame(boom, reported.get(0).get("exception"));
        assertTrue(String.valueOf(reported.get(0).get("message")).startsWith("Exception in callback"));
        assertInstanceOf(org.jasyncio.Handle.class, reported.get(0).get("handle"));
        // The loop still runs callbacks, and the handler is still there for the next signal.
        assertEquals("still running", loop.runUntilComplete(() -> "still running"));
        assertTrue(loop.removeSignalHandler("USR1"));
    }

    @Test
    void theCallbackRunsInTheContextCopiedWhenItWasAdded() throws Exception {
        ContextVar<String> who = new ContextVar<>("who");
        EventLoop loop = newLoop();
        Future<String> seen = loop.createFuture();
        var token = who.set("adder");
        try {
            loop.addSignalHandler("USR1", () -> seen.setResult(who.get("none")));
        } finally {
            who.reset(token);
        }
        sendToSelf("USR1");
        assertEquals("adder", runUntil(loop, seen));
        loop.removeSignalHandler("USR1");
    }

    @Test
    void eachLoopGetsItsOwnSignalsWhileBothRun() throws Throwable {
        deliverable("HUP");
        EventLoop a = newLoop();
        EventLoop b = newLoop();
        List<String> calls = new CopyOnWriteArrayList<>();
        Future<Void> aGot = a.createFuture();
        Future<Void> bGot = b.createFuture();
        a.addSignalHandler("USR1", () -> {
            calls.add("a:USR1");
            aGot.setResult(null);
        });
        b.addSignalHandler("HUP", () -> {
            calls.add("b:HUP");
            bGot.setResult(null);
        });
        CompletableFuture<Object> bRun = new CompletableFuture<>();
        Thread other = Thread.ofPlatform().start(() -> {
            try {
                bRun.complete(runUntil(b, bGot));
            } catch (Throwable t) {
                bRun.completeExceptionally(t);
            }
        });
        sendToSelf("USR1");
        sendToSelf("HUP");
        runUntil(a, aGot);
        bRun.get(15, TimeUnit.SECONDS);
        other.join();
        assertEquals(List.of("a:USR1", "b:HUP"), calls.stream().sorted().toList());
        assertTrue(a.removeSignalHandler("USR1"));
        assertFalse(a.removeSignalHandler("HUP"));
        assertTrue(b.removeSignalHandler("HUP"));
    }

    @Test
    void aSignalTwoLoopsHandleReachesBothAndStaysUntilTheLastRemoves() throws Exception {
        String before = currentHandler("USR1");
        EventLoop a = newLoop();
        EventLoop b = newLoop();
        Future<Thread> aGot = handlerFuture(a, "USR1");
        Future<Thread> bGot = handlerFuture(b, "USR1");
        sendToSelf("USR1");
        runUntil(a, aGot);
        runUntil(b, bGot);
        assertTrue(a.removeSignalHandler("USR1"));
        assertNotEquals(before, currentHandler("USR1"), "b still handles USR1");
        Future<Thread> bAgain = handlerFuture(b, "USR1");
        sendToSelf("USR1"); // a has none any more: only b hears it
        runUntil(b, bAgain);
        a.close(); // nothing left to remove on a
        assertNotEquals(before, currentHandler("USR1"));
        b.close();
        assertEquals(before, currentHandler("USR1"));
    }

    @Test
    void anyThreadMayAddHandlersUnlikeAsyncioMainThreadRule() throws Exception {
        EventLoop loop = newLoop();
        Future<Thread> ran = loop.createFuture();
        Thread adder = Thread.ofPlatform().name("not-main").start(() -> loop.addSignalHandler("USR1", () -> {
            if (!ran.done()) {
                ran.setResult(Thread.currentThread());
            }
        }));
        adder.join();
        sendToSelf("USR1");
        assertNotEquals("not-main", runUntil(loop, ran).getName());
        assertTrue(loop.removeSignalHandler("USR1"));
    }
}
