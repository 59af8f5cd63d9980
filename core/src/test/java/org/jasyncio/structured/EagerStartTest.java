package org.jasyncio.structured;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.Asyncio.sleep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.Context;
import org.jasyncio.ContextVar;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Task;
import org.jasyncio.TaskFactory;
import org.jasyncio.TaskGroup;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * asyncio 3.14's per-call {@code eager_start=} of {@code loop.create_task}, {@code asyncio.create_task},
 * {@code TaskGroup.create_task} and the Task constructor, as test_eager_task_factory.py's
 * DefaultTaskFactoryEagerStart checks it, and how it meets a task factory.
 */
@Tag("coroutines")
class EagerStartTest extends StructuredFixture {

    @Test
    void eagerStartTrueWithTheDefaultFactoryRunsTheBodyAtOnceUnderItsName() throws Exception {
        AtomicReference<String> name = new AtomicReference<>();
        run(() -> {
            Task<Void> t = loop.createTask(() -> {
                name.set(Asyncio.currentTask().getName());
                return null;
            }, "example", null, true);
            assertTrue(t.done(), "a body that never suspends is done when createTask returns");
            assertEquals("example", name.get());
            await(t);
            return null;
        });
    }

    @Test
    void theCallerIsTheCurrentTaskAgainAfterTheEagerStep() throws Exception {
        run(() -> {
            Task<?> me = Asyncio.currentTask();
            List<String> order = new ArrayList<>();
            Task<String> t = Asyncio.createTask(() -> {
                order.add("body starts");
                String r = await(sleep(0.01, "after suspending"));
                order.add("body ends");
                return r;
            }, null, null, true);
            order.add("createTask returned");
            assertSame(me, Asyncio.currentTask());
            assertFalse(t.done());
            assertEquals("after suspending", await(t));
            assertEquals(List.of("body starts", "createTask returned", "body ends"), order);
            return null;
        });
    }

    @Test
    void eagerStartFalseSchedulesTheTaskEvenUnderTheEagerFactory() throws Exception {
        loop.setTaskFactory(Asyncio.eagerTaskFactory());
        run(() -> {
            List<String> order = new ArrayList<>();
            Task<Void> lazy = loop.createTask(() -> {
                order.add("lazy body");
                return null;
            }, null, null, false);
            Task<Void> eager = loop.createTask(() -> {
                order.add("eager body");
                return null;
            });
            order.add("after both");
            assertFalse(lazy.done());
            assertTrue(eager.done());
            await(lazy);
            assertEquals(List.of("eager body", "after both", "lazy body"), order);
            return null;
        });
    }

    @Test
    void eagerStartFalseWithTheDefaultFactoryIsAnOrdinaryTask() throws Exception {
        run(() -> {
            Task<String> t = loop.createTask(() -> "done", "plain", null, false);
            assertFalse(t.done());
            assertEquals("plain", t.getName());
            assertEquals("done", await(t));
            return null;
        });
    }

    @Test
    void onALoopThatIsNotRunningAnEagerTaskIsScheduled() throws Exception {
        AtomicReference<Boolean> ran = new AtomicReference<>(false);
        Task<Void> t = loop.createTask(() -> {
            ran.set(true);
            return null;
        }, null, null, true);
        assertFalse(t.done());
        assertFalse(ran.get());
        loop.runUntilComplete(t);
        assertTrue(ran.get());
    }

    @Test
    void theEagerStepRunsInTheGivenContext() throws Exception {
        ContextVar<String> cv = new ContextVar<>("cv", "default");
        run(() -> {
            Context ctx = Context.copyCurrent();
            ctx.run(() -> cv.set("in ctx"));
            AtomicReference<String> seen = new AtomicReference<>();
            loop.createTask(() -> {
                seen.set(cv.get());
                return null;
            }, null, ctx, true);
            assertEquals("in ctx", seen.get());
            assertEquals("default", cv.get());
            return null;
        });
    }

    @Test
    void aBodyThatFailsEagerlyLeavesTheTaskFailed() throws Exception {
        run(() -> {
            Task<Void> t = loop.createTask(() -> {
                throw new IllegalStateException("boom");
            }, null, null, true);
            assertTrue(t.done());
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> await(t));
            assertEquals("boom", e.getMessage());
            return null;
        });
    }

    @Test
    void aFactoryThatDoesNotTakeEagerStartRefusesItAsAsyncioRaisesTypeError() throws Exception {
        TaskFactory plain = new TaskFactory() {
            @Override
            public <T> Task<T> createTask(EventLoop l, Coroutine<T> coro, Context ctx) {
                return Task.create(l, coro, ctx);
            }

            @Override
            public String toString() {
                return "plain";
            }
        };
        loop.setTaskFactory(plain);
        run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> loop.createTask(() -> null, null, null, true));
            assertEquals("task factory plain got an unexpected keyword argument 'eager_start'", e.getMessage());
            return null;
        });
    }

    @Test
    void aDecoratingFactoryForwardsEagerStartToTheTaskConstructor() throws Exception {
        List<Boolean> asked = new ArrayList<>();
        loop.setTaskFactory(new TaskFactory() {
            @Override
            public <T> Task<T> createTask(EventLoop l, Coroutine<T> coro, Context ctx) {
                return Task.create(l, coro, ctx);
            }

            @Override
            public <T> Task<T> createTask(EventLoop l, Coroutine<T> coro, String name, Context ctx, boolean eager) {
                asked.add(eager);
                return Task.create(l, coro, name, ctx, eager);
            }
        });
        run(() -> {
            Task<String> t = loop.createTask(() -> "now", "decorated", null, true);
            assertTrue(t.done());
            assertEquals("decorated", t.getName());
            Task<String> u = loop.createTask(() -> "later", null, null, false);
            assertFalse(u.done());
            assertEquals("later", await(u));
            assertEquals(List.of(true, false), asked);
            return null;
        });
    }

    @Test
    void taskGroupCreateTaskTakesEagerStart() throws Exception {
        run(() -> {
            List<String> order = new ArrayList<>();
            TaskGroup.run(tg -> {
                Task<Void> t = tg.createTask(() -> {
                    order.add("eager body");
                    return null;
                }, null, null, true);
                assertTrue(t.done());
                order.add("body of the group");
                return null;
            });
            assertEquals(List.of("eager body", "body of the group"), order);
            return null;
        });
    }

    @Test
    void anEagerTaskThatFailsInATaskGroupAbortsTheGroup() throws Exception {
        run(() -> {
            ExceptionGroup eg = assertThrows(ExceptionGroup.class, () -> TaskGroup.run(tg -> {
                Task<Void> slow = tg.createTask(() -> {
                    await(sleep(10));
                    return null;
                });
                tg.createTask(() -> {
                    throw new IllegalArgumentException("eager failure");
                }, null, null, true);
                await(sleep(10));
                return slow;
            }));
            assertEquals(1, eg.exceptions().size());
            assertEquals("eager failure", eg.exceptions().get(0).getMessage());
            return null;
        });
    }
}
