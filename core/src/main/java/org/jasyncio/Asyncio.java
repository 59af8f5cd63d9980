package org.jasyncio;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.streams.StreamConnections;
import org.jasyncio.internal.task.AsCompleted;
import org.jasyncio.internal.task.Await;
import org.jasyncio.internal.task.Bridges;
import org.jasyncio.internal.task.EagerTasks;
import org.jasyncio.internal.task.Gathering;
import org.jasyncio.internal.task.RunnerState;
import org.jasyncio.internal.task.Shielding;
import org.jasyncio.internal.task.Sleeping;
import org.jasyncio.internal.task.TaskDump;
import org.jasyncio.internal.task.Threads;
import org.jasyncio.internal.task.TimeoutScope;
import org.jasyncio.internal.task.Timeouts;
import org.jasyncio.internal.task.Waiting;

/**
 * asyncio's module-level functions ({@code asyncio.run}, {@code await}, {@code sleep}, {@code gather},
 * {@code wait_for}, ...), the streams, timeouts and waiting helpers, and obtaining loops and policies. All static.
 *
 * <!-- sample: class-body runs
 *      prints: [worked, 42] -->
 * <pre>{@code
 * import static org.jasyncio.Asyncio.await;
 *
 * public static void main(String[] args) throws Exception {
 *     String reply = Asyncio.run(() -> {
 *         Task<String> worker = Asyncio.createTask(() -> {
 *             await(Asyncio.sleep(Duration.ofMillis(200)));   // suspends this task, not the loop
 *             return "worked";
 *         }, "worker");
 *         Future<Integer> blocking = Asyncio.toThread(() -> 6 * 7);
 *         return await(Asyncio.gather(worker, blocking)).toString();
 *     });
 *     System.out.println(reply);                                 // [worked, 42]
 * }
 * }</pre>
 *
 * <p>Threads: loop-only unless marked thread-safe. The functions that act on "the running loop" (or a loop passed
 * to them) are loop-only: call them from a task or callback of that loop. Thread-safe: the loop and policy functions
 * ({@link #getRunningLoop()}, {@link #getEventLoop()}, {@link #setEventLoop}, {@link #newEventLoop()} and the
 * policy's getter and setter, each acting for the calling thread), {@link #run} (from a thread that runs no loop),
 * {@link #runCoroutineThreadsafe}, {@link #engineInfo()}, {@link #eagerTaskFactory()} and {@link #dumpTasks}.
 */
public final class Asyncio {
    private static volatile EventLoopPolicy policy;

    private Asyncio() {
    }

    // ---- Obtaining the event loop

    /**
     * The loop running in the calling thread (or whose task body runs in it). asyncio:
     * {@code asyncio.get_running_loop()}. Thread-safe: it answers for the calling thread.
     *
     * @return the running loop
     * @throws IllegalStateException "no running event loop" outside a loop
     */
    public static EventLoop getRunningLoop() {
        return SelectorEventLoop.requireRunning();
    }

    /**
     * The running loop, else the policy's current loop for this thread; never creates one, as asyncio 3.14.
     * asyncio: {@code asyncio.get_event_loop()}. Thread-safe: it answers for the calling thread.
     *
     * @return a loop
     * @throws IllegalStateException "There is no current event loop in thread '...'." when none is running or set
     */
    public static EventLoop getEventLoop() {
        SelectorEventLoop loop = SelectorEventLoop.running();
        return loop != null ? loop : getEventLoopPolicy().getEventLoop();
    }

    /**
     * Makes {@code loop} the current loop of the calling thread, through the policy. asyncio:
     * {@code asyncio.set_event_loop(loop)}. Thread-safe: it acts for the calling thread.
     *
     * @param loop the loop, or null to clear
     */
    public static void setEventLoop(EventLoop loop) {
        getEventLoopPolicy().setEventLoop(loop);
    }

    /**
     * A new loop from the policy, neither running nor set as current; close it when done. asyncio:
     * {@code asyncio.new_event_loop()}. Thread-safe; the new loop then runs on whichever thread runs it.
     *
     * <!-- sample: main-body runs -->
     * <pre>{@code
     * try (EventLoop loop = Asyncio.newEventLoop()) {
     *     loop.runUntilComplete(() -> "done");
     * }
     * }</pre>
     *
     * @return the new loop
     * @throws IllegalStateException when {@code -Djasyncio.engine} names an engine that cannot run here (the message
     *     names the missing JVM flag)
     */
    public static EventLoop newEventLoop() {
        return getEventLoopPolicy().newEventLoop();
    }

    /**
     * The policy in use, made on first use. asyncio: {@code asyncio.get_event_loop_policy()}. Thread-safe.
     *
     * @return the policy ({@link DefaultEventLoopPolicy} unless one was set)
     */
    public static EventLoopPolicy getEventLoopPolicy() {
        EventLoopPolicy p = policy;
        if (p == null) {
            synchronized (Asyncio.class) {
                if (policy == null) {
                    policy = new DefaultEventLoopPolicy();
                }
                p = policy;
            }
        }
        return p;
    }

    /**
     * Sets the policy. asyncio: {@code asyncio.set_event_loop_policy(policy)}. Thread-safe.
     *
     * @param p the policy; null restores a fresh default policy
     */
    public static void setEventLoopPolicy(EventLoopPolicy p) {
        policy = p;
    }

    /**
     * Which coroutine engine, socket path and spawn path this JVM's loops take, and the JVM flags that would unlock
     * faster ones (the same as {@link EngineInfo#current()}). asyncio has no counterpart. Thread-safe.
     *
     * @return this JVM's paths
     * @throws IllegalStateException when {@code -Djasyncio.engine} names an engine that cannot run here
     */
    public static EngineInfo engineInfo() {
        return EngineInfo.current();
    }

    // ---- Running and awaiting

    /**
     * Runs {@code main} in a new loop and returns its result: afterwards every task left is cancelled, async
     * generators and the default executor are shut down and the loop is closed. Ctrl-C (SIGINT) cancels
     * {@code main}; a second one ends the program. asyncio: {@code asyncio.run(main)}.
     *
     * <p>Thread-safe: any thread that is not running a loop may call it; the loop runs on the calling thread. With
     * several runs at once, only the first one watches Ctrl-C.
     *
     * <!-- sample: program -->
     * <pre>{@code
     * import static org.jasyncio.Asyncio.await;
     * import org.jasyncio.*;
     *
     * public class Main {
     *     static void handle(StreamReader reader, StreamWriter writer) throws Exception {
     *         writer.write(await(reader.readline()));   // echoes one line
     *         writer.close();
     *     }
     *
     *     public static void main(String[] args) throws Exception {
     *         Asyncio.run(() -> {
     *             Server server = await(Asyncio.startServer(Main::handle, "127.0.0.1", 8888));
     *             await(server.serveForever());
     *             return null;
     *         });
     *     }
     * }
     * }</pre>
     *
     * @param <T> the result type
     * @param main the program's main coroutine
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw
     * @throws IllegalStateException "asyncio.run() cannot be called from a running event loop"
     */
    public static <T> T run(Coroutine<T> main) throws Exception {
        return RunnerState.runOnce(main, null, null, Asyncio::getEventLoopPolicy);
    }

    /**
     * {@link #run(Coroutine)} with the loop's debug mode set. asyncio: {@code asyncio.run(main, debug=debug)}.
     * Thread-safe, as {@link #run(Coroutine)}.
     *
     * @param <T> the result type
     * @param main the program's main coroutine
     * @param debug the loop's debug mode
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw
     */
    public static <T> T run(Coroutine<T> main, boolean debug) throws Exception {
        return RunnerState.runOnce(main, debug, null, Asyncio::getEventLoopPolicy);
    }

    /**
     * {@code await f}: inside a task, suspends it until {@code f} is done (the loop runs other callbacks and tasks
     * meanwhile), then returns its result or throws its exception, unwrapped. asyncio: the {@code await} expression.
     * Use it statically imported: {@code import static org.jasyncio.Asyncio.await;}.
     *
     * <!-- sample: statements
     *      given: StreamReader reader -->
     * <pre>{@code
     * byte[] line = await(reader.readline());
     * }</pre>
     *
     * @param <T> the result type
     * @param f a future of the running loop
     * @return {@code f}'s result
     * @throws Exception {@code f}'s exception, as it is
     * @throws CancelledError when the task or {@code f} is cancelled
     * @throws IllegalStateException outside a task
     */
    public static <T> T await(Future<T> f) throws Exception {
        return Await.await(f);
    }

    /**
     * A future done after {@code seconds}; {@code sleep(0)} (or less) yields to the loop for exactly one iteration.
     * Cancelling the future (or the task awaiting it) cancels its timer at once. asyncio: {@code asyncio.sleep(delay)}.
     * Loop-only.
     *
     * @param seconds how long
     * @return a future of the running loop, done with null
     * @throws IllegalStateException "no running event loop"
     */
    public static Future<Void> sleep(double seconds) {
        return Sleeping.sleep((SelectorEventLoop) getRunningLoop(), seconds);
    }

    /**
     * {@link #sleep(double)} with a {@link Duration}.
     *
     * @param delay how long
     * @return a future of the running loop, done with null
     * @throws IllegalArgumentException when {@code delay} is null
     */
    public static Future<Void> sleep(Duration delay) {
        return sleep(Seconds.of(delay, "delay"));
    }

    /**
     * The task running now on the running loop. asyncio: {@code asyncio.current_task()}. Loop-only.
     *
     * @return the task, or null when a plain callback runs
     * @throws IllegalStateException "no running event loop"
     */
    public static Task<?> currentTask() {
        return ((SelectorEventLoop) getRunningLoop()).currentTask();
    }

    /**
     * The task running now on {@code loop}. asyncio: {@code asyncio.current_task(loop)}.
     *
     * @param loop the loop; null means the running loop
     * @return the task, or null when none runs
     */
    public static Task<?> currentTask(EventLoop loop) {
        return loopOrRunning(loop).currentTask();
    }

    /**
     * The running loop's tasks that are not done yet. asyncio: {@code asyncio.all_tasks()}. Loop-only.
     *
     * @return a snapshot
     * @throws IllegalStateException "no running event loop"
     */
    public static Set<Task<?>> allTasks() {
        return allTasks(getRunningLoop());
    }

    /**
     * The tasks of {@code loop} that are not done yet. asyncio: {@code asyncio.all_tasks(loop)}.
     *
     * @param loop the loop; null means the running loop
     * @return a snapshot
     */
    public static Set<Task<?>> allTasks(EventLoop loop) {
        return loopOrRunning(loop).tasks().pending();
    }

    private static SelectorEventLoop loopOrRunning(EventLoop loop) {
        if (loop == null) {
            return (SelectorEventLoop) getRunningLoop();
        }
        if (!(loop instanceof SelectorEventLoop l)) {
            throw new IllegalArgumentException("not a jasyncio event loop: " + loop);
        }
        return l;
    }

    /**
     * A future of the running (else current) loop that follows {@code f}, so a task can await work done on other
     * threads; cancelling it cancels {@code f}. asyncio: {@code asyncio.wrap_future(fut)}.
     *
     * <!-- sample: statements
     *      given: java.net.http.HttpClient httpClient; java.net.http.HttpRequest request -->
     * <pre>{@code
     * import java.net.http.HttpResponse;
     *
     * String body = await(Asyncio.wrapFuture(httpClient.sendAsync(request, HttpResponse.BodyHandlers.ofString())
     *         .thenApply(HttpResponse::body)));
     * }</pre>
     *
     * @param <T> the result type
     * @param f the future, completed by any thread
     * @return a loop future with {@code f}'s outcome
     */
    public static <T> Future<T> wrapFuture(CompletableFuture<T> f) {
        return Bridges.wrap((SelectorEventLoop) getEventLoop(), f);
    }

    /**
     * {@link #wrapFuture(CompletableFuture)} for any {@link CompletionStage}. Cancelling the returned future cancels
     * the stage when it is a {@link CompletableFuture}; other stages cannot be cancelled and run on.
     * {@link Future#toCompletionStage()} goes the other way.
     *
     * @param <T> the result type
     * @param stage the stage, completed by any thread
     * @return a loop future with the stage's outcome
     */
    public static <T> Future<T> wrapFuture(CompletionStage<T> stage) {
        if (stage == null) {
            throw new IllegalArgumentException("a CompletionStage was expected, got null");
        }
        if (stage instanceof CompletableFuture<T> cf) {
            return wrapFuture(cf);
        }
        CompletableFuture<T> cf = new CompletableFuture<>();
        stage.whenComplete((value, exc) -> {
            if (exc != null) {
                cf.completeExceptionally(exc);
            } else {
                cf.complete(value);
            }
        });
        return wrapFuture(cf);
    }

    /**
     * Runs {@code coro} as a task of {@code loop}, from any thread: the task is made on the loop thread, through
     * {@link EventLoop#callSoonThreadsafe}. asyncio: {@code asyncio.run_coroutine_threadsafe(coro, loop)}.
     * Thread-safe; but never block the loop's own thread waiting for the returned future, which only that thread
     * can complete.
     *
     * <!-- sample: statements
     *      given: EventLoop loop; Future<String> fetch() -->
     * <pre>{@code
     * CompletableFuture<String> r = Asyncio.runCoroutineThreadsafe(() -> await(fetch()), loop);
     * String s = r.get(5, TimeUnit.SECONDS);     // cancelling r cancels the task
     * }</pre>
     *
     * @param <T> the result type
     * @param coro the task's body
     * @param loop the loop to run it on
     * @return a CompletableFuture that follows the task; it fails with IllegalStateException "Event loop is closed"
     *     when the loop closes before the task started or finished (asyncio's would never complete)
     * @throws IllegalArgumentException when {@code coro} or {@code loop} is null
     * @throws IllegalStateException "Event loop is closed" when the loop is closed already
     */
    public static <T> CompletableFuture<T> runCoroutineThreadsafe(Coroutine<T> coro, EventLoop loop) {
        return Bridges.runThreadsafe(coro, loop);
    }

    /**
     * The results of all futures, in order. The first exception (or a child's CancelledError) fails the whole
     * without cancelling the others. A future passed twice is awaited once. Cancelling the returned future cancels
     * every child. asyncio: {@code asyncio.gather(*fs)}.
     *
     * @param fs the futures (tasks included)
     * @return a future of the results; with no futures, one of the running (else current) loop, done with an empty
     *     list
     */
    public static Future<List<Object>> gather(Future<?>... fs) {
        return Gathering.gather(Asyncio::getEventLoop, false, fs);
    }

    /**
     * {@link #gather(Future...)} choosing how failures come back. asyncio:
     * {@code asyncio.gather(*fs, return_exceptions=...)}.
     *
     * @param returnExceptions true: exceptions (and CancelledErrors) are returned in the list in place of results
     * @param fs the futures
     * @return a future of the results
     */
    public static Future<List<Object>> gather(boolean returnExceptions, Future<?>... fs) {
        return Gathering.gather(Asyncio::getEventLoop, returnExceptions, fs);
    }

    /**
     * {@code f}'s outcome, or TimeoutException after {@code timeout} seconds: then {@code f} is cancelled and the
     * TimeoutException comes once it has finished cancelling (if it swallows the cancellation, its own outcome
     * wins). The timer starts now; {@code timeout <= 0} cancels at once unless {@code f} is done; infinity never
     * times out. Cancelling the returned future cancels {@code f} and completes when {@code f} has. asyncio:
     * {@code asyncio.wait_for(f, timeout)}.
     *
     * <!-- sample: statements
     *      given: StreamReader reader -->
     * <pre>{@code
     * byte[] line = await(Asyncio.waitFor(reader.readline(), 5.0));   // TimeoutException after 5 s
     * }</pre>
     *
     * @param <T> the result type
     * @param f the future (a task is cancelled on timeout)
     * @param timeout seconds
     * @return a future of {@code f}'s outcome, failed with {@link TimeoutException} on timeout
     */
    public static <T> Future<T> waitFor(Future<T> f, double timeout) {
        return Timeouts.waitFor(f, timeout);
    }

    /**
     * {@link #waitFor(Future, double)} with a {@link Duration}.
     *
     * @param <T> the result type
     * @param f the future
     * @param timeout how long at most; null for no limit
     * @return a future of {@code f}'s outcome, failed with {@link TimeoutException} on timeout
     */
    public static <T> Future<T> waitFor(Future<T> f, Duration timeout) {
        return waitFor(f, timeout == null ? Double.POSITIVE_INFINITY : Seconds.of(timeout, "timeout"));
    }

    // ---- Tasks, timeouts and waiting (asyncio tasks.py, timeouts.py, taskgroups.py, runners.py)

    /**
     * Runs {@code body} inline in the current task and cancels the task if it is still inside after {@code delay}
     * seconds (asyncio: {@code async with asyncio.timeout(delay) as t:}). The cancellation the timeout caused becomes
     * a TimeoutException (its cause the CancelledError) when it leaves the body; an outer cancellation, timeout or
     * task group keeps its own, through the task's {@code cancelling()}/{@code uncancel()} count, as asyncio 3.14's.
     * Suspends the caller like {@code await}; call it only inside a task.
     *
     * <!-- sample: statements
     *      given: String url; Future<String> fetch(String url) -->
     * <pre>{@code
     * String page = Asyncio.timeout(5.0, t -> await(fetch(url)));
     * }</pre>
     *
     * @param delay seconds from now; {@code Double.POSITIVE_INFINITY} for none, 0 or less expires at the next loop
     *     iteration
     * @param body the block; {@link Timeout#reschedule} moves its deadline
     * @param <T> the body's result type
     * @return what the body returned
     * @throws TimeoutException when the deadline cancelled the body and the cancellation reached its end
     * @throws Exception what the body threw otherwise (CancelledError of an outer cancellation)
     * @throws IllegalStateException outside a task ("no running event loop", "Timeout should be used inside a task")
     * @throws IllegalArgumentException when {@code delay} is NaN
     */
    public static <T> T timeout(double delay, TimeoutBody<T> body) throws Exception {
        return TimeoutScope.timeout(delay, body);
    }

    /**
     * {@link #timeout(double, TimeoutBody)} with a {@link Duration} (asyncio: {@code asyncio.timeout(delay)}).
     *
     * @param delay how long from now; null for none
     * @param body the block
     * @param <T> the body's result type
     * @return what the body returned
     * @throws Exception as {@link #timeout(double, TimeoutBody)}
     */
    public static <T> T timeout(Duration delay, TimeoutBody<T> body) throws Exception {
        return TimeoutScope.timeout(delay == null ? Double.POSITIVE_INFINITY : Seconds.of(delay, "delay"), body);
    }

    /**
     * {@link #timeout(double, TimeoutBody)} with an absolute deadline in the loop's clock ({@link EventLoop#time()})
     * (asyncio: {@code async with asyncio.timeout_at(when) as t:}).
     *
     * @param when the deadline; {@code Double.POSITIVE_INFINITY} for none, a past time expires at the next iteration
     * @param body the block
     * @param <T> the body's result type
     * @return what the body returned
     * @throws Exception as {@link #timeout(double, TimeoutBody)}
     */
    public static <T> T timeoutAt(double when, TimeoutBody<T> body) throws Exception {
        return TimeoutScope.timeoutAt(when, body);
    }

    /**
     * A future that follows {@code f} but whose cancellation does not reach it (asyncio: {@code asyncio.shield}): a
     * task awaiting the result and cancelled gets CancelledError while {@code f} goes on. {@code f} cancelled by
     * other means cancels the result. A done {@code f} is returned as is. If the result is cancelled while {@code f}
     * runs on and {@code f} later fails, its exception goes to the loop's exception handler ("X exception in shielded
     * future"), once, as asyncio 3.14 does. Loop-only.
     *
     * @param f the future to protect
     * @param <T> its result type
     * @return the shielding future, or {@code f} when it is done
     */
    public static <T> Future<T> shield(Future<T> f) {
        return Shielding.shield(f);
    }

    /**
     * {@link #wait(Collection, double, ReturnWhen)} until all are done, with no timeout (asyncio:
     * {@code asyncio.wait(fs)}).
     *
     * @param fs the futures (duplicates count once); not empty
     * @return a future of the done and pending sets
     */
    public static Future<Waited> wait(Collection<? extends Future<?>> fs) {
        return Waiting.wait((SelectorEventLoop) getRunningLoop(), fs, Double.POSITIVE_INFINITY, ReturnWhen.ALL_COMPLETED);
    }

    /**
     * A future done when {@code when} says so or after {@code timeout} seconds, whichever comes first, with the
     * futures done and those still pending (asyncio: {@code asyncio.wait(fs, timeout=..., return_when=...)}). It
     * never fails with a timeout and never cancels anything; cancelling it stops the waiting only. As in asyncio, the
     * sets are taken when the result is first read (when the awaiting task resumes). Loop-only; the futures must
     * belong to the running loop.
     *
     * @param fs the futures (duplicates count once)
     * @param timeout seconds; {@code Double.POSITIVE_INFINITY} for none
     * @param when the condition
     * @return a future of the done and pending sets
     * @throws IllegalArgumentException "Set of Tasks/Futures is empty.", a null or NaN argument, a future of another
     *     loop
     */
    public static Future<Waited> wait(Collection<? extends Future<?>> fs, double timeout, ReturnWhen when) {
        return Waiting.wait((SelectorEventLoop) getRunningLoop(), fs, timeout, when);
    }

    /**
     * {@link #wait(Collection, double, ReturnWhen)} with a {@link Duration} timeout (null: none).
     *
     * @param fs the futures
     * @param timeout how long at most; null for no limit
     * @param when the condition
     * @return a future of the done and pending sets
     */
    public static Future<Waited> wait(Collection<? extends Future<?>> fs, Duration timeout, ReturnWhen when) {
        return wait(fs, timeout == null ? Double.POSITIVE_INFINITY : Seconds.of(timeout, "timeout"), when);
    }

    /**
     * The outcomes of {@code fs} in the order they finish (asyncio 3.13: {@code for f in asyncio.as_completed(fs)}):
     * each {@code next()} gives a new future that completes with the result, exception or cancellation of the next
     * future to finish. Iterable once; duplicates count once. Loop-only (the running loop, else the current one).
     *
     * <!-- sample: statements
     *      given: List<Task<String>> tasks -->
     * <pre>{@code
     * for (Future<String> next : Asyncio.asCompleted(tasks)) {
     *     String first = await(next);
     * }
     * }</pre>
     *
     * @param fs the futures
     * @param <T> their result type
     * @return the futures of the outcomes, in completion order
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<? extends T>> fs) {
        return new AsCompleted<>((SelectorEventLoop) getEventLoop(), fs, Double.POSITIVE_INFINITY);
    }

    /**
     * {@link #asCompleted(Collection)} with a limit: once {@code timeout} seconds have passed, every future not yet
     * handed an outcome fails with TimeoutException (asyncio: {@code as_completed(fs, timeout=...)}).
     *
     * @param fs the futures
     * @param timeout seconds; {@code Double.POSITIVE_INFINITY} for none
     * @param <T> their result type
     * @return the futures of the outcomes, in completion order
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<? extends T>> fs, double timeout) {
        return new AsCompleted<>((SelectorEventLoop) getEventLoop(), fs, timeout);
    }

    /**
     * {@link #asCompleted(Collection, double)} with a {@link Duration} (null: none).
     *
     * @param fs the futures
     * @param timeout how long at most; null for no limit
     * @param <T> their result type
     * @return the futures of the outcomes, in completion order
     */
    public static <T> Iterable<Future<T>> asCompleted(Collection<? extends Future<? extends T>> fs, Duration timeout) {
        return asCompleted(fs, timeout == null ? Double.POSITIVE_INFINITY : Seconds.of(timeout, "timeout"));
    }

    /**
     * {@link #sleep(double)} whose future gives {@code result} (asyncio: {@code asyncio.sleep(delay, result)}).
     *
     * @param delay seconds; 0 or less yields for one loop iteration
     * @param result the value the future completes with
     * @param <T> its type
     * @return a future done with {@code result} after {@code delay}
     */
    public static <T> Future<T> sleep(double delay, T result) {
        return Sleeping.sleep((SelectorEventLoop) getRunningLoop(), delay, result);
    }

    /**
     * {@link #sleep(double, Object)} with a {@link Duration}.
     *
     * @param delay how long
     * @param result the value the future completes with
     * @param <T> its type
     * @return a future done with {@code result} after {@code delay}
     */
    public static <T> Future<T> sleep(Duration delay, T result) {
        return sleep(Seconds.of(delay, "delay"), result);
    }

    /**
     * Runs {@code fn} on the loop's default executor, in a copy of the caller's context, and returns a future of its
     * outcome (asyncio: {@code asyncio.to_thread(fn)}). Loop-only (the running loop).
     *
     * @param fn the blocking call
     * @param <T> its result type
     * @return a future of what {@code fn} returns or throws
     */
    public static <T> Future<T> toThread(Callable<T> fn) {
        return Threads.toThread((SelectorEventLoop) getRunningLoop(), fn);
    }

    /**
     * Starts {@code coro} as a task of the running loop (asyncio: {@code asyncio.create_task(coro)}).
     *
     * @param coro the task's body
     * @param <T> its result type
     * @return the task
     * @throws IllegalStateException "no running event loop"
     */
    public static <T> Task<T> createTask(Coroutine<T> coro) {
        return getRunningLoop().createTask(coro);
    }

    /**
     * {@link #createTask(Coroutine)} with a name (asyncio: {@code asyncio.create_task(coro, name=name)}).
     *
     * @param coro the task's body
     * @param name the task's name; null: "Task-N"
     * @param <T> its result type
     * @return the task
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name) {
        return getRunningLoop().createTask(coro, name);
    }

    /**
     * {@link #createTask(Coroutine)} with a name and a context (asyncio:
     * {@code asyncio.create_task(coro, name=name, context=ctx)}).
     *
     * @param coro the task's body
     * @param name the task's name; null: "Task-N"
     * @param context the context it runs in; null: a copy of the current one
     * @param <T> its result type
     * @return the task
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, Context context) {
        return getRunningLoop().createTask(coro, name, context);
    }

    /**
     * {@link #createTask(Coroutine, String, Context)} that says whether the task starts eagerly: with
     * {@code eagerStart} true, its body runs now, inside this call, until it first suspends (a body that never
     * suspends leaves the task done when this returns); false schedules it even under an eager task factory. See
     * {@link EventLoop#createTask(Coroutine, String, Context, boolean)}. asyncio 3.14:
     * {@code asyncio.create_task(coro, name=name, context=ctx, eager_start=eagerStart)}. Loop-only.
     *
     * @param coro the task's body
     * @param name the task's name; null: "Task-N"
     * @param context the context it runs in; null: a copy of the current one
     * @param eagerStart whether to run the body's first step now
     * @param <T> its result type
     * @return the task
     * @throws IllegalStateException "no running event loop"
     * @throws IllegalArgumentException when {@code coro} is null, or the loop's task factory does not take
     *     {@code eager_start}
     */
    public static <T> Task<T> createTask(Coroutine<T> coro, String name, Context context, boolean eagerStart) {
        return getRunningLoop().createTask(coro, name, context, eagerStart);
    }

    /**
     * {@code f} itself (asyncio: {@code asyncio.ensure_future(fut)} returns a future unchanged).
     *
     * @param f a future
     * @param <T> its result type
     * @return {@code f}
     * @throws IllegalArgumentException when {@code f} is null
     */
    public static <T> Future<T> ensureFuture(Future<T> f) {
        if (f == null) {
            throw new IllegalArgumentException("An asyncio.Future, a coroutine or an awaitable is required");
        }
        return f;
    }

    /**
     * A task running {@code coro} on the running loop, else the current one (asyncio:
     * {@code asyncio.ensure_future(coro)}).
     *
     * @param coro the task's body
     * @param <T> its result type
     * @return the task
     */
    public static <T> Task<T> ensureFuture(Coroutine<T> coro) {
        if (coro == null) {
            throw new IllegalArgumentException("An asyncio.Future, a coroutine or an awaitable is required");
        }
        return getEventLoop().createTask(coro);
    }

    /**
     * The task factory of asyncio 3.12's eager tasks (asyncio: {@code asyncio.eager_task_factory}), for
     * {@link EventLoop#setTaskFactory}: a task starts running inside {@code createTask}, as the current task, until
     * it first suspends; one that finishes without suspending is done when {@code createTask} returns and is never
     * scheduled. On a loop that is not running, tasks are scheduled as usual. Thread-safe: one shared, stateless
     * factory.
     *
     * @return the factory
     */
    public static TaskFactory eagerTaskFactory() {
        return EagerTasks.FACTORY;
    }

    /**
     * {@link #run(Coroutine)} with the loop's debug mode set and the loop made by {@code loopFactory} (asyncio:
     * {@code asyncio.run(main, debug=..., loop_factory=...)}): a {@link Runner} used once. Thread-safe, as
     * {@link #run(Coroutine)}.
     *
     * @param main the coroutine to run
     * @param debug the loop's debug mode
     * @param loopFactory makes the loop; null: the policy's
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw
     * @throws IllegalStateException "asyncio.run() cannot be called from a running event loop"
     */
    public static <T> T run(Coroutine<T> main, boolean debug, Supplier<EventLoop> loopFactory) throws Exception {
        return RunnerState.runOnce(main, debug, loopFactory, Asyncio::getEventLoopPolicy);
    }

    /**
     * {@link #run(Coroutine)} on a loop made by {@code loopFactory}, its debug mode left as the factory made it
     * (asyncio: {@code asyncio.run(main, loop_factory=...)}, 3.12, with {@code debug=None}); the usual way to run a
     * program on a loop set up beforehand, such as one with {@link #eagerTaskFactory()} installed. Thread-safe, as
     * {@link #run(Coroutine)}.
     *
     * <pre>{@code
     * Asyncio.run(main, () -> {
     *     EventLoop loop = Asyncio.newEventLoop();
     *     loop.setTaskFactory(Asyncio.eagerTaskFactory());
     *     return loop;
     * });
     * }</pre>
     *
     * @param main the coroutine to run
     * @param loopFactory makes the loop; null: the policy's
     * @param <T> its result type
     * @return what {@code main} returned
     * @throws Exception what {@code main} threw
     * @throws IllegalStateException "asyncio.run() cannot be called from a running event loop"
     */
    public static <T> T run(Coroutine<T> main, Supplier<EventLoop> loopFactory) throws Exception {
        return RunnerState.runOnce(main, null, loopFactory, Asyncio::getEventLoopPolicy);
    }

    // ---- Streams (asyncio streams.py)

    /**
     * Connects to {@code host:port} and returns the connection's reader and writer (limit: 64 KiB). Loop-only.
     *
     * <!-- sample: statements -->
     * <pre>{@code
     * Streams s = Asyncio.await(Asyncio.openConnection("127.0.0.1", 8888));
     * s.writer().write("ping\n".getBytes());
     * byte[] line = Asyncio.await(s.reader().readline());
     * }</pre>
     *
     * <p>asyncio: {@code asyncio.open_connection(host, port)}.
     *
     * @param host the host name or address
     * @param port the port
     * @return a future of the streams; it fails as {@link EventLoop#createConnection} does
     * @throws IllegalStateException when no loop runs in this thread
     */
    public static Future<Streams> openConnection(String host, int port) {
        return openConnection(host, port, ConnectOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #openConnection(String, int)} with {@code create_connection}'s options (TLS, local address, Happy
     * Eyeballs, an existing socket, ...).
     *
     * <p>asyncio: {@code asyncio.open_connection(host, port, **kwds)}.
     *
     * @param host the host name or address
     * @param port the port
     * @param options the keyword arguments of {@code create_connection}
     * @return a future of the streams
     */
    public static Future<Streams> openConnection(String host, int port, ConnectOptions options) {
        return openConnection(host, port, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #openConnection(String, int, ConnectOptions)} with the reader's limit.
     *
     * <p>asyncio: {@code asyncio.open_connection(host, port, limit=limit, **kwds)}.
     *
     * @param host the host name or address
     * @param port the port
     * @param options the keyword arguments of {@code create_connection}
     * @param limit the reader's limit in bytes (64 KiB by default)
     * @throws IllegalArgumentException "Limit cannot be &lt;= 0"
     * @return a future of the streams
     */
    public static Future<Streams> openConnection(String host, int port, ConnectOptions options, int limit) {
        return StreamConnections.openConnection(host, port, options, limit);
    }

    /**
     * Serves {@code host:port}: each accepted connection runs {@code handler} in a new task with its reader and
     * writer (limit: 64 KiB); a handler that throws is reported to the loop's exception handler and its connection
     * closed. Loop-only.
     *
     * <!-- sample: statements -->
     * <pre>{@code
     * Server server = Asyncio.await(Asyncio.startServer((reader, writer) -> {
     *     byte[] line;
     *     while ((line = Asyncio.await(reader.readline())).length > 0) {
     *         writer.write(line);
     *         Asyncio.await(writer.drain());
     *     }
     *     writer.close();
     * }, "127.0.0.1", 8888));
     * }</pre>
     *
     * <p>asyncio: {@code asyncio.start_server(client_connected_cb, host, port)}.
     *
     * @param handler runs once per connection, in a new task, with its reader and writer
     * @param host the interface to bind; null or "" means every interface
     * @param port the port
     * @return a future of the listening server; it fails as {@link EventLoop#createServer} does
     */
    public static Future<Server> startServer(StreamHandler handler, String host, int port) {
        return startServer(handler, host, port, ServerOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #startServer(StreamHandler, String, int)} with {@code create_server}'s options (TLS, backlog, ...).
     *
     * <p>asyncio: {@code asyncio.start_server(client_connected_cb, host, port, **kwds)}.
     *
     * @param handler runs once per connection, in a new task, with its reader and writer
     * @param host the interface to bind
     * @param port the port
     * @param options the keyword arguments of {@code create_server}
     * @return a future of the listening server
     */
    public static Future<Server> startServer(StreamHandler handler, String host, int port, ServerOptions options) {
        return startServer(handler, host, port, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #startServer(StreamHandler, String, int, ServerOptions)} with each reader's limit.
     *
     * <p>asyncio: {@code asyncio.start_server(client_connected_cb, host, port, limit=limit, **kwds)}.
     *
     * @param handler runs once per connection, in a new task, with its reader and writer
     * @param host the interface to bind
     * @param port the port
     * @param options the keyword arguments of {@code create_server}
     * @param limit each reader's limit in bytes
     * @throws IllegalArgumentException "Limit cannot be &lt;= 0", or a null handler
     * @return a future of the listening server
     */
    public static Future<Server> startServer(StreamHandler handler, String host, int port, ServerOptions options,
            int limit) {
        return StreamConnections.startServer(handler, host, port, options, limit);
    }

    /**
     * {@link #openConnection(String, int)} to a Unix domain socket.
     *
     * <p>asyncio: {@code asyncio.open_unix_connection(path)}.
     *
     * @param path the socket's path
     * @return a future of the streams
     */
    public static Future<Streams> openUnixConnection(java.nio.file.Path path) {
        return openUnixConnection(path, ConnectOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #openUnixConnection(java.nio.file.Path)} with options (TLS, an existing socket, ...).
     *
     * <p>asyncio: {@code asyncio.open_unix_connection(path, **kwds)}.
     *
     * @param path the socket's path
     * @param options the keyword arguments of {@code create_connection}
     * @return a future of the streams
     */
    public static Future<Streams> openUnixConnection(java.nio.file.Path path, ConnectOptions options) {
        return openUnixConnection(path, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #openUnixConnection(java.nio.file.Path, ConnectOptions)} with the reader's limit.
     *
     * <p>asyncio: {@code asyncio.open_unix_connection(path, limit=limit, **kwds)}.
     *
     * @param path the socket's path
     * @param options the keyword arguments of {@code create_connection}
     * @param limit the reader's limit in bytes (64 KiB by default)
     * @return a future of the streams
     */
    public static Future<Streams> openUnixConnection(java.nio.file.Path path, ConnectOptions options, int limit) {
        return StreamConnections.openUnixConnection(path, options, limit);
    }

    /**
     * {@link #startServer(StreamHandler, String, int)} on a Unix domain socket.
     *
     * <p>asyncio: {@code asyncio.start_unix_server(client_connected_cb, path)}.
     *
     * @param handler runs once per connection, in a new task, with its reader and writer
     * @param path where to bind
     * @return a future of the listening server
     */
    public static Future<Server> startUnixServer(StreamHandler handler, java.nio.file.Path path) {
        return startUnixServer(handler, path, ServerOptions.defaults(), StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #startUnixServer(StreamHandler, java.nio.file.Path)} with options.
     *
     * <p>asyncio: {@code asyncio.start_unix_server(client_connected_cb, path, **kwds)}.
     *
     * @param handler runs once per connection, in a new task, with its reader and writer
     * @param path where to bind
     * @param options the keyword arguments of {@code create_server}
     * @return a future of the listening server
     */
    public static Future<Server> startUnixServer(StreamHandler handler, java.nio.file.Path path, ServerOptions options) {
        return startUnixServer(handler, path, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #startUnixServer(StreamHandler, java.nio.file.Path, ServerOptions)} with each reader's limit.
     *
     * <p>asyncio: {@code asyncio.start_unix_server(client_connected_cb, path, limit=limit, **kwds)}.
     *
     * @param handler runs once per connection, in a new task, with its reader and writer
     * @param path where to bind
     * @param options the keyword arguments of {@code create_server}
     * @param limit each reader's limit in bytes
     * @return a future of the listening server
     */
    public static Future<Server> startUnixServer(StreamHandler handler, java.nio.file.Path path, ServerOptions options,
            int limit) {
        return StreamConnections.startUnixServer(handler, path, options, limit);
    }

    // ---- Subprocesses with streams (asyncio subprocess.py)

    /**
     * Starts {@code args} as a child process whose standard streams are the parent's (asyncio's defaults: no pipes);
     * the future is done with the {@link Subprocess} once it runs.
     *
     * <p>asyncio: {@code asyncio.create_subprocess_exec(*args)}; loop-only.
     *
     * @param args the program and its arguments
     * @return a future of the running child; it fails with an IOException when the program cannot be started
     */
    public static Future<Subprocess> createSubprocessExec(List<String> args) {
        return createSubprocessExec(args, SubprocessOptions.defaults().stdin(Stdio.INHERIT).stdout(Stdio.INHERIT)
                .stderr(Stdio.INHERIT));
    }

    /**
     * Starts {@code args} as a child process with {@code options} ({@link Stdio#PIPE} makes a stream of that
     * stream: {@link Subprocess#stdin()}, {@link Subprocess#stdout()}, {@link Subprocess#stderr()}).
     *
     * <!-- sample: statements runs -->
     * <pre>{@code
     * Subprocess p = Asyncio.await(Asyncio.createSubprocessExec(List.of("ls", "-l"),
     *         SubprocessOptions.defaults().stdin(Stdio.DEVNULL)));
     * byte[] listing = Asyncio.await(p.communicate()).stdout();
     * }</pre>
     *
     * <p>asyncio: {@code asyncio.create_subprocess_exec(*args, stdin=, stdout=, stderr=, cwd=, env=,
     * start_new_session=, process_group=)}; loop-only.
     *
     * @param args the program and its arguments
     * @param options the streams, directory and environment
     * @return a future of the running child
     */
    public static Future<Subprocess> createSubprocessExec(List<String> args, SubprocessOptions options) {
        return Subprocess.exec(args, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #createSubprocessExec(List, SubprocessOptions)} whose {@link Subprocess#stdout()} and
     * {@link Subprocess#stderr()} readers have buffer limit {@code limit} instead of
     * {@link StreamReader#DEFAULT_LIMIT}: a {@code readline()} longer than it fails, and reading from the pipe
     * pauses while more than twice it is buffered.
     *
     * <p>asyncio: {@code asyncio.create_subprocess_exec(*args, limit=limit, ...)}; loop-only.
     *
     * @param args the program and its arguments
     * @param options the streams, directory, environment, session and process group
     * @param limit the readers' limit in bytes
     * @return a future of the running child
     * @throws IllegalArgumentException "Limit cannot be &lt;= 0"
     * @throws IllegalStateException "no running event loop"
     */
    public static Future<Subprocess> createSubprocessExec(List<String> args, SubprocessOptions options, int limit) {
        return Subprocess.exec(args, options, limit);
    }

    /**
     * Runs {@code cmd} with {@code /bin/sh -c} as a child process whose standard streams are the parent's.
     *
     * <p>asyncio: {@code asyncio.create_subprocess_shell(cmd)}; loop-only.
     *
     * @param cmd the shell command line
     * @return a future of the running shell
     */
    public static Future<Subprocess> createSubprocessShell(String cmd) {
        return createSubprocessShell(cmd, SubprocessOptions.defaults().stdin(Stdio.INHERIT).stdout(Stdio.INHERIT)
                .stderr(Stdio.INHERIT));
    }

    /**
     * Runs {@code cmd} with {@code /bin/sh -c} as a child process with {@code options}.
     *
     * <p>asyncio: {@code asyncio.create_subprocess_shell(cmd, stdin=, stdout=, stderr=, cwd=, env=,
     * start_new_session=, process_group=)}; loop-only.
     *
     * @param cmd the shell command line
     * @param options the streams, directory and environment
     * @return a future of the running shell
     */
    public static Future<Subprocess> createSubprocessShell(String cmd, SubprocessOptions options) {
        return Subprocess.shell(cmd, options, StreamReader.DEFAULT_LIMIT);
    }

    /**
     * {@link #createSubprocessShell(String, SubprocessOptions)} with the readers' buffer limit {@code limit}, as
     * {@link #createSubprocessExec(List, SubprocessOptions, int)}.
     *
     * <p>asyncio: {@code asyncio.create_subprocess_shell(cmd, limit=limit, ...)}; loop-only.
     *
     * @param cmd the shell command line
     * @param options the streams, directory, environment, session and process group
     * @param limit the readers' limit in bytes
     * @return a future of the running shell
     * @throws IllegalArgumentException "Limit cannot be &lt;= 0"
     * @throws IllegalStateException "no running event loop"
     */
    public static Future<Subprocess> createSubprocessShell(String cmd, SubprocessOptions options, int limit) {
        return Subprocess.shell(cmd, options, limit);
    }

    // ---- Observability (task dump)

    /**
     * Prints every live task of {@code loop} (created and not yet done) to {@code out}: its name, its state (not
     * started, running, suspended; how many cancellations are pending), the future it waits for, and the frames where
     * it is suspended, innermost first, under either coroutine engine (see {@link Task#getStack()}). Not an asyncio
     * function (its nearest kin: printing each of {@code asyncio.all_tasks()} with {@code print_stack()}).
     *
     * <p>Thread-safe. On the loop's thread, or while the loop does not run, it prints at once. From another thread
     * (a monitoring endpoint, a signal handler's thread) it asks the running loop to make the dump and waits up to
     * 5 seconds; if the loop is stuck in a callback meanwhile, it prints the loop thread's own stack instead, which
     * shows what blocks it.
     *
     * @param loop whose tasks to print
     * @param out  where to print
     * @throws IllegalArgumentException when {@code loop} is not one of this library's loops
     */
    public static void dumpTasks(EventLoop loop, PrintStream out) {
        TaskDump.print(loop, out);
    }
}
