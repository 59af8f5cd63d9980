package org.jasyncio.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.StreamReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh loop per test whose exception handler records every report; a test that expects none calls
 * {@link #assertNothingReported()}. The loop is always closed.
 */
abstract class StreamsFixture {
    EventLoop loop;
    final List<Map<String, Object>> reported = new ArrayList<>();

    @BeforeEach
    void openLoop() {
        loop = Asyncio.newEventLoop();
        loop.setExceptionHandler((l, ctx) -> {
            synchronized (reported) {
                reported.add(ctx);
            }
        });
    }

    @AfterEach
    void closeLoop() {
        if (!loop.isClosed()) {
            loop.close();
        }
    }

    /** Runs {@code body} as a task of the loop, failing after 30 s. */
    <T> T run(Coroutine<T> body) throws Exception {
        return loop.runUntilComplete(Asyncio.waitFor(loop.createTask(body), 30));
    }

    /** Runs the loop until {@code f} is done, failing after 30 s. */
    <T> T await(Future<T> f) throws Exception {
        return loop.runUntilComplete(Asyncio.waitFor(f, 30));
    }

    /** Lets the loop run a few iterations. */
    void spin(int iterations) throws Exception {
        for (int i = 0; i < iterations; i++) {
            run(() -> Asyncio.await(Asyncio.sleep(0)));
        }
    }

    void assertNothingReported() {
        synchronized (reported) {
            assertEquals(List.of(), reported, "the loop's exception handler was called");
        }
    }

    List<String> reportedMessages() {
        synchronized (reported) {
            return reported.stream().map(m -> String.valueOf(m.get("message"))).toList();
        }
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String s(byte[] data) {
        return new String(data, StandardCharsets.ISO_8859_1);
    }

    /** Every byte still buffered in {@code r} (ends the stream to get them). */
    String rest(StreamReader r) throws Exception {
        r.feedEof();
        return s(run(() -> Asyncio.await(r.read())));
    }

    static int port(Server server) throws java.io.IOException {
        return ((java.net.InetSocketAddress) server.sockets().get(0).getLocalAddress()).getPort();
    }
}
