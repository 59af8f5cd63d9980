package org.jasyncio.subprocess;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeoutException;
import org.jasyncio.Asyncio;
import org.jasyncio.CancelledError;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.ProcessLookupError;
import org.jasyncio.Stdio;
import org.jasyncio.Subprocess;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.Task;
import org.jasyncio.TimerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Subprocesses with streams (asyncio's subprocess.py) as test_subprocess.py checks them, with real processes. */
class SubprocessStreamsTest {
    private static final SubprocessOptions PIPES = SubprocessOptions.defaults();
    private EventLoop loop;
    private final List<Map<String, Object>> reported = new ArrayList<>();

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
        try {
            loop.close();
        } finally {
            synchronized (reported) {
                assertEquals(List.of(), reported.stream().map(m -> m.get("message") + ": " + m.get("exception"))
                        .toList(), "the loop's exception handler was called");
            }
        }
    }

    private <T> T run(Coroutine<T> main) throws Exception {
        Task<T> task = loop.createTask(main);
        TimerHandle guard = loop.callLater(30, () -> task.cancel("the test took over 30 s: hung"));
        try {
            return loop.runUntilComplete(task);
        } finally {
            guard.cancel();
        }
    }

    private static Subprocess exec(SubprocessOptions o, String... args) throws Exception {
        return await(Asyncio.createSubprocessExec(List.of(args), o));
    }

    private static Subprocess shell(String cmd) throws Exception {
        return await(Asyncio.createSubprocessShell(cmd, PIPES));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    @Test
    void communicateFeedsStdinAndCollectsStdout() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "cat");
            Subprocess.Output out = await(p.communicate(bytes("some data")));
            assertEquals("some data", text(out.stdout()));
            assertEquals("", text(out.stderr()));
            assertEquals(0, p.returncode());
            return null;
        });
    }

    @Test
    void communicateWithoutInputClosesStdin() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "cat");
            Subprocess.Output out = await(p.communicate());
            assertEquals(0, out.stdout().length);
            assertEquals(0, p.returncode());
            return null;
        });
    }

    @Test
    void communicateWithEmptyInput() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "cat");
            assertEquals(0, await(p.communicate(new byte[0])).stdout().length);
            assertEquals(0, await(p.waitAsync()));
            return null;
        });
    }

    @Test
    void communicateMovesMegabytesBothWaysByteForByte() throws Exception {
        byte[] input = new byte[4 * 1024 * 1024];
        new Random(42).nextBytes(input);
        run(() -> {
            Subprocess p = exec(PIPES, "cat");
            Subprocess.Output out = await(p.communicate(input));
            assertArrayEquals(input, out.stdout());
            assertEquals(0, p.returncode());
            return null;
        });
    }

    @Test
    void largeOutputIsReadToTheEndThroughTheReadersLimit() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES.stdin(Stdio.DEVNULL), "head", "-c", "3000000", "/dev/zero");
            Subprocess.Output out = await(p.communicate());
            assertEquals(3_000_000, out.stdout().length);
            assertEquals(0, p.returncode());
            return null;
        });
    }

    @Test
    void stdoutLinesCanBeReadOneByOne() throws Exception {
        run(() -> {
            Subprocess p = shell("echo first; echo second");
            assertEquals("first\n", text(await(p.stdout().readline())));
            assertEquals("second\n", text(await(p.stdout().readline())));
            assertEquals(0, await(p.stdout().read()).length);
            assertTrue(p.stdout().atEof());
            assertEquals(0, await(p.waitAsync()));
            return null;
        });
    }

    @Test
    void writingToStdinAndClosingItEndsTheChildsInput() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "cat");
            p.stdin().write(bytes("line 1\n"));
            p.stdin().write(bytes("line 2\n"));
            await(p.stdin().drain());
            assertEquals("line 1\n", text(await(p.stdout().readline())));
            p.stdin().close();
            await(p.stdin().waitClosed());
            assertEquals("line 2\n", text(await(p.stdout().read())));
            assertEquals(0, await(p.waitAsync()));
            return null;
        });
    }

    @Test
    void shellExitStatusIsTheReturncode() throws Exception {
        run(() -> {
            Subprocess p = shell("exit 7");
            assertEquals(7, await(p.waitAsync()));
            assertEquals(7, p.returncode());
            return null;
        });
    }

    @Test
    void returncodeIsNullWhileTheChildRuns() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "sleep", "30");
            assertNull(p.returncode());
            assertTrue(p.pid() > 0);
            assertEquals("<Subprocess " + p.pid() + ">", p.toString());
            p.kill();
            assertEquals(-9, await(p.waitAsync()));
            return null;
        });
    }

    @Test
    void killEndsTheChildWithMinusSigkill() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "sleep", "30");
            p.kill();
            assertEquals(-9, await(p.waitAsync()));
            return null;
        });
    }

    @Test
    void terminateEndsTheChildWithMinusSigterm() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "sleep", "30");
            p.terminate();
            assertEquals(-15, await(p.waitAsync()));
            return null;
        });
    }

    @Test
    void signalsAfterAWaitThatHadToWaitFailWithProcessLookupError() throws Exception {
        // asyncio: wait() returns once the transport let the child go (_proc = None); then _check_proc raises
        run(() -> {
            Subprocess p = exec(PIPES, "sleep", "0.2");
            assertEquals(0, await(p.waitAsync()));
            assertThrows(ProcessLookupError.class, p::kill);
            assertThrows(ProcessLookupError.class, p::terminate);
            assertThrows(ProcessLookupError.class, () -> p.sendSignal("SIGHUP"));
            return null;
        });
    }

    @Test
    void sendSignalDeliversTheNamedSignal() throws Exception {
        run(() -> {
            // The child says when its trap is set, then waits; SIGHUP makes it print and exit 3.
            Subprocess p = shell("trap 'echo got-hup; exit 3' HUP; echo ready; while :; do sleep 0.05; done");
            assertEquals("ready\n", text(await(p.stdout().readline())));
            p.sendSignal("SIGHUP");
            assertEquals("got-hup\n", text(await(p.stdout().readline())));
            assertEquals(3, await(p.waitAsync()));
            assertThrows(IllegalArgumentException.class, () -> p.sendSignal("SIGNOTHING"));
            return null;
        });
    }

    @Test
    void aChildThatDoesNotReadItsInputDoesNotFailCommunicate() throws Exception {
        // test_communicate_ignore_broken_pipe
        byte[] big = new byte[4 * 1024 * 1024];
        run(() -> {
            Subprocess p = shell("exit 0");
            Subprocess.Output out = await(p.communicate(big));
            assertEquals(0, out.stdout().length);
            assertEquals(0, p.returncode());
            return null;
        });
    }

    @Test
    void drainingIntoAChildThatExitedFailsWithABrokenPipe() throws Exception {
        // test_stdin_broken_pipe: write() and drain() raise BrokenPipe or ConnectionReset
        byte[] big = new byte[4 * 1024 * 1024];
        run(() -> {
            Subprocess p = exec(PIPES, "sh", "-c", "exit 0");
            Throwable failure = null;
            try {
                p.stdin().write(big);
                await(p.stdin().drain());
                p.stdin().write(big);
                await(p.stdin().drain());
            } catch (IOException e) {
                failure = e;
            }
            assertNotNull(failure, "a drain into a closed pipe must fail");
            assertInstanceOf(IOException.class, failure);
            await(p.waitAsync());
            return null;
        });
    }

    @Test
    void stderrIsItsOwnPipe() throws Exception {
        run(() -> {
            Subprocess p = shell("echo out; echo err >&2");
            Subprocess.Output out = await(p.communicate());
            assertEquals("out\n", text(out.stdout()));
            assertEquals("err\n", text(out.stderr()));
            return null;
        });
    }

    @Test
    void stderrRedirectedToStdoutHasNoReader() throws Exception {
        run(() -> {
            Subprocess p = await(Asyncio.createSubprocessShell("echo out; echo err >&2",
                    PIPES.stderr(Stdio.STDOUT)));
            assertNull(p.stderr());
            Subprocess.Output out = await(p.communicate());
            assertEquals("out\nerr\n", text(out.stdout()));
            assertNull(out.stderr());
            return null;
        });
    }

    @Test
    void devnullStreamsHaveNoStreamObjects() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES.stdin(Stdio.DEVNULL).stdout(Stdio.DEVNULL), "sh", "-c", "cat; echo e >&2");
            assertNull(p.stdin());
            assertNull(p.stdout());
            Subprocess.Output out = await(p.communicate(bytes("ignored")));
            assertNull(out.stdout());
            assertEquals("e\n", text(out.stderr()));
            return null;
        });
    }

    @Test
    void withoutOptionsTheChildInheritsTheParentsStreams() throws Exception {
        run(() -> {
            Subprocess p = await(Asyncio.createSubprocessExec(List.of("true")));
            assertNull(p.stdin());
            assertNull(p.stdout());
            assertNull(p.stderr());
            assertEquals(0, await(p.waitAsync()));
            Subprocess s = await(Asyncio.createSubprocessShell("exit 4"));
            Subprocess.Output out = await(s.communicate());
            assertNull(out.stdout());
            assertNull(out.stderr());
            assertEquals(4, s.returncode());
            return null;
        });
    }

    @Test
    void environmentAndWorkingDirectoryReachTheChild(@TempDir Path dir) throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES.env(Map.of("FOO", "bar", "PATH", System.getenv("PATH"))).cwd(dir),
                    "sh", "-c", "echo $FOO; pwd");
            String out = text(await(p.communicate()).stdout());
            assertEquals("bar\n" + dir.toRealPath() + "\n", out);
            return null;
        });
    }

    @Test
    void aProgramThatDoesNotExistFailsTheCreation() throws Exception {
        run(() -> {
            Future<Subprocess> f = Asyncio.createSubprocessExec(List.of("/nonexistent/program-xyz"), PIPES);
            assertThrows(IOException.class, () -> await(f));
            return null;
        });
        assertThrows(IllegalArgumentException.class, () -> Asyncio.createSubprocessExec(List.of(), PIPES));
    }

    @Test
    void aCancelledWaitLeavesTheChildRunning() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "sleep", "30");
            assertThrows(TimeoutException.class, () -> await(Asyncio.waitFor(p.waitAsync(), 0.1)));
            assertNull(p.returncode());
            p.kill();
            assertEquals(-9, await(p.waitAsync()));
            return null;
        });
    }

    @Test
    void cancellingCommunicateCancelsIt() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "sleep", "30");
            Future<Subprocess.Output> c = p.communicate();
            loop.callLater(0.05, () -> c.cancel());
            assertThrows(CancelledError.class, () -> await(c));
            p.kill();
            assertEquals(-9, await(p.waitAsync()));
            return null;
        });
    }

    @Test
    void severalTasksWaitingForOneChildAllGetItsStatus() throws Exception {
        run(() -> {
            Subprocess p = shell("sleep 0.1; exit 5");
            List<Task<Integer>> waiters = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                waiters.add(loop.createTask(() -> await(p.waitAsync())));
            }
            for (Task<Integer> w : waiters) {
                assertEquals(5, await(w));
            }
            return null;
        });
    }

    @Test
    void outputWrittenBeforeTheExitCanStillBeRead() throws Exception {
        run(() -> {
            Subprocess p = shell("echo hello; echo world >&2");
            assertEquals(0, await(p.waitAsync()));
            assertEquals("hello\n", text(await(p.stdout().read())));
            assertEquals("world\n", text(await(p.stderr().read())));
            return null;
        });
    }

    @Test
    void readexactlyAndReaduntilWorkOnAChildsStdout() throws Exception {
        run(() -> {
            Subprocess p = shell("printf 'abc;defgh'");
            assertEquals("abc;", text(await(p.stdout().readuntil(bytes(";")))));
            assertEquals("def", text(await(p.stdout().readexactly(3))));
            assertEquals("gh", text(await(p.stdout().read())));
            await(p.waitAsync());
            return null;
        });
    }

    @Test
    void aScriptFileRunsWithItsArguments(@TempDir Path dir) throws Exception {
        Path script = dir.resolve("args.sh");
        Files.writeString(script, "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        script.toFile().setExecutable(true);
        run(() -> {
            Subprocess p = exec(PIPES, script.toString(), "a b", "", "c");
            assertEquals("[a b]\n[]\n[c]\n", text(await(p.communicate()).stdout()));
            return null;
        });
    }

    @Test
    void manyChildrenRunAtOnce() throws Exception {
        run(() -> {
            List<Subprocess> ps = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                ps.add(shell("echo " + i));
            }
            List<Future<Subprocess.Output>> outs = new ArrayList<>();
            for (Subprocess p : ps) {
                outs.add(p.communicate());
            }
            for (int i = 0; i < 8; i++) {
                assertEquals(i + "\n", text(await(outs.get(i)).stdout()));
            }
            return null;
        });
    }

    // ------------------------------------------------------------------ test_subprocess.py, ported one for one

    /** test_kill_issue43884: a killed shell whose own child still holds stdout ends with -SIGKILL. */
    @Test
    void killingAShellWhoseChildHoldsStdoutEndsWithMinusSigkill() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES.stdin(Stdio.DEVNULL), "sh", "-c", "sleep 1; sleep 1");
            await(Asyncio.sleep(0.3));
            p.kill();
            assertEquals(-9, await(p.waitAsync()));
            assertEquals(-9, p.returncode());
            return null;
        });
    }

    /** test_devstdin_input: stdin is a real pipe, so a child may open /dev/stdin itself. */
    @Test
    void aChildOpeningDevStdinReadsTheInput() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "sh", "-c", "wc -c < /dev/stdin");
            Subprocess.Output out = await(p.communicate(bytes("abc")));
            assertEquals("3", text(out.stdout()).trim());
            assertEquals(0, await(p.waitAsync()));
            return null;
        });
    }

    /** test_devnull_error: stderr to DEVNULL has no reader and communicate() gives null for it. */
    @Test
    void devnullStderrIsNullInTheOutput() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES.stderr(Stdio.DEVNULL), "sh", "-c", "wc -c; echo lost >&2");
            assertNull(p.stderr());
            Subprocess.Output out = await(p.communicate(bytes("abc")));
            assertNull(out.stderr());
            assertEquals("3", text(out.stdout()).trim());
            assertEquals(0, p.returncode());
            return null;
        });
    }

    /**
     * test_create_subprocess_env_exec / _shell and test_subprocess_concurrent_wait: the environment reaches the child,
     * and once communicate() is done a wait() is done within one loop iteration, as often as it is asked.
     */
    @Test
    void afterCommunicateEveryWaitIsDoneAtOnce() throws Exception {
        run(() -> {
            Map<String, String> env = new java.util.HashMap<>(System.getenv());
            env.put("FOO", "baz");
            Subprocess p = exec(PIPES.env(env), "sh", "-c", "printf %s \"$FOO\"");
            assertEquals("baz", text(await(p.communicate()).stdout()));
            assertEquals(0, p.returncode());
            Task<Integer> w = loop.createTask(() -> await(p.waitAsync()));
            await(Asyncio.sleep(0));
            assertTrue(w.done(), "wait() after the exit is known takes one step");
            assertEquals(0, w.result());
            List<Future<?>> waits = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                waits.add(p.waitAsync());
            }
            assertEquals(java.util.Collections.nCopies(10, 0), await(Asyncio.gather(waits.toArray(new Future<?>[0]))));
            env.put("FOO", "bar");
            Subprocess sh = await(Asyncio.createSubprocessShell("printf %s \"$FOO\"", PIPES.env(env)));
            assertEquals("bar", text(await(sh.communicate()).stdout()));
            assertEquals(0, await(sh.waitAsync()));
            return null;
        });
    }

    /** test_read_stdout_after_process_exit: reading slowly long after the child exited still gets every byte. */
    @Test
    void stdoutReadSlowlyAfterTheExitGivesEveryByte() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES.stdin(Stdio.DEVNULL), "sh", "-c", "head -c 262144 /dev/zero; exit 1");
            long total = 0;
            byte[] data;
            while ((data = await(p.stdout().read(65536))).length > 0) {
                total += data.length;
                await(Asyncio.sleep(0.1));
            }
            assertEquals(262144, total);
            assertEquals(1, await(p.waitAsync()));
            return null;
        });
    }

    /** test_cancel_make_subprocess_transport_exec: cancelling the creation cancels it and leaves no child running. */
    @Test
    void cancellingTheCreationLeavesNoChildRunning(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("pid");
        run(() -> {
            Task<Subprocess> create = loop.createTask(() -> exec(PIPES,
                    "sh", "-c", "echo $$ > " + pidFile + ".tmp; mv " + pidFile + ".tmp " + pidFile
                            + "; exec sleep 30"));
            loop.callSoon(() -> create.cancel());
            assertThrows(CancelledError.class, () -> await(create));
            return null;
        });
        // The child may have been killed before it wrote its pid; if it wrote it, it must end.
        long pidDeadline = System.nanoTime() + 2_000_000_000L;
        while (System.nanoTime() < pidDeadline && !Files.exists(pidFile)) {
            run(() -> await(Asyncio.sleep(0.05)));
        }
        if (Files.exists(pidFile)) {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (System.nanoTime() < deadline && isRunning(pid)) {
                run(() -> await(Asyncio.sleep(0.05)));
            }
            assertTrue(!isRunning(pid), "the child of a cancelled creation is still running");
        }
    }

    /** Running and not a zombie: /proc/PID/stat's state is neither Z nor X. */
    private static boolean isRunning(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String s;
        try {
            s = Files.readString(stat);
        } catch (IOException gone) {
            return false;
        }
        char state = s.charAt(s.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }

    /**
     * asyncio's write pipe watches its read end: a child that exits without reading closes stdin cleanly (nothing was
     * buffered), so wait() ends without stdin being closed, stdin's waitClosed() succeeds, and a later drain fails with
     * ConnectionResetError("Connection lost").
     */
    @Test
    void stdinOfAChildThatExitedIsClosedAndDrainFailsWithConnectionLost() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "sh", "-c", "exit 0");
            assertEquals(0, await(p.waitAsync()));
            assertTrue(p.stdin().isClosing());
            await(p.stdin().waitClosed());
            p.stdin().write(bytes("late"));
            Exception e = assertThrows(Exception.class, () -> await(p.stdin().drain()));
            assertInstanceOf(java.net.SocketException.class, e);
            assertEquals("Connection lost", e.getMessage());
            return null;
        });
    }

    /**
     * A second communicate() finds stdin closed and both outputs at their end: asyncio drops the write to the closed
     * pipe, ignores the drain's ConnectionResetError, and returns empty outputs.
     */
    @Test
    void aSecondCommunicateReturnsEmptyOutputs() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "cat");
            assertEquals("first", text(await(p.communicate(bytes("first"))).stdout()));
            Subprocess.Output again = await(p.communicate(bytes("again")));
            assertEquals("", text(again.stdout()));
            assertEquals("", text(again.stderr()));
            assertEquals(0, p.returncode());
            return null;
        });
    }

    /** test_create_subprocess_with_pidfd: a loop of another thread (asyncio.run there) runs its children too. */
    @Test
    void aLoopInAnotherThreadRunsAChild() throws Exception {
        var outcome = new java.util.concurrent.atomic.AtomicReference<Object>();
        Thread t = new Thread(() -> {
            try {
                outcome.set(Asyncio.run(() -> {
                    Subprocess p = exec(PIPES, "cat");
                    Subprocess.Output out = await(p.communicate(bytes("some data")));
                    return p.returncode() + " " + text(out.stdout());
                }));
            } catch (Throwable e) {
                outcome.set(e);
            }
        }, "other-loop");
        t.start();
        t.join(30_000);
        assertEquals("0 some data", outcome.get());
    }

    /**
     * After communicate() the transport has let the child go: kill(), terminate() and sendSignal() fail with
     * ProcessLookupError, as asyncio's; and a child killed while its stdout is read still gives what it wrote.
     */
    @Test
    void afterCommunicateSignalsFailAndAKilledChildsOutputIsKept() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "sh", "-c", "exit 4");
            await(p.communicate());
            assertEquals(4, p.returncode());
            assertThrows(ProcessLookupError.class, p::kill);
            assertThrows(ProcessLookupError.class, p::terminate);
            assertThrows(ProcessLookupError.class, () -> p.sendSignal("SIGHUP"));

            Subprocess q = exec(PIPES.stdin(Stdio.DEVNULL).stderr(Stdio.DEVNULL), "sh", "-c", "echo hi; exec sleep 30");
            assertEquals("hi\n", text(await(q.stdout().readline())));
            q.kill();
            assertEquals("", text(await(q.stdout().read())));
            assertEquals(-9, await(q.waitAsync()));
            return null;
        });
    }

    /** Closing stdin without a drain still delivers everything written before (the pipe flushes, then closes). */
    @Test
    void closingStdinWithoutADrainDeliversEverythingWritten() throws Exception {
        run(() -> {
            Subprocess p = exec(PIPES, "wc", "-c");
            p.stdin().write(new byte[1 << 20]);
            p.stdin().close();
            assertEquals(String.valueOf(1 << 20), text(await(p.stdout().read())).trim());
            await(p.stdin().waitClosed());
            assertEquals(0, await(p.waitAsync()));
            return null;
        });
    }
}
