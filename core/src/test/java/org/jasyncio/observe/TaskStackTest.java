package org.jasyncio.observe;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Future;
import org.jasyncio.Task;
import org.junit.jupiter.api.Test;

/** Task.getStack/printStack and Asyncio.dumpTasks: where tasks are suspended, under either engine. */
class TaskStackTest extends ObserveKit {

    /** The frame a suspended task must show first. */
    static <T> T waitHere(Future<T> f) throws Exception {
        return await(f);
    }

    static <T> T outerStep(Future<T> f) throws Exception {
        return waitHere(f);
    }

    private static String text(java.util.function.Consumer<PrintStream> print) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            print.accept(out);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSuspendedTaskShowsTheFramesWhereItAwaitsInnermostFirst() throws Exception {
        Future<String> gate = loop.createFuture();
        Task<String> task = loop.createTask(() -> outerStep(gate), "waiter");
        spinOnce(loop);
        List<StackTraceElement> stack = task.getStack();
        assertTrue(stack.size() >= 3, stack.toString());
        assertEquals("waitHere", stack.get(0).getMethodName(), stack.toString());
        assertEquals("outerStep", stack.get(1).getMethodName(), stack.toString());
        assertTrue(stack.stream().noneMatch(f -> f.getClassName().startsWith("org.jasyncio.internal")
                || f.getClassName().startsWith("jdk.internal")), "library and engine frames are left out: " + stack);
        assertEquals(1, task.getStack(1).size());
        String printed = text(task::printStack);
        assertTrue(printed.startsWith("Stack for <Task pending name='waiter'"), printed);
        assertTrue(printed.contains("\tat " + TaskStackTest.class.getName() + ".waitHere("), printed);
        gate.setResult("ok");
        assertEquals("ok", loop.runUntilComplete(task));
        assertEquals(List.of(), task.getStack(), "a task that returned has no stack");
    }

    @Test
    void aTaskAskingAboutItselfSeesItsOwnFrames() throws Exception {
        Task<List<StackTraceElement>> task = loop.createTask(() -> ownStack());
        List<StackTraceElement> stack = loop.runUntilComplete(task);
        assertEquals("ownStack", stack.get(0).getMethodName(), stack.toString());
    }

    static List<StackTraceElement> ownStack() {
        return Asyncio.currentTask().getStack();
    }

    @Test
    void aFailedTaskShowsTheFramesOfItsException() throws Exception {
        Task<Void> task = loop.createTask(() -> {
            throw new IllegalStateException("boom");
        });
        assertTrue(task.getStack().isEmpty(), "not started yet: no frames");
        assertThrows(IllegalStateException.class, () -> loop.runUntilComplete(task));
        assertTrue(task.getStack().stream().anyMatch(f -> f.getClassName().startsWith(TaskStackTest.class.getName())));
        String printed = text(task::printStack);
        assertTrue(printed.startsWith("Traceback for <Task finished"), printed);
        assertTrue(printed.contains("java.lang.IllegalStateException: boom"), printed);
    }

    @Test
    void getStackFromAnotherThreadWhileTheLoopRunsIsRefused() throws Exception {
        Future<Void> gate = loop.createFuture();
        Task<Void> task = loop.createTask(() -> waitHere(gate));
        AtomicReference<Throwable> refused = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                task.getStack();
            } catch (Throwable t) {
                refused.set(t);
            }
            loop.callSoonThreadsafe(() -> gate.setResult(null));
        });
        loop.callSoon(other::start);
        loop.runUntilComplete(task);
        other.join();
        assertTrue(refused.get() instanceof IllegalStateException, String.valueOf(refused.get()));
    }

    @Test
    void dumpTasksPrintsEveryLiveTaskWithNameStateAndFrames() throws Exception {
        Future<Void> gate = loop.createFuture();
        Task<Void> alpha = loop.createTask(() -> outerStep(gate), "alpha");
        Task<Void> beta = loop.createTask(() -> waitHere(loop.createFuture()), "beta");
        spinOnce(loop);
        beta.cancel(); // cancels what beta waits for; beta itself ends when it runs again
        String dump = text(out -> Asyncio.dumpTasks(loop, out));
        assertTrue(dump.startsWith("2 tasks of "), dump);
        assertTrue(dump.contains("Task 'alpha' (suspended), waiting for <Future pending"), dump);
        assertTrue(dump.contains("\tat " + TaskStackTest.class.getName() + ".outerStep("), dump);
        assertTrue(dump.contains("Task 'beta' (suspended, cancelling 1)"), dump);
        gate.setResult(null);
        loop.runUntilComplete(alpha);
        assertThrows(CancelledError.class, () -> loop.runUntilComplete(beta));
        assertTrue(text(out -> Asyncio.dumpTasks(loop, out)).startsWith("0 tasks of "));
    }

    @Test
    void dumpTasksFromAnotherThreadAsksTheRunningLoop() throws Exception {
        Future<Void> gate = loop.createFuture();
        Task<Void> alpha = loop.createTask(() -> waitHere(gate), "alpha");
        AtomicReference<String> dump = new AtomicReference<>();
        Thread other = new Thread(() -> {
            dump.set(text(out -> Asyncio.dumpTasks(loop, out)));
            loop.callSoonThreadsafe(() -> gate.setResult(null));
        });
        loop.callSoon(other::start);
        loop.runUntilComplete(alpha);
        other.join();
        assertTrue(dump.get().contains("Task 'alpha' (suspended)"), dump.get());
        assertTrue(dump.get().contains(".waitHere("), dump.get());
    }
}
