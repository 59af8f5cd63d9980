package org.jasyncio.futures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Future.toString in the forms of asyncio's repr (test_futures.py test_future_repr). */
@Tag("coroutines")
class FutureReprTest {
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
        loop.setDebug(false);
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private static <T> Consumer<Future<T>> named(String name) {
        return new Consumer<>() {
            @Override
            public void accept(Future<T> f) {
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    @Test
    void pendingCancelledAndFinished() throws Exception {
        Future<Integer> pending = loop.createFuture();
        assertEquals("<Future pending>", pending.toString());
        pending.cancel();
        assertEquals("<Future cancelled>", pending.toString());
        Future<Integer> result = loop.createFuture();
        result.setResult(4);
        assertEquals("<Future finished result=4>", result.toString());
        Future<Integer> exc = loop.createFuture();
        exc.setException(new RuntimeException("boom"));
        assertEquals("<Future finished exception=java.lang.RuntimeException: boom>", exc.toString());
        exc.exception();
    }

    @Test
    void stringResultsAreQuotedAndLongOnesShortened() {
        Future<String> s = loop.createFuture();
        s.setResult("abc");
        assertEquals("<Future finished result='abc'>", s.toString());
        Future<String> longer = loop.createFuture();
        longer.setResult("x".repeat(100));
        assertEquals("<Future finished result='xxxxxxxxxxxx...xxxxxxxxxxxxx'>", longer.toString());
        Future<Long> number = loop.createFuture();
        number.setResult(Long.MAX_VALUE);
        assertEquals("<Future finished result=" + Long.MAX_VALUE + ">", number.toString());
    }

    @Test
    void callbacksAreListedFirstMoreLast() {
        Future<Integer> one = loop.createFuture();
        one.addDoneCallback(named("fake()"));
        assertEquals("<Future pending cb=[fake()]>", one.toString());
        one.cancel();
        assertEquals("<Future cancelled>", one.toString(), "callbacks are gone once scheduled");

        Future<Integer> two = loop.createFuture();
        two.addDoneCallback(named("first()"));
        two.addDoneCallback(named("fake()"));
        assertEquals("<Future pending cb=[first(), fake()]>", two.toString());

        Future<Integer> many = loop.createFuture();
        many.addDoneCallback(named("fake()"));
        for (int i = 0; i < 8; i++) {
            many.addDoneCallback(named("first()"));
        }
        many.addDoneCallback(named("last()"));
        assertEquals("<Future pending cb=[fake(), <8 more>, last()]>", many.toString());
    }

    @Test
    void aDebugFutureSaysWhereItWasCreated() {
        loop.setDebug(true);
        Future<Integer> f = loop.createFuture(); int line = new Throwable().getStackTrace()[0].getLineNumber();
        assertEquals("<Future pending created at FutureReprTest.java:" + line + ">", f.toString());
        f.addDoneCallback(named("cb()"));
        assertEquals("<Future pending cb=[cb()] created at FutureReprTest.java:" + line + ">", f.toString());
        f.setResult(1);
        assertEquals("<Future finished result=1 created at FutureReprTest.java:" + line + ">", f.toString());
    }

    @Test
    void aTaskWaitingOnAFutureShowsAsItsWakeUp() throws Exception {
        Future<Integer> awaited = loop.createFuture();
        String[] seen = new String[1];
        loop.callLater(0.01, () -> {
            seen[0] = awaited.toString();
            awaited.setResult(1);
        });
        loop.runUntilComplete(() -> Asyncio.await(awaited));
        assertEquals("<Future pending cb=[Task.task_wakeup()]>", seen[0]);
        assertTrue(awaited.toString().startsWith("<Future finished"));
    }
}
