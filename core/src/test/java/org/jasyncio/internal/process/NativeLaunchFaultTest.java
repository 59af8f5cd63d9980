package org.jasyncio.internal.process;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.TimerHandle;
import org.jasyncio.harness.LoopReportGuard;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.os.PosixSpawn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Children are never left behind by a launch that fails half-way or by a kill that fails while the loop closes. */
class NativeLaunchFaultTest {
    private EventLoop loop;
    private final NativeLauncher.ExitAttach original = NativeLauncher.attach;

    @AfterEach
    void restore() {
        NativeLauncher.attach = original;
        if (loop != null && !loop.isClosed()) {
            loop.close();
        }
        System.clearProperty("jasyncio.subprocess");
    }

    private static final class Quiet implements SubprocessProtocol {
        BaseTransport transport;

        @Override
        public void connectionMade(BaseTransport t) {
            transport = t;
        }
    }

    private static boolean gone(long pid, double seconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (Files.exists(Path.of("/proc/" + pid)) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        return !Files.exists(Path.of("/proc/" + pid));
    }

    private static int openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        }
    }

    private <T> T run(Future<T> f) throws Exception {
        TimerHandle h = loop.callLater(10, () -> {
            if (!f.done()) {
                f.setException(new TimeoutException("timed out"));
            }
        });
        try {
            return loop.runUntilComplete(f);
        } finally {
            h.cancel();
        }
    }

    @Test
    void aLaunchFailingAfterTheSpawnKillsAndReapsTheChild() throws Exception {
        assumeTrue(NativeLauncher.available(), "no native spawn here");
        System.setProperty("jasyncio.subprocess", "native");
        loop = Asyncio.newEventLoop();
        AtomicLong spawned = new AtomicLong();
        NativeLauncher.attach = (pid, exitFd) -> {
            spawned.set(pid);
            throw new IOException("pidfd_open failed: injected");
        };
        int fds = openFds();
        var f = loop.subprocessExec(Quiet::new, List.of("sleep", "30"), SubprocessOptions.defaults());
        var e = assertThrows(IOException.class, () -> run(f));
        assertEquals("pidfd_open failed: injected", e.getMessage());
        assertTrue(spawned.get() > 0);
        assertTrue(gone(spawned.get(), 10), "child " + spawned.get() + " still runs or is a zombie");
        assertEquals(fds, openFds());
    }

    /** A process whose kill fails: the JDK's default toHandle() is unsupported. */
    private static final class Unkillable extends Process {
        @Override
        public long pid() {
            return Integer.MAX_VALUE;
        }

        @Override
        public OutputStream getOutputStream() {
            return OutputStream.nullOutputStream();
        }

        @Override
        public InputStream getInputStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public InputStream getErrorStream() {
            return InputStream.nullInputStream();
        }

        @Override
        public int waitFor() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int exitValue() {
            throw new IllegalThreadStateException("running");
        }

        @Override
        public boolean isAlive() {
            return true;
        }

        @Override
        public void destroy() {
            throw new UnsupportedOperationException("cannot kill this one");
        }
    }

    @Test
    void oneFailedKillDoesNotSpareTheOtherChildrenWhenTheLoopCloses() throws Exception {
        loop = Asyncio.newEventLoop();
        Subprocesses subprocesses = new Subprocesses((SelectorEventLoop) loop);
        subprocesses.track(new ChildProcessTransport((SelectorEventLoop) loop, subprocesses, new Quiet(),
                new LaunchedChild(new Unkillable(), null, null, null)));
        Connection<SubprocessTransport, Quiet> real = run(
                subprocesses.exec(Quiet::new, List.of("sleep", "30"), SubprocessOptions.defaults()));
        long pid = real.transport().getPid();
        LoopReportGuard.expect(ctx -> false); // nothing is reported: the failure is logged
        assertDoesNotThrow(loop::close);
        assertTrue(gone(pid, 10), "child " + pid + " survived the loop's close");
        assertNotNull(real.protocol().transport);
    }

    @Test
    void signalsAndCloseAfterTheChildWasReapedBehindTheLoopsBackDoNotThrow() throws Exception {
        assumeTrue(NativeLauncher.available(), "no native spawn here");
        System.setProperty("jasyncio.subprocess", "native");
        loop = Asyncio.newEventLoop();
        Connection<SubprocessTransport, Quiet> c = run(
                loop.subprocessExec(Quiet::new, List.of("sleep", "30"), SubprocessOptions.defaults()));
        long pid = c.transport().getPid();
        PosixSpawn.killAndReap(pid); // someone else collects it: its pid is free for the system to reuse
        assertTrue(gone(pid, 10));
        assertDoesNotThrow(() -> c.transport().sendSignal("SIGUSR1")); // Popen ignores ProcessLookupError
        assertDoesNotThrow(() -> c.transport().terminate());
        assertDoesNotThrow(() -> c.transport().close()); // asyncio's close ignores it too
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (c.transport().getReturncode() == null && System.nanoTime() < deadline) {
            Future<Void> tick = loop.createFuture();
            loop.callLater(0.01, () -> tick.setResult(null));
            run(tick);
        }
        assertEquals(255, c.transport().getReturncode()); // asyncio's returncode for a status someone else read
    }
}
