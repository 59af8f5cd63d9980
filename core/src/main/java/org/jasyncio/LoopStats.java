package org.jasyncio;

import java.time.Duration;

/**
 * What an {@link EventLoop} has done since it was made, and where it stands now: one immutable snapshot, returned
 * by {@link EventLoop#stats()}. asyncio has no counterpart; the figures are those of Node's and Netty's loop
 * metrics. Counting costs the loop a few plain field updates per iteration, so it is always on.
 *
 * <p>Compare two snapshots to get rates: callbacks per second, the share of time spent waiting in the poller
 * ({@code blockedInPoller} over wall time; the rest is the loop working), I/O events per iteration.
 *
 * <!-- sample: statements
 *      given: EventLoop loop -->
 * <pre>{@code
 * LoopStats a = loop.stats();
 * ...                                                // ten seconds later, from any thread
 * LoopStats b = loop.stats();
 * double callbacksPerSecond = (b.callbacksRun() - a.callbacksRun()) / 10.0;
 * double busy = 1 - (b.blockedInPoller().minus(a.blockedInPoller()).toNanos() / 10e9);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 *
 * @param iterations      loop iterations run (each: poll, move due timers, run the ready callbacks)
 * @param callbacksRun    callbacks run: task steps, future callbacks, timers, {@code callSoon} callbacks (handles
 *                        cancelled before their turn are not counted); I/O handlers run inside the poll are
 *                        counted in {@code ioEvents} instead
 * @param ioEvents        channels the poller reported ready (each one handler call)
 * @param blockedInPoller total time the loop waited in the poller for I/O, a timer or a wake-up, with nothing to do
 * @param readyQueueDepth callbacks ready to run now, waiting for their turn
 * @param scheduledTimers timers ({@code callLater}, {@code callAt}, sleeps, timeouts) waiting to come due
 * @param lag             how late the loop found its most recently due timer: the time between the timer's
 *                        deadline and the loop's getting to it, which callbacks running too long make grow (zero
 *                        before any timer came due; a program without timers can schedule a periodic
 *                        {@code callLater} to keep it current)
 * @param liveTasks       tasks created on this loop and not yet done
 * @param liveTransports  stream connections (TCP, Unix sockets, with or without TLS) and subprocess transports open
 *                        on this loop
 * @param busyPollHits    times the loop, about to wait in the poller, polled on for a few microseconds instead and
 *                        found work: each a sleep and a wake-up saved (see the {@code jasyncio.busyPoll} system
 *                        property in {@link EventLoop})
 * @param busyPolling     total time spent polling so, found work or not: CPU time counted neither as waiting
 *                        ({@code blockedInPoller}) nor as running callbacks
 */
public record LoopStats(long iterations, long callbacksRun, long ioEvents, Duration blockedInPoller,
        int readyQueueDepth, int scheduledTimers, Duration lag, int liveTasks, int liveTransports,
        long busyPollHits, Duration busyPolling) {
}
