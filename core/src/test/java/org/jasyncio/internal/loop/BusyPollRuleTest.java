package org.jasyncio.internal.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the loop spins before a wait, and what the jasyncio.busyPoll property may say. */
class BusyPollRuleTest {

    @Test
    void spinsOnlyAfterAWaitShortEnoughForASpinToHaveCaughtIt() {
        BusyPoll p = new BusyPoll(50_000);
        assertFalse(p.shouldSpin(), "a new loop has not waited yet");
        p.waited(10_000);
        assertTrue(p.shouldSpin());
        p.waited(50_000);
        assertTrue(p.shouldSpin(), "the budget itself is short enough");
        p.waited(50_001);
        assertFalse(p.shouldSpin(), "events further apart than the budget: sleep");
        p.hit(3_000);
        assertTrue(p.shouldSpin(), "a spin that found work keeps the loop spinning");
        p.missed(50_000);
        assertEquals(1, p.hits());
        assertEquals(53_000, p.spentNanos());
    }

    @Test
    void aZeroBudgetNeverSpins() {
        BusyPoll p = new BusyPoll(0);
        p.waited(0);
        assertFalse(p.shouldSpin());
    }

    @Test
    void theSpinNeverOutlastsTheTimeoutOfTheWait() {
        BusyPoll p = new BusyPoll(50_000);
        assertEquals(50_000, p.budgetFor(-1));
        assertEquals(50_000, p.budgetFor(1_000_000));
        assertEquals(7_000, p.budgetFor(7_000));
    }

    @Test
    void thePropertyIsWholeMicroseconds() {
        assertEquals(50_000, BusyPoll.configuredNanos(null));
        assertEquals(50_000, BusyPoll.configuredNanos(" "));
        assertEquals(0, BusyPoll.configuredNanos("0"));
        assertEquals(200_000, BusyPoll.configuredNanos(" 200 "));
        assertEquals(50_000, BusyPoll.configuredNanos("-1"), "out of range: the default, with a warning");
        assertEquals(50_000, BusyPoll.configuredNanos("fast"), "not a number: the default, with a warning");
        assertEquals(50_000, BusyPoll.configuredNanos("2000000"));
    }
}
