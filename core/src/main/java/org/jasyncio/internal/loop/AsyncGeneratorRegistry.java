package org.jasyncio.internal.loop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import org.jasyncio.AsyncGenerator;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;

/**
 * The async generators started on one loop and not yet closed, held weakly (asyncio's {@code _asyncgens} WeakSet
 * filled by the firstiter hook), so {@code shutdownAsyncgens()} can close those still open. Part of the loop's own
 * state, as {@code _asyncgens} is of asyncio's BaseEventLoop: it knows generators only by their public face, so the
 * generators' engine in internal.task can call in without the loop calling back out. Loop thread only.
 */
public final class AsyncGeneratorRegistry {
    private final Set<AsyncGenerator<?>> live = Collections.newSetFromMap(new WeakHashMap<>());
    private boolean shutdownCalled;

    /** A generator's first iteration (asyncio's firstiter hook). */
    public void firstIteration(EventLoop loop, AsyncGenerator<?> gen) {
        if (shutdownCalled) {
            Map<String, Object> ctx = new LinkedHashMap<>();
            ctx.put("message", "asynchronous generator " + gen + " was scheduled after loop.shutdown_asyncgens() call");
            ctx.put("asyncgen", gen);
            loop.callExceptionHandler(ctx);
        }
        live.add(gen);
    }

    /** A generator's body ended: it is no longer open. */
    public void closed(AsyncGenerator<?> gen) {
        live.remove(gen);
    }

    /** How many generators are open (for tests and debug output). */
    public int size() {
        return live.size();
    }

    /** asyncio's {@code shutdown_asyncgens}: closes every open generator, reporting those whose closing fails. */
    public Future<Void> shutdown(EventLoop loop) {
        shutdownCalled = true;
        Future<Void> done = loop.createFuture();
        List<AsyncGenerator<?>> open = new ArrayList<>();
        for (AsyncGenerator<?> g : live) {
            if (!g.isClosed()) {
                open.add(g);
            }
        }
        live.clear();
        if (open.isEmpty()) {
            done.setResult(null);
            return done;
        }
        int[] remaining = {open.size()};
        for (AsyncGenerator<?> g : open) {
            Future<Void> closing;
            try {
                closing = g.aclose();
            } catch (RuntimeException e) {
                report(loop, g, e);
                if (--remaining[0] == 0) {
                    done.setResult(null);
                }
                continue;
            }
            closing.addDoneCallback(f -> {
                if (!f.cancelled() && f.exception() != null) {
                    report(loop, g, f.exception());
                }
                if (--remaining[0] == 0 && !done.done()) {
                    done.setResult(null);
                }
            });
        }
        return done;
    }

    private static void report(EventLoop loop, AsyncGenerator<?> g, Throwable exc) {
        Map<String, Object> ctx = new LinkedHashMap<>();
        ctx.put("message", "an error occurred during closing of asynchronous generator " + g);
        ctx.put("exception", exc);
        ctx.put("asyncgen", g);
        loop.callExceptionHandler(ctx);
    }
}
