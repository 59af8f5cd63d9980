package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** TaskGroup as test_taskgroups.py checks it. */
@Tag("coroutines")
class TaskGroupTest extends StructuredFixture {

    static final class MyExc extends RuntimeException {
        MyExc() {
            super("my exc");
        }
    }

    static Object crashAfter(double t) throws Exception {
        await(sleep(t));
        throw new IllegalArgumentException(String.valueOf(t));
    }

    @Test
    void runReturnsWhenAllTasksAreDoneWithTheirResults() throws Exception {
        List<Task<Integer>> ts = new ArrayList<>();
        String r = run(() -> TaskGroup.run(g -> {
            ts.add(g.createTask(() -> {
                await(sleep(0.02));
                return 42;
            }));
            ts.add(g.createTask(() -> {
                await(sleep(0.04));
                return 11;
            }));
            return "body";
        }));
        assertEquals("body", r);
        assertEquals(42, ts.get(0).result());
        assertEquals(11, ts.get(1).result());
    }

    @Test
    void tasksCreatedAfterAnAwaitInTheBodyAreWaitedFor() throws Exception {
        List<Task<Integer>> ts = new ArrayList<>();
        run(() -> TaskGroup.run(g -> {
            ts.add(g.createTask(() -> {
                await(sleep(0.02));
                return 42;
            }));
            await(sleep(0.03));
            ts.add(g.createTask(() -> {
                await(sleep(0.02));
                return 11;
            }));
            return null;
        }));
        assertEquals(42, ts.get(0).result());
        assertEquals(11, ts.get(1).result());
    }

    @Test
    void aTaskCancelledExplicitlyDoesNotAbortTheGroup() throws Exception {
        List<Task<Integer>> ts = new ArrayList<>();
        run(() -> TaskGroup.run(g -> {
            ts.add(g.createTask(() -> {
                await(sleep(10));
                return 42;
            }));
            await(sleep(0.01));
            ts.get(0).cancel();
            ts.add(g.createTask(() -> {
                await(sleep(0.02));
                return 11;
            }));
            return null;
        }));
        assertTrue(ts.get(0).cancelled());
        assertEquals(11, ts.get(1).result());
    }

    @Test
    void aFailingTaskCancelsTheOthersAndTheCodeAfterTheGroupDoesNotRun() throws Exception {
        AtomicInteger num = new AtomicInteger();
        boolean[] t2Cancelled = new boolean[1];
        List<Task<?>> t2 = new ArrayList<>();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> {
            TaskGroup.run(g -> {
                g.createTask(() -> {
                    await(sleep(0.01));
                    return 1 / 0;
                });
                t2.add(g.createTask(() -> {
                    try {
                        await(sleep(1));
                    } catch (CancelledError e) {
                        t2Cancelled[0] = true;
                        throw e;
                    }
                    num.incrementAndGet();
                    return null;
                }));
                return null;
            });
            num.addAndGet(10);
            return null;
        }));
        assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
        assertEquals("unhandled errors in a TaskGroup", eg.message());
        assertEquals("unhandled errors in a TaskGroup (1 sub-exception)", eg.getMessage());
        assertEquals(0, num.get());
        assertTrue(t2Cancelled[0]);
        assertTrue(t2.get(0).cancelled());
    }

    @Test
    void aChildErrorCancelsTheBodyAndEveryOtherChild() throws Exception {
        boolean[] bodyCancelled = new boolean[1];
        AtomicInteger cancelledChildren = new AtomicInteger();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            for (int i = 0; i < 3; i++) {
                g.createTask(() -> {
                    await(sleep(0.01));
                    return 1 / 0;
                });
            }
            g.createTask(() -> {
                try {
                    await(sleep(5));
                } catch (CancelledError e) {
                    cancelledChildren.incrementAndGet();
                    throw e;
                }
                return null;
            });
            try {
                await(sleep(10));
            } catch (CancelledError e) {
                bodyCancelled[0] = true;
                throw e;
            }
            return null;
        })));
        assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
        assertTrue(bodyCancelled[0]);
        assertEquals(1, cancelledChildren.get());
        for (Throwable t : eg.exceptions()) {
            assertTrue(List.of(eg.getSuppressed()).contains(t), "each inner exception is also suppressed");
        }
    }

    @Test
    void cancellingTheParentCancelsEveryChildAndPropagatesCancelledError() throws Exception {
        AtomicInteger num = new AtomicInteger();
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.createTask(() -> {
                        try {
                            await(sleep(5));
                        } catch (CancelledError e) {
                            num.incrementAndGet();
                            throw e;
                        }
                        return null;
                    });
                }
                return null;
            }));
            await(sleep(0.02));
            assertFalse(r.done());
            r.cancel();
            assertThrows(CancelledError.class, () -> await(r));
            return null;
        });
        assertEquals(5, num.get());
    }

    @Test
    void cancellingTheParentWhileTheBodyAwaitsCancelsBodyAndChildren() throws Exception {
        AtomicInteger num = new AtomicInteger();
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.createTask(() -> {
                        try {
                            await(sleep(5));
                        } catch (CancelledError e) {
                            num.incrementAndGet();
                            throw e;
                        }
                        return null;
                    });
                }
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    num.addAndGet(10);
                    throw e;
                }
                return null;
            }));
            await(sleep(0.02));
            r.cancel();
            assertThrows(CancelledError.class, () -> await(r));
            assertTrue(r.cancelled());
            return null;
        });
        assertEquals(15, num.get());
    }

    @Test
    void childrenFailingWhileCancelledFromOutsideGiveAnExceptionGroup() throws Exception {
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(g -> {
                for (int i = 0; i < 5; i++) {
                    g.createTask(() -> {
                        try {
                            await(sleep(10));
                        } finally {
                            int zero = 0;
                            int unused = 1 / zero;
                        }
                        return null;
                    });
                }
                await(sleep(10));
                return null;
            }));
            await(sleep(0.02));
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> await(r));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            assertEquals(5, eg.exceptions().size());
            return null;
        });
    }

    @Test
    void anErrorInTheBodyAfterAnAwaitCancelsTheChildren() throws Exception {
        List<Task<Integer>> ts = new ArrayList<>();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            ts.add(g.createTask(() -> {
                await(sleep(1));
                return 42;
            }));
            ts.add(g.createTask(() -> {
                await(sleep(2));
                return 11;
            }));
            await(sleep(0.01));
            return 1 / 0;
        })));
        assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
        assertTrue(ts.get(0).cancelled());
        assertTrue(ts.get(1).cancelled());
    }

    @Test
    void anErrorInTheBodyBeforeAnyAwaitCancelsTheChildrenBeforeTheyStart() throws Exception {
        List<Task<Integer>> ts = new ArrayList<>();
        boolean[] started = new boolean[1];
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            ts.add(g.createTask(() -> {
                started[0] = true;
                return 42;
            }));
            throw new MyExc();
        })));
        assertEquals(Set.of(MyExc.class), errorTypes(eg));
        assertTrue(ts.get(0).cancelled());
        assertFalse(started[0]);
    }

    @Test
    void nestedGroupErrorsComeOutNested() throws Exception {
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(outer -> TaskGroup.run(g2 -> {
                for (int i = 0; i < 5; i++) {
                    g2.createTask(() -> {
                        try {
                            await(sleep(10));
                        } finally {
                            int zero = 0;
                            int unused = 1 / zero;
                        }
                        return null;
                    });
                }
                await(sleep(10));
                return null;
            })));
            await(sleep(0.02));
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> await(r));
            assertEquals(Set.of(ExceptionGroup.class), errorTypes(eg));
            assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) eg.exceptions().get(0)));
            return null;
        });
    }

    @Test
    void nestedGroupWithASiblingSleeperInTheOuterGroup() throws Exception {
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(g1 -> {
                g1.createTask(() -> {
                    await(sleep(10));
                    return null;
                });
                return TaskGroup.run(g2 -> {
                    for (int i = 0; i < 5; i++) {
                        g2.createTask(() -> {
                            try {
                                await(sleep(10));
                            } finally {
                                int zero = 0;
                                int unused = 1 / zero;
                            }
                            return null;
                        });
                    }
                    await(sleep(10));
                    return null;
                });
            }));
            await(sleep(0.02));
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> await(r));
            assertEquals(Set.of(ExceptionGroup.class), errorTypes(eg));
            assertEquals(Set.of(ArithmeticException.class), errorTypes((ExceptionGroup) eg.exceptions().get(0)));
            return null;
        });
    }

    @Test
    void anOuterChildFailingFirstCancelsTheInnerGroupQuietly() throws Exception {
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g1 -> {
            g1.createTask(() -> crashAfter(0.01));
            return TaskGroup.run(g2 -> g2.createTask(() -> crashAfter(10)));
        })));
        assertEquals(Set.of(IllegalArgumentException.class), errorTypes(eg));
    }

    @Test
    void anInnerChildFailingFirstComesOutAsANestedGroup() throws Exception {
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g1 -> {
            g1.createTask(() -> crashAfter(10));
            return TaskGroup.run(g2 -> g2.createTask(() -> crashAfter(0.01)));
        })));
        assertEquals(Set.of(ExceptionGroup.class), errorTypes(eg));
        assertEquals(Set.of(IllegalArgumentException.class), errorTypes((ExceptionGroup) eg.exceptions().get(0)));
    }

    @Test
    void aChildErrorDuringSlowCleanupOfAnOuterCancelWins() throws Exception {
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(g1 -> {
                g1.createTask(() -> {
                    await(sleep(0.03));
                    return 1 / 0;
                });
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    await(sleep(0.06));
                    throw e;
                }
                return null;
            }));
            await(sleep(0.01));
            assertFalse(r.done());
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> await(r));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void theSameThroughAnIntermediateTask() throws Exception {
        run(() -> {
            Task<Object> r = loop.createTask(() -> {
                Task<Object> t = loop.createTask(() -> TaskGroup.run(g1 -> {
                    g1.createTask(() -> {
                        await(sleep(0.03));
                        return 1 / 0;
                    });
                    try {
                        await(sleep(10));
                    } catch (CancelledError e) {
                        await(sleep(0.06));
                        throw e;
                    }
                    return null;
                }));
                return await(t);
            });
            await(sleep(0.01));
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> await(r));
            assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void anEmptyGroupPropagatesTheCancellationOfItsBody() throws Exception {
        AtomicInteger num = new AtomicInteger();
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(g -> {
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    num.addAndGet(10);
                    throw e;
                }
                return null;
            }));
            await(sleep(0.01));
            r.cancel();
            assertThrows(CancelledError.class, () -> await(r));
            return null;
        });
        assertEquals(10, num.get());
    }

    @Test
    void aBodyThatTurnsItsCancellationIntoAnErrorRaisesAGroup() throws Exception {
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(g -> {
                try {
                    await(sleep(10));
                } catch (CancelledError e) {
                    throw new MyExc();
                }
                return null;
            }));
            await(sleep(0.01));
            r.cancel();
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> await(r));
            assertEquals(Set.of(MyExc.class), errorTypes(eg));
            return null;
        });
    }

    @Test
    void theBodysOwnErrorJoinsTheChildErrorsLast() throws Exception {
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            g.createTask(() -> {
                await(sleep(0.01));
                return 1 / 0;
            });
            try {
                await(sleep(10));
            } finally {
                throw new MyExc();
            }
        })));
        assertEquals(2, eg.exceptions().size());
        assertInstanceOf(ArithmeticException.class, eg.exceptions().get(0));
        assertInstanceOf(MyExc.class, eg.exceptions().get(1));
    }

    @Test
    void cancellingBeforeTheChildrenFinishPropagatesCancelledError() throws Exception {
        run(() -> {
            Task<Object> r = loop.createTask(() -> TaskGroup.run(g -> {
                g.createTask(() -> {
                    await(sleep(1));
                    return 42;
                });
                g.createTask(() -> {
                    await(sleep(2));
                    return 11;
                });
                return null;
            }));
            await(sleep(0.01));
            r.cancel();
            assertThrows(CancelledError.class, () -> await(r));
            return null;
        });
    }

    @Test
    void finishedTasksLeaveTheGroup() throws Exception {
        run(() -> TaskGroup.run(g -> {
            for (int i = 0; i < 5; i++) {
                await(sleep(0.01));
                g.createTask(() -> {
                    await(sleep(0.015));
                    return null;
                });
            }
            // Each child sleeps 15 ms; a loaded machine may take far longer, so wait for them with a generous bound.
            for (int i = 0; i < 500 && !g.toString().equals("<TaskGroup entered>"); i++) {
                await(sleep(0.01));
            }
            assertEquals("<TaskGroup entered>", g.toString());
            return null;
        }));
    }

    @Test
    void aTaskMayAddTasksToItsOwnGroup() throws Exception {
        AtomicInteger done = new AtomicInteger();
        run(() -> TaskGroup.run(g -> g.createTask(() -> {
            await(sleep(0.01));
            g.createTask(() -> {
                await(sleep(0.01));
                return done.incrementAndGet();
            });
            g.createTask(() -> {
                await(sleep(0.02));
                return done.incrementAndGet();
            });
            return null;
        })));
        assertEquals(2, done.get());
    }

    @Test
    void aGrowingGroupIsStoppedByOneFailure() throws Exception {
        AtomicInteger hydras = new AtomicInteger();
        class Hydra {
            Object grow(TaskGroup g) throws Exception {
                hydras.incrementAndGet();
                await(sleep(0.002));
                g.createTask(() -> grow(g));
                g.createTask(() -> grow(g));
                return null;
            }
        }
        Hydra h = new Hydra();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            g.createTask(() -> h.grow(g));
            g.createTask(() -> {
                while (hydras.get() < 10) {
                    await(sleep(0.003));
                }
                return 1 / 0;
            });
            return null;
        })));
        assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
        assertTrue(hydras.get() >= 10);
    }

    @Test
    void createTaskTakesANameAndAContext() throws Exception {
        ContextVar<Integer> cvar = new ContextVar<>("cvar");
        run(() -> TaskGroup.run(g -> {
            Task<Void> named = g.createTask(() -> null, "yolo");
            assertEquals("yolo", named.getName());
            Context ctx = Context.copyCurrent();
            assertNull(ctx.get(cvar));
            Task<Void> t1 = g.createTask(() -> {
                await(sleep(0));
                cvar.set(1);
                return null;
            }, null, ctx);
            await(t1);
            assertEquals(1, ctx.get(cvar));
            Task<Void> t2 = g.createTask(() -> {
                await(sleep(0));
                cvar.set(2);
                return null;
            }, "t2", ctx);
            await(t2);
            assertEquals(2, ctx.get(cvar));
            return null;
        }));
    }

    @Test
    void noTaskCanBeCreatedOnceTheGroupIsShuttingDown() throws Exception {
        String[] message = new String[1];
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            g.createTask(() -> {
                await(sleep(0.001));
                return 1 / 0;
            });
            g.createTask(() -> {
                try {
                    await(sleep(1));
                } catch (CancelledError e) {
                    message[0] = assertThrows(IllegalStateException.class, () -> g.createTask(() -> null)).getMessage();
                }
                return null;
            });
            return null;
        })));
        assertEquals(Set.of(ArithmeticException.class), errorTypes(eg));
        assertTrue(message[0].matches("TaskGroup <TaskGroup tasks=\\d errors=1 cancelling> is shutting down"), message[0]);
    }

    @Test
    void anExceptionFromCleanupInsideTheBodyJoinsTheChildError() throws Exception {
        run(() -> {
            Task<?> task = Asyncio.currentTask();
            try {
                TaskGroup.run(tg -> {
                    try {
                        tg.createTask(() -> {
                            throw new MyExc();
                        });
                        await(sleep(1));
                    } finally {
                        throw new MyExc(); // a resource whose close fails while the group cancels the body
                    }
                });
                fail("no group raised");
            } catch (ExceptionGroup eg) {
                assertEquals(0, task.cancelling());
                assertEquals(2, eg.exceptions().size());
            }
            return null;
        });
    }

    @Test
    void createTaskAfterTheGroupFinishedFails() throws Exception {
        TaskGroup[] leaked = new TaskGroup[1];
        run(() -> TaskGroup.run(g -> {
            leaked[0] = g;
            return null;
        }));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> run(() -> leaked[0].createTask(() -> null)));
        assertEquals("TaskGroup <TaskGroup entered> is finished", e.getMessage());
    }

    @Test
    void runOutsideATaskNamesWhatIsMissing() throws Exception {
        assertEquals("no running event loop",
                assertThrows(IllegalStateException.class, () -> TaskGroup.run(g -> null)).getMessage());
        String[] message = new String[1];
        loop.callSoon(() -> {
            try {
                TaskGroup.run(g -> null);
            } catch (IllegalStateException e) {
                message[0] = e.getMessage();
            }
        });
        run(() -> await(sleep(0)));
        assertEquals("TaskGroup <TaskGroup> cannot determine the parent task", message[0]);
    }

    @Test
    void theCancellingLevelIsPreservedAfterAGroupFails() throws Exception {
        run(() -> {
            assertThrows(ExceptionGroup.class, () -> TaskGroup.run(tg -> tg.createTask(() -> {
                await(sleep(0));
                throw new IllegalStateException();
            })));
            assertEquals(0, Asyncio.currentTask().cancelling());
            return null;
        });
    }

    @Test
    void nestedGroupsBothCancelledKeepTheCountsRight() throws Exception {
        run(() -> {
            try {
                TaskGroup.run(outerTg -> {
                    ExceptionGroup inner = assertThrows(ExceptionGroup.class, () -> TaskGroup.run(innerTg -> {
                        innerTg.createTask(() -> {
                            await(sleep(0));
                            throw new IllegalStateException();
                        });
                        outerTg.createTask(() -> {
                            await(sleep(0));
                            throw new IllegalArgumentException();
                        });
                        return null;
                    }));
                    assertEquals(Set.of(IllegalStateException.class), errorTypes(inner));
                    assertEquals(1, Asyncio.currentTask().cancelling());
                    return null;
                });
                fail("ValueError not raised");
            } catch (ExceptionGroup eg) {
                assertEquals(Set.of(IllegalArgumentException.class), errorTypes(eg));
            }
            assertEquals(0, Asyncio.currentTask().cancelling());
            return null;
        });
    }

    @Test
    void anErrorAndAnOuterCancelBothReachTheBody() throws Exception {
        run(() -> {
            Future<Void> started = loop.createFuture();
            Task<Void> t = loop.createTask(() -> {
                try {
                    TaskGroup.run(tg -> {
                        tg.createTask(() -> {
                            started.setResult(null);
                            await(sleep(0));
                            throw new IllegalStateException();
                        });
                        await(sleep(1));
                        fail("Sleep in group should have been cancelled");
                        return null;
                    });
                } catch (ExceptionGroup eg) {
                    assertEquals(1, Asyncio.currentTask().cancelling());
                }
                assertEquals(1, Asyncio.currentTask().cancelling());
                await(sleep(1));
                fail("Sleep after group should have been cancelled");
                return null;
            });
            await(started);
            assertEquals(0, t.cancelling());
            t.cancel();
            assertEquals(1, t.cancelling());
            assertThrows(CancelledError.class, () -> await(t));
            assertTrue(t.cancelled());
            return null;
        });
    }

    @Test
    void theGroupsOwnCancellationOfTheParentIsTakenBackAndItsBodyNeverSeesItAfter() throws Exception {
        String after = run(() -> {
            try {
                TaskGroup.run(g -> {
                    g.createTask(() -> crashAfter(0.005));
                    await(sleep(10));
                    return null;
                });
            } catch (ExceptionGroup eg) {
                // ignore the group's errors, as test_taskgroups's foo() does
            }
            await(sleep(0.005)); // must not be cancelled
            return "after";
        });
        assertEquals("after", after);
    }

    @Test
    void aChildErrorIsBothInTheGroupAndAmongItsSuppressedAndNothingIsReported() throws Exception {
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            g.createTask(() -> {
                throw new MyExc();
            });
            return null;
        })));
        assertEquals(Set.of(MyExc.class), errorTypes(eg));
        assertSame(eg.exceptions().get(0), eg.getSuppressed()[0]);
        List<Map<String, Object>> none = takeReports();
        assertEquals(List.of(), none);
    }

    @Test
    void reprShowsTasksErrorsAndState() throws Exception {
        List<String> reprs = new ArrayList<>();
        assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            reprs.add(g.toString());
            g.createTask(() -> {
                await(sleep(10));
                return null;
            });
            reprs.add(g.toString());
            g.createTask(() -> {
                throw new MyExc();
            });
            try {
                await(sleep(10));
            } catch (CancelledError e) {
                reprs.add(g.toString());
                throw e;
            }
            return null;
        })));
        assertEquals(List.of("<TaskGroup entered>", "<TaskGroup tasks=1 entered>", "<TaskGroup tasks=1 errors=1 cancelling>"),
                reprs);
    }

    @Test
    void theBodysOwnFailureComesLastAfterTheTasksFailures() throws Exception {
        // asyncio's __aexit__ waits for the tasks (collecting their errors), then appends the body's exception
        ExceptionGroup eg = run(() -> {
            try {
                TaskGroup.run(g -> {
                    g.createTask(() -> {
                        try {
                            await(sleep(10));
                        } catch (CancelledError e) {
                            throw new ArithmeticException("child, while cancelled");
                        }
                        return null;
                    });
                    await(sleep(0));
                    throw new MyExc();
                });
                return null;
            } catch (ExceptionGroup e) {
                return e;
            }
        });
        assertEquals(2, eg.exceptions().size(), eg.exceptions().toString());
        assertInstanceOf(ArithmeticException.class, eg.exceptions().get(0));
        assertInstanceOf(MyExc.class, eg.exceptions().get(1));
    }

    /** Python's BaseException that is not an Exception: the nearest Java shape is an Error. */
    static final class MyBaseError extends Error {
        MyBaseError() {
            super("my base error");
        }
    }

    @Test
    void anErrorFromTheBodysCleanupJoinsTheChildFailureInTheGroup() throws Exception {
        // test_taskgroup_20a: Python's BaseExceptionGroup; jasyncio has one ExceptionGroup for both
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            g.createTask(() -> {
                await(sleep(0.01));
                return 1 / 0;
            });
            try {
                await(sleep(10));
            } finally {
                throw new MyBaseError();
            }
        })));
        assertEquals(Set.of(MyBaseError.class, ArithmeticException.class), errorTypes(eg));
    }

    @Test
    void anErrorFromAChildJoinsTheBodysFailureInTheGroup() throws Exception {
        // test_taskgroup_21a
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(g -> {
            g.createTask(() -> {
                await(sleep(0.01));
                throw new MyBaseError();
            });
            try {
                await(sleep(10));
            } finally {
                throw new IllegalArgumentException("type error");
            }
        })));
        assertEquals(Set.of(MyBaseError.class, IllegalArgumentException.class), errorTypes(eg));
    }

    @Test
    void aTaskCreatedByAChildThatFailsAtOnceCancelsThatChild() throws Exception {
        // test_cancels_task_if_created_during_creation (gh-128550)
        boolean[] ran = new boolean[1];
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(tg -> {
            tg.createTask(() -> {
                tg.createTask(() -> {
                    throw new MyExc();
                });
                assertThrows(CancelledError.class, () -> {
                    await(sleep(0)); // an eager task is cancelled here
                    await(sleep(0)); // a lazy one here
                });
                ran[0] = true;
                return null;
            });
            return null;
        })));
        assertTrue(ran[0]);
        assertEquals(Set.of(MyExc.class), errorTypes(eg));
    }

    @Test
    void aChildFailingBeforeItsFirstAwaitDoesNotLeaveTheParentCancelled() throws Exception {
        // test_cancellation_does_not_leak_out_of_tg
        String after = run(() -> {
            assertThrows(ExceptionGroup.class, () -> TaskGroup.run(tg -> tg.createTask(() -> {
                throw new MyExc();
            })));
            await(sleep(0)); // a cancellation left behind would strike here
            return "after";
        });
        assertEquals("after", after);
    }

    @Test
    void aChildSeesItsNameAsTheCurrentTask() throws Exception {
        // test_name
        String[] name = new String[1];
        run(() -> TaskGroup.run(tg -> tg.createTask(() -> {
            name[0] = Asyncio.currentTask().getName();
            return null;
        }, "example name")));
        assertEquals("example name", name[0]);
    }

    @Test
    void aGroupInsideAnExpiredTimeoutGivesTheTimeoutCausedByTheCancellation() throws Exception {
        // test_exception_refcycles_propagate_cancellation_error, its behaviour (the reference counting is Python's)
        run(() -> {
            java.util.concurrent.TimeoutException e = assertThrows(java.util.concurrent.TimeoutException.class,
                    () -> Asyncio.timeout(-1, t -> TaskGroup.run(tg -> await(sleep(0)))));
            assertInstanceOf(CancelledError.class, e.getCause());
            assertEquals(0, Asyncio.currentTask().cancelling());
            return null;
        });
    }

    @Test
    void theParentsCancelMessageComesOutOfTheGroup() throws Exception {
        // test_cancellation and test_cancellation_in_body as older CPython versions check them: the message survives
        for (boolean bodyAwaits : new boolean[] {false, true}) {
            run(() -> {
                Task<Object> r = loop.createTask(() -> TaskGroup.run(g -> {
                    for (int i = 0; i < 5; i++) {
                        g.createTask(() -> {
                            await(sleep(5));
                            return null;
                        });
                    }
                    if (bodyAwaits) {
                        await(sleep(10));
                    }
                    return null;
                }));
                await(sleep(0.01));
                assertFalse(r.done());
                r.cancel("test");
                assertEquals("test", assertThrows(CancelledError.class, () -> await(r)).getMessage());
                return null;
            });
        }
    }
}

