package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.jasyncio.Asyncio.timeout;
import static org.jasyncio.Asyncio.timeoutAt;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;
import org.jasyncio.Timeout;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Asyncio.timeout / timeoutAt as test_timeouts.py checks them. */
@Tag("coroutines")
class TimeoutTest extends StructuredFixture {
    private final Timeout[] cm = new Timeout[2];

    @Test
    void anExpiredTimeoutRaisesTimeoutExceptionCausedByTheCancellation() throws Exception {
        run(() -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> timeout(0.01, t -> {
                cm[0] = t;
                return await(sleep(10));
            }));
            assertInstanceOf(CancelledError.class, e.getCause());
            assertTrue(cm[0].expired());
            assertEquals(0, Asyncio.currentTask().cancelling(), "the timeout took its cancellation back");
            return null;
        });
    }

    @Test
    void timeoutAtKeepsItsDeadline() throws Exception {
        run(() -> {
            double deadline = loop.time() + 0.01;
            assertThrows(TimeoutException.class, () -> timeoutAt(deadline, t -> {
                cm[0] = t;
                return await(sleep(10));
            }));
            assertTrue(cm[0].expired());
            assertEquals(deadline, cm[0].when());
            return null;
        });
    }

    @Test
    void onlyTheOutermostOfTwoTimeoutsWithTheSameDeadlineRaises() throws Exception {
        boolean[] cancelled = new boolean[1];
        run(() -> {
            double deadline = loop.time() + 0.01;
            assertThrows(TimeoutException.class, () -> timeoutAt(deadline, t1 -> {
                cm[0] = t1;
                try {
                    return timeoutAt(deadline, t2 -> {
                        cm[1] = t2;
                        return await(sleep(10));
                    });
                } catch (CancelledError e) {
                    cancelled[0] = true;
                    throw e;
                }
            }));
            return null;
        });
        assertTrue(cancelled[0]);
        assertTrue(cm[0].expired());
        assertTrue(cm[1].expired());
    }

    @Test
    void theBodySeesTheCancellationAtItsAwait() throws Exception {
        boolean[] cancelled = new boolean[1];
        run(() -> assertThrows(TimeoutException.class, () -> timeout(0.01, t -> {
            try {
                return await(sleep(10));
            } catch (CancelledError e) {
                cancelled[0] = true;
                throw e;
            }
        })));
        assertTrue(cancelled[0]);
    }

    @Test
    void aBodyDoneInTimeReturnsItsResultAndTheTimeoutStaysUnexpired() throws Exception {
        run(() -> {
            String r = timeout(10, t -> {
                cm[0] = t;
                return await(sleep(0.01, "done"));
            });
            assertEquals("done", r);
            assertFalse(cm[0].expired());
            assertTrue(cm[0].when() > loop.time());
            return null;
        });
    }

    @Test
    void anInfiniteDelayOrDeadlineNeverExpires() throws Exception {
        run(() -> {
            timeout(Double.POSITIVE_INFINITY, t -> {
                cm[0] = t;
                return await(sleep(0.01));
            });
            timeoutAt(Double.POSITIVE_INFINITY, t -> {
                cm[1] = t;
                return await(sleep(0.01));
            });
            timeout((Duration) null, t -> await(sleep(0)));
            return null;
        });
        for (Timeout t : cm) {
            assertFalse(t.expired());
            assertEquals(Double.POSITIVE_INFINITY, t.when());
        }
    }

    @Test
    void timeoutZeroExpiresAtTheNextIterationEvenForSleepZero() throws Exception {
        run(() -> {
            double t0 = loop.time();
            assertThrows(TimeoutException.class, () -> timeout(0, t -> {
                cm[0] = t;
                return await(sleep(10));
            }));
            assertThrows(TimeoutException.class, () -> timeout(0, t -> {
                cm[1] = t;
                return await(sleep(0));
            }));
            double t1 = loop.time();
            for (Timeout t : cm) {
                assertTrue(t.expired());
                assertTrue(t0 <= t.when() && t.when() <= t1);
            }
            return null;
        });
    }

    @Test
    void aDeadlineInThePastExpiresAtTheNextIteration() throws Exception {
        run(() -> {
            double t0 = loop.time();
            assertThrows(TimeoutException.class, () -> timeout(-11, t -> {
                cm[0] = t;
                return await(sleep(0));
            }));
            assertTrue(cm[0].expired());
            assertTrue(cm[0].when() <= t0);
            return null;
        });
    }

    @Test
    void aForeignExceptionPassesThroughUnchanged() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        run(() -> {
            assertSame(boom, assertThrows(IllegalStateException.class, () -> timeout(0.01, t -> {
                cm[0] = t;
                throw boom;
            })));
            assertFalse(cm[0].expired());
            return null;
        });
    }

    @Test
    void anExpiryWhileCleaningUpAfterAnErrorIsATimeout() throws Exception {
        run(() -> {
            TimeoutException e = assertThrows(TimeoutException.class, () -> timeout(0.01, t -> {
                try {
                    int zero = 0;
                    return 1 / zero;
                } finally {
                    await(sleep(1));
                }
            }));
            assertInstanceOf(CancelledError.class, e.getCause());
            return null;
        });
    }

    @Test
    void aForeignExceptionThatReplacesOurCancellationCarriesTheTimeout() throws Exception {
        run(() -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> timeout(0.01, t -> {
                try {
                    return await(sleep(1));
                } catch (CancelledError ce) {
                    throw new IllegalStateException("crash in cleanup", ce);
                }
            }));
            assertEquals(1, e.getSuppressed().length);
            TimeoutException te = assertInstanceOf(TimeoutException.class, e.getSuppressed()[0]);
            assertSame(e.getCause(), te.getCause());
            return null;
        });
    }

    @Test
    void aForeignCancelDoesNotTurnIntoATimeout() throws Exception {
        run(() -> {
            assertThrows(CancelledError.class, () -> timeout(10, t -> {
                cm[0] = t;
                Asyncio.currentTask().cancel();
                return await(sleep(10));
            }));
            assertFalse(cm[0].expired());
            assertEquals(1, Asyncio.currentTask().cancelling(), "the cancel request is still pending");
            assertEquals(0, Asyncio.currentTask().uncancel());
            return null;
        });
    }

    @Test
    void theTaskIsNotCancelledByItsExpiredTimeout() throws Exception {
        run(() -> {
            Task<Object> task = loop.createTask(() -> {
                assertThrows(TimeoutException.class, () -> timeout(0.001, t -> await(sleep(10))));
                return "ok";
            });
            assertEquals("ok", await(task));
            assertFalse(task.cancelled());
            return null;
        });
    }

    @Test
    void nestedTimeoutsExpiringInTheSameIterationLeaveTheTimeoutToTheOuterOne() throws Exception {
        loop.setSlowCallbackDuration(10);
        List<String> log = new ArrayList<>();
        run(() -> {
            double t0 = loop.time();
            assertThrows(TimeoutException.class, () -> timeout(0.1, outer -> {
                cm[0] = outer;
                // Both deadlines pass while the loop is blocked: the task is cancelled twice, so the inner timeout
                // sees a cancellation that is not only its own and lets it through (test_nested_timeouts_loop_busy).
                CancelledError e = assertThrows(CancelledError.class, () -> timeout(0.01, inner -> {
                    cm[1] = inner;
                    Thread.sleep(150);
                    return await(sleep(1));
                }));
                log.add("inner let the cancellation through, cancelling=" + Asyncio.currentTask().cancelling());
                throw e;
            }));
            log.add("outer timeout, cancelling=" + Asyncio.currentTask().cancelling());
            assertTrue(loop.time() - t0 < 5);
            return null;
        });
        assertEquals(List.of("inner let the cancellation through, cancelling=1", "outer timeout, cancelling=0"), log);
        assertTrue(cm[0].expired());
        assertTrue(cm[1].expired());
    }

    @Test
    void anOuterTimeoutExpiringFirstPassesThroughTheInnerOne() throws Exception {
        run(() -> {
            assertThrows(TimeoutException.class, () -> timeout(0.002, outer -> {
                assertThrows(CancelledError.class, () -> timeout(0.1, inner -> {
                    cm[1] = inner;
                    Thread.sleep(10); // crunch some numbers
                    return await(sleep(1));
                }));
                assertFalse(cm[1].expired());
                throw new CancelledError();
            }));
            return null;
        });
    }

    @Test
    void rescheduleMovesOrRemovesTheDeadline() throws Exception {
        run(() -> {
            Future<Timeout> fut = loop.createFuture();
            double deadline1 = loop.time() + 10;
            double deadline2 = deadline1 + 20;
            Task<Object> task = loop.createTask(() -> timeoutAt(deadline1, t -> {
                fut.setResult(t);
                return await(sleep(50));
            }));
            Timeout t = await(fut);
            assertEquals(deadline1, t.when());
            t.reschedule(deadline2);
            assertEquals(deadline2, t.when());
            t.reschedule(Double.POSITIVE_INFINITY);
            assertEquals(Double.POSITIVE_INFINITY, t.when());
            task.cancel();
            assertThrows(CancelledError.class, () -> await(task));
            assertFalse(t.expired());
            return null;
        });
    }

    @Test
    void rescheduleToAnEarlierTimeExpiresSooner() throws Exception {
        run(() -> {
            double t0 = loop.time();
            assertThrows(TimeoutException.class, () -> timeout(100, t -> {
                t.reschedule(loop.time() + 0.01);
                return await(sleep(100));
            }));
            assertTrue(loop.time() - t0 < 50);
            return null;
        });
    }

    @Test
    void reprNamesTheState() throws Exception {
        List<String> reprs = new ArrayList<>();
        run(() -> {
            timeout(10, t -> {
                reprs.add(t.toString());
                cm[0] = t;
                return await(sleep(0));
            });
            reprs.add(cm[0].toString());
            assertThrows(TimeoutException.class, () -> timeout(0.01, t -> {
                cm[1] = t;
                return await(sleep(10));
            }));
            reprs.add(cm[1].toString());
            timeout(Double.POSITIVE_INFINITY, t -> reprs.add(t.toString()));
            return null;
        });
        assertTrue(reprs.get(0).matches("<Timeout \\[active] when=\\d+\\.\\d*>"), reprs.get(0));
        assertEquals(List.of("<Timeout [finished]>", "<Timeout [expired]>", "<Timeout [active] when=None>"),
                reprs.subList(1, 4));
    }

    @Test
    void aNestedTimeoutInsideTheCleanupOfAnExpiredOneRaisesItsOwn() throws Exception {
        run(() -> {
            TimeoutException[] inner = new TimeoutException[1];
            TimeoutException outer = assertThrows(TimeoutException.class, () -> timeout(0.01, t1 -> {
                try {
                    return await(sleep(1));
                } finally {
                    inner[0] = assertThrows(TimeoutException.class, () -> timeout(0.01, t2 -> await(sleep(10))));
                }
            }));
            assertInstanceOf(CancelledError.class, outer.getCause());
            assertInstanceOf(CancelledError.class, inner[0].getCause());
            return null;
        });
    }

    @Test
    void aTimeoutAfterAHandledCancellationStillFires() throws Exception {
        run(() -> {
            try {
                Asyncio.currentTask().cancel();
                await(sleep(1));
            } catch (CancelledError e) {
                // handled
            } finally {
                assertThrows(TimeoutException.class, () -> timeout(0.0, t -> await(sleep(1))));
            }
            return null;
        });
    }

    @Test
    void aCancelInsideATimeoutAfterAHandledCancellationIsACancel() throws Exception {
        run(() -> {
            try {
                Asyncio.currentTask().cancel();
                await(sleep(1));
            } catch (CancelledError e) {
                // handled
            } finally {
                assertThrows(CancelledError.class, () -> timeout(1.0, t -> {
                    Asyncio.currentTask().cancel();
                    return await(sleep(2));
                }));
            }
            return null;
        });
    }

    @Test
    void rescheduleOnceFinishedExpiredOrExpiringFails() throws Exception {
        run(() -> {
            timeout(0.01, t -> cm[0] = t);
            assertEquals("Cannot change state of finished Timeout",
                    assertThrows(IllegalStateException.class, () -> cm[0].reschedule(0.02)).getMessage());
            assertThrows(TimeoutException.class, () -> timeout(0.01, t -> {
                cm[1] = t;
                return await(sleep(1));
            }));
            assertEquals("Cannot change state of expired Timeout",
                    assertThrows(IllegalStateException.class, () -> cm[1].reschedule(0.02)).getMessage());
            String[] expiring = new String[1];
            timeout(0.01, t -> {
                assertThrows(CancelledError.class, () -> await(sleep(1)));
                expiring[0] = assertThrows(IllegalStateException.class, () -> t.reschedule(0.02)).getMessage();
                return null;
            });
            assertEquals("Cannot change state of expiring Timeout", expiring[0]);
            assertEquals(0, Asyncio.currentTask().cancelling());
            return null;
        });
    }

    @Test
    void aTimeoutOutsideATaskFails() throws Exception {
        assertEquals("no running event loop",
                assertThrows(IllegalStateException.class, () -> timeout(1, t -> null)).getMessage());
        String[] message = new String[1];
        loop.callSoon(() -> {
            try {
                timeout(1, t -> null);
            } catch (Exception e) {
                message[0] = e.getMessage();
            }
        });
        run(() -> await(sleep(0)));
        assertEquals("Timeout should be used inside a task", message[0]);
        assertThrows(IllegalArgumentException.class, () -> run(() -> timeout(Double.NaN, t -> null)));
    }

    @Test
    void aTaskGroupFailingInsideAnExpiredTimeoutRaisesItsGroup() throws Exception {
        run(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> timeout(0.01, t -> TaskGroup.run(tg -> {
                tg.createTask(() -> {
                    try {
                        await(sleep(2)); // interrupted after 0.01 s
                    } finally {
                        int zero = 0;
                        int unused = 1 / zero; // crash in cleanup
                    }
                    return null;
                });
                try {
                    throw new IllegalArgumentException();
                } finally {
                    await(sleep(1));
                }
            })));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            assertEquals(0, Asyncio.currentTask().cancelling());
            return null;
        });
    }

    @Test
    void nestedTimeoutsInsideTaskGroupsInsideTimeoutsComposeThroughUncancel() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            TimeoutException outerTimeout = assertThrows(TimeoutException.class, () -> timeout(0.5, outer -> TaskGroup.run(tg -> {
                tg.createTask(() -> {
                    // a child with its own short timeout, around a nested group
                    TimeoutException te = assertThrows(TimeoutException.class, () -> timeout(0.02, inner ->
                            TaskGroup.run(inner2 -> {
                                inner2.createTask(() -> await(sleep(10)));
                                return await(sleep(10));
                            })));
                    synchronized (log) {
                        log.add("child: inner timeout, cancelling=" + Asyncio.currentTask().cancelling()
                                + ", caused by cancel=" + (te.getCause() instanceof CancelledError));
                    }
                    try {
                        return await(sleep(10));
                    } catch (CancelledError e) {
                        synchronized (log) {
                            log.add("child: cancelled by the group");
                        }
                        throw e;
                    }
                });
                assertThrows(TimeoutException.class, () -> timeout(0.05, mid -> await(sleep(10))));
                synchronized (log) {
                    log.add("body: mid timeout, cancelling=" + Asyncio.currentTask().cancelling());
                }
                return await(sleep(10)); // interrupted by the outer timeout
            })));
            assertInstanceOf(CancelledError.class, outerTimeout.getCause());
            log.add("outer timeout, cancelling=" + Asyncio.currentTask().cancelling());
            return null;
        });
        assertEquals(Set.of("child: inner timeout, cancelling=0, caused by cancel=true", "body: mid timeout, cancelling=0"),
                Set.copyOf(log.subList(0, 2)));
        assertEquals(List.of("child: cancelled by the group", "outer timeout, cancelling=0"), log.subList(2, 4));
    }

    @Test
    void aTimeoutInsideAGroupInsideATimeoutWhereTheOuterExpiresFirst() throws Exception {
        run(() -> {
            boolean[] innerSawCancel = new boolean[1];
            TimeoutException e = assertThrows(TimeoutException.class, () -> timeout(0.01, outer -> TaskGroup.run(tg -> {
                tg.createTask(() -> timeout(10, inner -> {
                    try {
                        return await(sleep(10));
                    } catch (CancelledError ce) {
                        innerSawCancel[0] = true;
                        throw ce;
                    }
                }));
                return timeout(5, inner -> await(sleep(10)));
            })));
            assertInstanceOf(CancelledError.class, e.getCause());
            assertTrue(innerSawCancel[0]);
            assertEquals(0, Asyncio.currentTask().cancelling());
            return null;
        });
    }

    @Test
    void aChildErrorInAGroupInsideATimeoutIsTheGroupNotATimeout() throws Exception {
        run(() -> {
            double[] when = new double[1];
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> timeout(10, t -> {
                when[0] = t.when();
                return TaskGroup.run(tg -> {
                    tg.createTask(() -> {
                        await(sleep(0.01));
                        throw new IllegalStateException("child");
                    });
                    return await(sleep(10));
                });
            }));
            assertEquals(Set.of(IllegalStateException.class), errorTypes(eg));
            assertEquals(0, Asyncio.currentTask().cancelling());
            return null;
        });
    }

    @Test
    void durationOverloadBehavesAsSeconds() throws Exception {
        run(() -> {
            double before = loop.time();
            assertThrows(TimeoutException.class, () -> timeout(Duration.ofMillis(10), t -> {
                cm[0] = t;
                return await(sleep(10));
            }));
            assertTrue(cm[0].when() >= before + 0.0099 && cm[0].when() <= loop.time());
            return null;
        });
    }

    @Test
    void anErrorFromCleanupBelowTheBodyReplacesTheTimeout() throws Exception {
        // test_foreign_exception_on_timeout: the crash in a finally below the body wins; the timeout takes its
        // cancellation back all the same
        run(() -> {
            ArithmeticException e = assertThrows(ArithmeticException.class, () -> timeout(0.01, t -> {
                try {
                    await(sleep(1));
                } finally {
                    int zero = 0;
                    int unused = 1 / zero;
                }
                return null;
            }));
            assertEquals("/ by zero", e.getMessage());
            assertEquals(0, Asyncio.currentTask().cancelling());
            return null;
        });
    }
}

