package org.jasyncio.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import org.jasyncio.Asyncio;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.harness.ExpectLoopReports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Done callbacks: always through callSoon, in order, each in its context (test_futures.py callback tests). */
@Tag("coroutines")
class FutureCallbacksTest {
    private EventLoop loop;
    private final List<Object> bag = new ArrayList<>();

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private void runOnce() {
        loop.stop();
        loop.runForever();
    }

    private Consumer<Future<String>> adder(Object value) {
        return f -> bag.add(value);
    }

    @Test
    void callbacksAreScheduledOnSetResultNeverRunInline() throws Exception {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(adder(42));
        f.addDoneCallback(adder(17));
        f.setResult("foo");
        assertEquals(List.of(), bag);
        runOnce();
        assertEquals(List.of(42, 17), bag);
        assertEquals("foo", f.result());
    }

    @Test
    void callbacksAreScheduledOnSetException() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(adder(100));
        f.setException(new RuntimeException());
        assertEquals(List.of(), bag);
        runOnce();
        assertEquals(List.of(100), bag);
        f.exception();
    }

    @Test
    void callbacksAreScheduledOnCancel() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(adder("cancelled"));
        f.cancel();
        assertEquals(List.of(), bag);
        runOnce();
        assertEquals(List.of("cancelled"), bag);
    }

    @Test
    void aCallbackAddedToADoneFutureIsScheduledNotRun() {
        Future<String> f = loop.createFuture();
        f.setResult("x");
        f.addDoneCallback(adder("late"));
        assertEquals(List.of(), bag);
        runOnce();
        assertEquals(List.of("late"), bag);
    }

    @Test
    void callbacksGetTheFuture() {
        Future<String> f = loop.createFuture();
        List<Future<String>> got = new ArrayList<>();
        f.addDoneCallback(got::add);
        f.setResult("x");
        runOnce();
        assertSame(f, got.get(0));
    }

    @Test
    void callbacksTakeTheirPlaceInTheReadyQueueWhenTheFutureFinishes() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(adder("done callback"));
        loop.callSoon(() -> bag.add("scheduled first"));
        loop.callSoon(() -> f.setResult("x"));
        loop.callSoon(() -> bag.add("scheduled before the future finished"));
        runOnce();
        assertEquals(List.of("scheduled first", "scheduled before the future finished"), bag);
        runOnce();
        assertEquals(List.of("scheduled first", "scheduled before the future finished", "done callback"), bag);
    }

    @Test
    void manyCallbacksRunInTheOrderTheyWereAdded() {
        Future<String> f = loop.createFuture();
        for (int i = 0; i < 100; i++) {
            f.addDoneCallback(adder(i));
        }
        f.setResult("x");
        f.addDoneCallback(adder(100));
        runOnce();
        assertEquals(IntStream.rangeClosed(0, 100).boxed().toList(), bag);
    }

    @Test
    void removeDoneCallbackRemovesEveryRegistrationAndCountsThem() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb1 = adder(1);
        Consumer<Future<String>> cb2 = adder(2);
        Consumer<Future<String>> cb3 = adder(3);
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb2);
        f.addDoneCallback(cb1);
        f.addDoneCallback(cb3);
        assertEquals(2, f.removeDoneCallback(cb1));
        assertEquals(0, f.removeDoneCallback(cb1));
        f.setResult("x");
        runOnce();
        assertEquals(List.of(2, 3), bag);
    }

    @Test
    void removingTheFirstCallbackKeepsTheOrderOfTheRest() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb1 = adder(1);
        f.addDoneCallback(cb1);
        f.addDoneCallback(adder(2));
        assertEquals(1, f.removeDoneCallback(cb1));
        f.addDoneCallback(adder(3));
        f.addDoneCallback(cb1);
        f.setResult("x");
        runOnce();
        assertEquals(List.of(2, 3, 1), bag);
    }

    @Test
    void removingTheOnlyCallbackAndAddingAgain() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb = adder("only");
        f.addDoneCallback(cb);
        assertEquals(1, f.removeDoneCallback(cb));
        f.addDoneCallback(adder("second"));
        f.setResult("x");
        runOnce();
        assertEquals(List.of("second"), bag);
    }

    @Test
    void removingFromADoneFutureFindsNothing() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> cb = adder("x");
        f.addDoneCallback(cb);
        f.setResult("x");
        assertEquals(0, f.removeDoneCallback(cb), "the callbacks were already scheduled");
        runOnce();
        assertEquals(List.of("x"), bag);
    }

    @Test
    void removeDoneCallbackSurvivesAnEqualsThatChangesTheCallbacks() {
        Future<String> f = loop.createFuture();
        Consumer<Future<String>> first = adder("first");
        Consumer<Future<String>> other = adder("other");
        f.addDoneCallback(first);
        for (int i = 0; i < 63; i++) {
            f.addDoneCallback(other);
        }
        int[] calls = {0};
        Consumer<Future<String>> evil = new Consumer<>() {
            @Override
            public void accept(Future<String> x) {
            }

            @Override
            public boolean equals(Object o) {
                if (++calls[0] < 100) {
                    f.removeDoneCallback(other);
                    f.addDoneCallback(adder("added by equals"));
                }
                return false;
            }

            @Override
            public int hashCode() {
                return 0;
            }
        };
        assertEquals(0, f.removeDoneCallback(evil));
        assertEquals(0, f.removeDoneCallback(null));
        assertEquals(1, f.removeDoneCallback(first));
        f.setResult("x");
        runOnce();
        assertEquals(false, bag.contains("first"));
        assertEquals(false, bag.contains("other"));
    }

    @Test
    void aNullCallbackIsRefused() {
        Future<String> f = loop.createFuture();
        assertThrows(IllegalArgumentException.class, () -> f.addDoneCallback(null));
    }

    @Test
    void callbacksRunInTheContextCurrentWhenTheyWereAdded() {
        ContextVar<String> v = new ContextVar<>("v", "default");
        Future<String> f = loop.createFuture();
        Context ctx = new Context();
        ctx.run(() -> {
            v.set("at add time");
            f.addDoneCallback(x -> bag.add(v.get()));
            v.set("later");
        });
        f.addDoneCallback(x -> bag.add(v.get()));
        Context explicit = new Context();
        explicit.run(() -> v.set("explicit"));
        f.addDoneCallback(x -> {
            bag.add(v.get());
            v.set("written by the callback");
        }, explicit);
        f.setResult("x");
        runOnce();
        assertEquals(List.of("at add time", "default", "explicit"), bag);
        assertEquals("written by the callback", explicit.get(v));
        assertEquals("later", ctx.get(v));
    }

    @Test
    @ExpectLoopReports("provokes the report it checks")
    void aFailingCallbackIsReportedAndTheOthersStillRun() {
        List<Map<String, Object>> reports = new ArrayList<>();
        loop.setExceptionHandler((l, c) -> reports.add(c));
        Future<String> f = loop.createFuture();
        RuntimeException boom = new RuntimeException("boom");
        f.addDoneCallback(x -> {
            throw boom;
        });
        f.addDoneCallback(adder("second"));
        f.setResult("x");
        runOnce();
        assertEquals(List.of("second"), bag);
        assertEquals(1, reports.size());
        assertSame(boom, reports.get(0).get("exception"));
        assertEquals(true, ((String) reports.get(0).get("message")).startsWith("Exception in callback "));
    }

    @Test
    void aCallbackAddedByACallbackRunsInTheNextIteration() {
        Future<String> f = loop.createFuture();
        f.addDoneCallback(x -> {
            bag.add("first");
            f.addDoneCallback(adder("added by first"));
        });
        f.setResult("x");
        runOnce();
        assertEquals(List.of("first"), bag);
        runOnce();
        assertEquals(List.of("first", "added by first"), bag);
    }

    @Test
    void theSameCallbackOnTwoFutures() {
        Future<String> a = loop.createFuture();
        Future<String> b = loop.createFuture();
        Consumer<Future<String>> cb = f -> bag.add(f == a ? "a" : "b");
        a.addDoneCallback(cb);
        b.addDoneCallback(cb);
        b.setResult("x");
        a.setResult("y");
        runOnce();
        assertEquals(List.of("b", "a"), bag);
    }
}
