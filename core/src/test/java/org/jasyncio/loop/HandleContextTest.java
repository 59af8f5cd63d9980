package org.jasyncio.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.jasyncio.Asyncio;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.EventLoop;
import org.jasyncio.Handle;
import org.jasyncio.TimerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code Handle.get_context()} (3.12), as test_events.py's HandleTests check it. */
class HandleContextTest {
    private final EventLoop loop = Asyncio.newEventLoop();

    @AfterEach
    void close() {
        loop.close();
    }

    @Test
    void anExplicitContextIsReturnedItself() {
        Context ctx = Context.copyCurrent();
        Handle h = loop.callSoon(() -> { }, ctx);
        TimerHandle t = loop.callLater(10, () -> { }, ctx);
        assertSame(ctx, h.getContext());
        assertSame(ctx, t.getContext());
        assertSame(ctx, loop.callSoonThreadsafe(() -> { }, ctx).getContext());
        h.cancel();
        t.cancel();
    }

    @Test
    void withoutOneTheHandleHoldsTheValuesCapturedWhenItWasScheduled() throws Exception {
        ContextVar<String> cv = new ContextVar<>("cv", "default");
        String[] seen = new String[2];
        loop.runUntilComplete(() -> {
            cv.set("scheduled");
            Handle h = loop.callSoon(() -> seen[1] = cv.get());
            cv.set("changed later");
            h.getContext().run(() -> seen[0] = cv.get());
            return Asyncio.await(Asyncio.sleep(0));
        });
        assertEquals("scheduled", seen[0]);
        assertEquals("scheduled", seen[1], "and the callback ran with the same values");
    }
}
