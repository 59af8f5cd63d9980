package org.jasyncio.process;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.TimerHandle;

/** Helpers shared by the process and pipe tests. */
final class ProcessTesting {
    static final String PIPES_PROPERTY = "jasyncio.subprocess";

    private ProcessTesting() {
    }

    /** A new loop whose children start the given way: "native", "selectable" or "streams". */
    static EventLoop newLoop(String mode) {
        System.setProperty(PIPES_PROPERTY, mode);
        return Asyncio.newEventLoop();
    }

    /** Runs the loop until {@code f} is done, failing it with TimeoutException after {@code seconds}. */
    static <T> T run(EventLoop loop, Future<T> f, double seconds) throws Exception {
        TimerHandle h = loop.callLater(seconds, () -> {
            if (!f.done()) {
                f.setException(new TimeoutException("timed out after " + seconds + " s"));
            }
        });
        try {
            return loop.runUntilComplete(f);
        } finally {
            h.cancel();
        }
    }

    /** Runs the loop for about {@code seconds}. */
    static void spin(EventLoop loop, double seconds) throws Exception {
        Future<Void> f = loop.createFuture();
        loop.callLater(seconds, () -> f.setResult(null));
        loop.runUntilComplete(f);
    }

    static int openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    static boolean processGone(long pid) {
        return !Files.exists(Path.of("/proc/" + pid));
    }

    /** Waits (without a loop) until the pid has left the process table: exited and reaped, no zombie. */
    static boolean waitGone(long pid, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (processGone(pid)) {
                return true;
            }
            Thread.sleep(10);
        }
        return processGone(pid);
    }

    /** A subprocess protocol that records every call in order and collects each fd's output. */
    static class Recorder implements SubprocessProtocol {
        final EventLoop loop;
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final ByteArrayOutputStream[] out = {new ByteArrayOutputStream(), new ByteArrayOutputStream(), new ByteArrayOutputStream()};
        final Throwable[] pipeErrors = new Throwable[3];
        final Future<Void> exited;
        final Future<Void> lost;
        BaseTransport transport;

        Recorder(EventLoop loop) {
            this.loop = loop;
            this.exited = loop.createFuture();
            this.lost = loop.createFuture();
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = t;
            events.add("made");
        }

        @Override
        public void pipeDataReceived(int fd, byte[] data) {
            if (!events.contains("data" + fd)) {
                events.add("data" + fd);
            }
            out[fd].write(data, 0, data.length);
        }

        @Override
        public void pipeConnectionLost(int fd, Throwable exc) {
            events.add("pipeLost" + fd);
            pipeErrors[fd] = exc;
        }

        @Override
        public void processExited() {
            events.add("exited");
            exited.setResult(null);
        }

        @Override
        public void connectionLost(Throwable exc) {
            events.add("lost");
            lost.setResult(null);
        }

        String text(int fd) {
            return out[fd].toString(StandardCharsets.UTF_8);
        }
    }
}
