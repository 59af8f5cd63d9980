package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.ContextVar;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.jasyncio.TaskGroup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The eager task factory as test_eager_task_factory.py checks it, under both engines. */
@Tag("coroutines")
class EagerTaskTest extends StructuredFixture {

    @BeforeEach
    void eager() {
        loop.setTaskFactory(Asyncio.eagerTaskFactory());
    }

    @Test
    void theFactoryIsInstalledAndMakesTasks() throws Exception {
        assertSame(Asyncio.eagerTaskFactory(), loop.getTaskFactory());
        run(() -> {
            Task<Void> t = loop.createTask(() -> null);
            await(t);
            return null;
        });
    }

    @Test
    void aTaskThatNeverSuspendsIsDoneWhenCreateTaskReturns() throws Exception {
        String r = run(() -> {
            Task<String> t = loop.createTask(() -> "hello");
            assertTrue(t.done(), "the eager step completed the task");
            return await(t);
        });
        assertEquals("hello", r);
    }

    @Test
    void aFutureSetDuringTheEagerStepIsDoneAtOnce() throws Exception {
        String r = run(() -> {
            Future<String> fut = loop.createFuture();
            Task<Void> t = loop.createTask(() -> {
                fut.setResult("my message");
                return null;
            });
            assertTrue(t.done());
            assertTrue(fut.done());
            return await(fut);
        });
        assertEquals("my message", r);
    }

    @Test
    void aTaskThatSuspendsGoesOnLikeAnyOther() throws Exception {
        String r = run(() -> {
            Task<String> t = loop.createTask(() -> await(sleep(0.01, "finished after blocking")));
            assertFalse(t.done());
            String result = await(t);
            assertTrue(t.done());
            return result;
        });
        assertEquals("finished after blocking", r);
    }

    @Test
    void cancellingATaskThatFinishedEagerlyDoesNothing() throws Exception {
        String r = run(() -> {
            Task<String> t = loop.createTask(() -> "finished without blocking");
            assertFalse(t.cancel());
            String result = await(t);
            assertFalse(t.cancelled());
            return result;
        });
        assertEquals("finished without blocking", r);
    }

    @Test
    void cancellingATaskThatSuspendedInItsEagerStepCancelsItWithTheMessage() throws Exception {
        CancelledError e = assertThrows(CancelledError.class, () -> run(() -> {
            Task<String> t = loop.createTask(() -> await(sleep(0.1, "finished after blocking")));
            t.cancel("cancellation message");
            assertTrue(t.cancelling() > 0);
            return await(t);
        }));
        assertEquals("cancellation message", e.getMessage());
    }

    @Test
    void theEagerTaskIsCurrentInsideAndTheCallerAfterwards() throws Exception {
        List<Task<?>> seen = new ArrayList<>();
        run(() -> {
            Task<?> caller = Asyncio.currentTask();
            Task<Void> t = loop.createTask(() -> {
                seen.add(Asyncio.currentTask());
                await(sleep(0.01));
                seen.add(Asyncio.currentTask());
                return null;
            });
            assertSame(t, seen.get(0));
            assertSame(caller, Asyncio.currentTask(), "the calling task is current again");
            await(t);
            assertSame(t, seen.get(1));
            return null;
        });
    }

    @Test
    void allTasksListsTheEagerTaskWhileItRunsAndNotOnceItFinished() throws Exception {
        run(() -> {
            List<Set<Task<?>>> captured = new ArrayList<>();
            Task<Void> t = loop.createTask(() -> {
                captured.add(Asyncio.allTasks());
                return null;
            });
            assertTrue(captured.get(0).contains(t));
            assertFalse(Asyncio.allTasks().contains(t));
            return null;
        });
    }

    @Test
    void allTasksKeepsAnEagerTaskThatSuspendedUntilItFinishes() throws Exception {
        run(() -> {
            Future<Void> fut1 = loop.createFuture();
            Future<Void> fut2 = loop.createFuture();
            List<Set<Task<?>>> captured = new ArrayList<>();
            Task<Void> t = loop.createTask(() -> {
                captured.add(Asyncio.allTasks());
                await(fut1);
                fut2.setResult(null);
                return null;
            });
            assertTrue(captured.get(0).contains(t));
            assertTrue(Asyncio.allTasks().contains(t));
            fut1.setResult(null);
            await(fut2);
            await(sleep(0));
            assertFalse(Asyncio.allTasks().contains(t));
            return null;
        });
    }

    @Test
    void theEagerStepRunsInTheTasksOwnCopyOfTheContext() throws Exception {
        ContextVar<Integer> cv = new ContextVar<>("cv", 0);
        boolean[] steps = new boolean[2];
        run(() -> {
            cv.set(1);
            Task<Void> t = loop.createTask(() -> {
                assertEquals(1, cv.get());
                cv.set(2);
                steps[0] = true;
                await(sleep(0.01));
                assertEquals(2, cv.get());
                cv.set(3);
                steps[1] = true;
                return null;
            });
            assertTrue(steps[0]);
            assertFalse(steps[1]);
            assertEquals(1, cv.get(), "the caller's context is back");
            await(t);
            assertTrue(steps[1]);
            assertEquals(1, cv.get());
            return null;
        });
    }

    @Test
    void theBodySeesTheNameItWasCreatedWith() throws Exception {
        run(() -> {
            String[] name = new String[1];
            Task<Void> t = loop.createTask(() -> {
                name[0] = Asyncio.currentTask().getName();
                return null;
            }, "eager-one");
            assertEquals("eager-one", name[0]);
            assertEquals("eager-one", t.getName());
            return null;
        });
    }

    @Test
    void anExceptionOfTheEagerStepIsTheTasksOutcome() throws Exception {
        run(() -> {
            Task<Void> t = loop.createTask(() -> {
                throw new IllegalStateException("eager failure");
            });
            assertTrue(t.done());
            assertEquals("eager failure", assertThrows(IllegalStateException.class, () -> await(t)).getMessage());
            return null;
        });
    }

    @Test
    void onALoopNotRunningTasksAreScheduledAsUsual() throws Exception {
        boolean[] ran = new boolean[1];
        Task<Void> t = loop.createTask(() -> {
            ran[0] = true;
            return null;
        });
        assertFalse(ran[0]);
        assertFalse(t.done());
        loop.runUntilComplete(t);
        assertTrue(ran[0]);
    }

    @Test
    void eagerTasksNestAndEachRestoresItsCaller() throws Exception {
        List<String> log = new ArrayList<>();
        run(() -> {
            Task<?> main = Asyncio.currentTask();
            Task<String> outer = loop.createTask(() -> {
                Task<?> me = Asyncio.currentTask();
                log.add("outer starts");
                Task<String> inner = loop.createTask(() -> {
                    log.add("inner starts");
                    await(sleep(0));
                    log.add("inner resumes");
                    return "inner";
                });
                assertSame(me, Asyncio.currentTask());
                log.add("outer after creating inner");
                return await(inner) + "+outer";
            });
            assertSame(main, Asyncio.currentTask());
            log.add("main after creating outer");
            assertEquals("inner+outer", await(outer));
            return null;
        });
        assertEquals(List.of("outer starts", "inner starts", "outer after creating inner", "main after creating outer",
                "inner resumes"), log);
    }

    @Test
    void recursiveTaskGroupsOfEagerTasksAllFinish() throws Exception {
        AtomicInteger leaves = new AtomicInteger();
        class Tree {
            Void grow(int width, int depth) {
                if (depth == 0) {
                    leaves.incrementAndGet();
                    return null;
                }
                TaskGroup.run(tg -> {
                    for (int i = 0; i < width; i++) {
                        tg.createTask(() -> grow(width, depth - 1));
                    }
                    return null;
                });
                return null;
            }
        }
        run(() -> new Tree().grow(4, 4));
        assertEquals(256, leaves.get());
    }

    @Test
    void recursiveGathersOfEagerTasksAllFinish() throws Exception {
        AtomicInteger leaves = new AtomicInteger();
        class Tree {
            Object grow(int width, int depth) throws Exception {
                if (depth == 0) {
                    await(sleep(0));
                    return leaves.incrementAndGet();
                }
                Future<?>[] children = new Future<?>[width];
                for (int i = 0; i < width; i++) {
                    children[i] = loop.createTask(() -> grow(width, depth - 1));
                }
                return await(Asyncio.gather(children));
            }
        }
        run(() -> new Tree().grow(4, 4));
        assertEquals(256, leaves.get());
    }

    @Test
    void aTaskGroupWhoseEagerChildFailsAtOnceStillCancelsTheBodyLater() throws Exception {
        List<String> log = new ArrayList<>();
        ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> run(() -> TaskGroup.run(tg -> {
            Task<Void> t = tg.createTask(() -> {
                throw new IllegalArgumentException("eager");
            });
            assertTrue(t.done());
            log.add("body goes on after the eager failure");
            try {
                await(sleep(10));
            } catch (CancelledError e) {
                log.add("body cancelled at its next await");
                throw e;
            }
            return null;
        })));
        assertEquals(Set.of(IllegalArgumentException.class), errorTypes(eg));
        assertEquals(List.of("body goes on after the eager failure", "body cancelled at its next await"), log);
    }

    @Test
    void theFactoryCanBeRemovedAgain() throws Exception {
        run(() -> {
            loop.setTaskFactory(null);
            Task<String> t = loop.createTask(() -> "later");
            assertFalse(t.done());
            assertEquals("later", await(t));
            loop.setTaskFactory(Asyncio.eagerTaskFactory());
            Task<String> e = loop.createTask(() -> "now");
            assertTrue(e.done());
            assertNotSame(t, e);
            return null;
        });
    }
}
