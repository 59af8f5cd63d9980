package org.jasyncio.sync;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Event;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** asyncio.Event as test_locks.py's EventTests checks it. */
class EventTest extends SyncFixture {

    @Test
    void reprSaysSetOrUnsetAndCountsWaiters() throws Exception {
        Event ev = new Event();
        assertTrue(ev.toString().matches("<Event object at 0x[0-9a-f]+ \\[unset]>"), ev.toString());
        run(() -> {
            Task<Boolean> t = spawn(() -> await(ev.waitAsync()));
            yieldOnce();
            assertTrue(ev.toString().endsWith("[unset, waiters:1]>"), ev.toString());
            ev.set();
            assertTrue(ev.toString().contains("[set"), ev.toString());
            await(t);
            assertTrue(ev.toString().endsWith("[set]>"), ev.toString());
            return null;
        });
    }

    @Test
    void setWakesEveryWaiterAndLaterWaitsReturnAtOnce() throws Exception {
        Event ev = new Event();
        List<Integer> result = new ArrayList<>();
        run(() -> {
            assertFalse(ev.isSet());
            List<Task<Void>> ts = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                int n = i;
                ts.add(spawn(() -> {
                    if (await(ev.waitAsync())) {
                        result.add(n);
                    }
                    return null;
                }));
            }
            yieldOnce();
            assertEquals(List.of(), result);
            ts.add(spawn(() -> {
                if (await(ev.waitAsync())) {
                    result.add(3);
                }
                return null;
            }));
            ev.set();
            yieldOnce();
            assertEquals(List.of(3, 1, 2), result, "the third finds the flag set in its first step");
            for (Task<Void> t : ts) {
                assertTrue(t.done());
            }
            return null;
        });
    }

    @Test
    void waitOnASetEventIsDoneAtOnce() throws Exception {
        Event ev = new Event();
        run(() -> {
            ev.set();
            Future<Boolean> f = ev.waitAsync();
            assertTrue(f.done());
            assertTrue(await(f));
            return null;
        });
    }

    @Test
    void cancelledWaitLeavesNoWaiter() throws Exception {
        Event ev = new Event();
        run(() -> {
            Task<Boolean> wait = spawn(() -> await(ev.waitAsync()));
            loop.callSoon(wait::cancel);
            assertThrows(CancelledError.class, () -> await(wait));
            assertTrue(ev.toString().endsWith("[unset]>"), ev.toString());
            return null;
        });
    }

    @Test
    void clearResetsTheFlag() throws Exception {
        Event ev = new Event();
        assertFalse(ev.isSet());
        ev.set();
        assertTrue(ev.isSet());
        ev.clear();
        assertFalse(ev.isSet());
    }

    @Test
    void clearAfterSetDoesNotUnwakeWaiters() throws Exception {
        Event ev = new Event();
        List<Integer> result = new ArrayList<>();
        run(() -> {
            Task<Boolean> t = spawn(() -> {
                if (await(ev.waitAsync())) {
                    result.add(1);
                }
                return true;
            });
            yieldOnce();
            assertEquals(List.of(), result);
            ev.set();
            ev.clear();
            assertFalse(ev.isSet());
            ev.set();
            ev.set();
            assertTrue(ev.toString().contains("waiters:1"), ev.toString());
            yieldOnce();
            assertEquals(List.of(1), result);
            assertFalse(ev.toString().contains("waiters"), ev.toString());
            assertTrue(t.done() && t.result());
            return null;
        });
    }

    @Test
    void aSetEventReusesOneCompletedFuture() throws Exception {
        Event ev = new Event();
        run(() -> {
            ev.set();
            assertTrue(ev.waitAsync() == ev.waitAsync());
            return null;
        });
    }

    @Test
    void eventWaitedOnFromTwoLoopsFailsOnTheSecond() throws Exception {
        Event ev = new Event();
        run(() -> {
            Task<Boolean> t = spawn(() -> await(ev.waitAsync()));
            yieldOnce();
            ev.set();
            return await(t);
        });
        ev.clear();
        EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> other.runUntilComplete(() -> await(ev.waitAsync())));
            assertTrue(e.getMessage().matches("<Event object at 0x[0-9a-f]+ \\[unset]> is bound to a different "
                    + "event loop"), e.getMessage());
        } finally {
            other.close();
        }
    }

    @Test
    void manyWaitersAreWokenByOneSet() throws Exception {
        Event ev = new Event();
        run(() -> {
            List<Task<Boolean>> ts = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ts.add(spawn(() -> await(ev.waitAsync())));
            }
            yieldOnce();
            ev.set();
            for (Task<Boolean> t : ts) {
                assertTrue(await(t));
            }
            assertFalse(ev.toString().contains("waiters"));
            return null;
        });
    }

    @Test
    void anEventWaitedOnFromTwoLoopsFailsOnTheSecondWithItsRepr() throws Exception {
        Event ev = new Event();
        Task<Boolean> first = spawn(() -> await(ev.waitAsync()));
        run(() -> {
            yieldOnce();
            return null;
        });
        EventLoop other = Asyncio.newEventLoop();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> other.runUntilComplete(() -> await(ev.waitAsync())));
            assertTrue(e.getMessage().matches(
                    "<Event object at 0x[0-9a-f]+ \\[unset, waiters:1]> is bound to a different event loop"),
                    e.getMessage());
        } finally {
            other.close();
        }
        ev.set();
        assertTrue(run(() -> await(first)));
    }
}
