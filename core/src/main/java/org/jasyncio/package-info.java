/**
 * Python asyncio's API in Java: one single-threaded event loop with asyncio's semantics, futures and tasks with real
 * coroutines, transports and protocols for TCP, Unix sockets, UDP, TLS, pipes and child processes, and the helpers
 * around them. This is the only package users touch; everything under {@code org.jasyncio.internal} is
 * implementation.
 *
 * <h2>Where to start</h2>
 * <ul>
 *   <li>{@link org.jasyncio.Asyncio}: asyncio's module-level functions ({@code run}, {@code await}, {@code sleep},
 *       {@code gather}, {@code waitFor}, ...).</li>
 *   <li>{@link org.jasyncio.EventLoop}: the loop's own methods (callbacks, timers, tasks, connections, servers,
 *       sockets, subprocesses, signals).</li>
 *   <li>{@link org.jasyncio.Future} and {@link org.jasyncio.Task}: results that arrive later.</li>
 *   <li>{@link org.jasyncio.Protocol} and {@link org.jasyncio.Transport}: the callback side of a connection.</li>
 * </ul>
 *
 * <!-- sample: main-body runs
 *      prints: worked -->
 * <pre>{@code
 * import static org.jasyncio.Asyncio.await;
 *
 * String reply = Asyncio.run(() -> {
 *     EventLoop loop = Asyncio.getRunningLoop();
 *     Task<String> worker = loop.createTask(() -> {
 *         await(Asyncio.sleep(0.2));          // suspends this task, not the loop
 *         return "worked";
 *     }, "worker");
 *     return await(worker);
 * });
 * System.out.println(reply);                  // worked
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>Names are asyncio's in camelCase; every member names the asyncio call it maps to.</li>
 *   <li>{@code await x} is {@code Asyncio.await(x)}, legal only inside a task. Operations return a
 *       {@link org.jasyncio.Future} at once and complete it from the loop.</li>
 *   <li>Seconds are {@code double}, as in asyncio; {@link java.time.Duration} overloads sit next to them.</li>
 *   <li>Errors: asyncio's RuntimeError is {@link java.lang.IllegalStateException}, ValueError and TypeError are
 *       {@link java.lang.IllegalArgumentException}, OSError is {@link java.io.IOException}, TimeoutError is
 *       {@link java.util.concurrent.TimeoutException}, CancelledError is {@link org.jasyncio.CancelledError}. A bad
 *       argument throws at once; anything that happens later fails the returned future.</li>
 *   <li>Threads: everything is loop-only (call it on the loop thread, from a callback or a task) unless its
 *       documentation says thread-safe; {@link org.jasyncio.EventLoop#callSoonThreadsafe} and
 *       {@link org.jasyncio.Asyncio#runCoroutineThreadsafe} are the doors in from other threads.</li>
 * </ul>
 *
 * <p>JVM flags, build-tool set-ups and the two coroutine engines: {@code docs/GETTING-STARTED.md}. Coming from
 * Python: {@code docs/PORTING.md}.
 */
package org.jasyncio;
