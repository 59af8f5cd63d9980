package org.jasyncio.process;

import static org.jasyncio.process.ProcessTesting.newLoop;
import static org.jasyncio.process.ProcessTesting.run;
import static org.jasyncio.process.ProcessTesting.spin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Stdio;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.WriteTransport;
import org.jasyncio.process.ProcessTesting.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A child's life: exit statuses, signals, close and kill, failures to start, broken pipes; on every spawn path. */
class SubprocessLifecycleTest {
    private EventLoop loop;

    @AfterEach
    void closeLoop() {
        if (loop != null && !loop.isClosed()) {
            loop.close();
        }
        System.clearProperty(ProcessTesting.PIPES_PROPERTY);
    }

    private Connection<SubprocessTransport, Recorder> exec(SubprocessOptions o, String... args) throws Exception {
        return run(loop, loop.subprocessExec(() -> new Recorder(loop), List.of(args), o), 10);
    }

    private Connection<SubprocessTransport, Recorder> exec(String... args) throws Exception {
        return exec(SubprocessOptions.defaults(), args);
    }

    private Connection<SubprocessTransport, Recorder> shell(String cmd) throws Exception {
        return run(loop, loop.subprocessShell(() -> new Recorder(loop), cmd), 10);
    }

    private static Recorder finish(EventLoop loop, Connection<SubprocessTransport, Recorder> c) throws Exception {
        run(loop, c.protocol().lost, 20);
        return c.protocol();
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void exitStatusIsReported(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("exit 7");
        finish(loop, c);
        assertEquals(7, c.transport().getReturncode());
        var f = exec("false");
        finish(loop, f);
        assertEquals(1, f.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void aChildThatEndsByItselfLeavesTheTransportNotClosing(String pipes) throws Exception {
        // test_subprocess's test_proc_exited: the exit alone closes nothing the user did not close
        loop = newLoop(pipes);
        Throwable[] lostWith = {new AssertionError("connectionLost never called")};
        var c = run(loop, loop.<Recorder>subprocessShell(() -> new Recorder(loop) {
            @Override
            public void connectionLost(Throwable exc) {
                lostWith[0] = exc;
                super.connectionLost(exc);
            }
        }, "exit 6"), 10);
        finish(loop, c);
        assertEquals(6, c.transport().getReturncode());
        assertNull(lostWith[0]);
        assertTrue(c.protocol().events.contains("exited"));
        assertFalse(c.transport().isClosing());
        assertThrows(org.jasyncio.ProcessLookupError.class, () -> c.transport().kill());
        c.transport().close();
        assertEquals(6, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void transportsLetGoOfTheirProtocolsAfterConnectionLost(String pipes) throws Exception {
        // asyncio's _call_connection_lost, on the subprocess transport and on each pipe transport
        loop = newLoop(pipes);
        var c = exec("true");
        var stdout = c.transport().getPipeTransport(1);
        finish(loop, c);
        assertNull(c.transport().getProtocol());
        assertNull(stdout.getProtocol());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void returncodeIsNullWhileRunning(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sleep", "30");
        spin(loop, 0.05);
        assertNull(c.transport().getReturncode());
        c.transport().kill();
        finish(loop, c);
        assertEquals(-9, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void terminateGivesMinus15(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sleep", "30");
        c.transport().terminate();
        finish(loop, c);
        assertEquals(-15, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void sendSignalReachesTheChild(String pipes) throws Exception {
        loop = newLoop(pipes);
        Future<Void> ready = loop.createFuture();
        var c = run(loop, loop.<Recorder>subprocessShell(() -> new Recorder(loop) {
            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                super.pipeDataReceived(fd, data);
                if (text(1).contains("ready") && !ready.done()) {
                    ready.setResult(null);
                }
            }
        }, "trap 'echo got; exit 3' USR1; echo ready; while :; do sleep 0.05; done"), 10);
        run(loop, ready, 10);
        c.transport().sendSignal("SIGUSR1");
        Recorder r = finish(loop, c);
        assertEquals("ready\ngot\n", r.text(1));
        assertEquals(3, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void sendSignalByShortNameEndsTheChild(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sleep", "30");
        c.transport().sendSignal("USR2");
        finish(loop, c);
        assertEquals(-12, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void signalFromInsideTheChildIsNegative(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("kill -9 $$");
        finish(loop, c);
        assertEquals(-9, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void unknownSignalNameIsAnArgumentError(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sleep", "30");
        assertThrows(IllegalArgumentException.class, () -> c.transport().sendSignal("SIGNOPE"));
        c.transport().close();
        finish(loop, c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void signalsAfterExitAreIgnoredThenRefused(String pipes) throws Exception {
        loop = newLoop(pipes);
        List<Throwable> errors = new ArrayList<>();
        var c = run(loop, loop.<Recorder>subprocessExec(() -> new Recorder(loop) {
            @Override
            public void processExited() {
                super.processExited();
                try {
                    SubprocessTransport t = (SubprocessTransport) transport;
                    t.kill(); // exit known: Popen.send_signal skips a dead process
                    t.terminate();
                    t.sendSignal("SIGUSR1");
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        }, List.of("true")), 10);
        finish(loop, c);
        assertEquals(List.of(), errors);
        assertEquals(0, c.transport().getReturncode());
        var e = assertThrows(org.jasyncio.ProcessLookupError.class, () -> c.transport().sendSignal("SIGUSR1"));
        assertTrue(e.getMessage().contains("No such process"), e.getMessage());
        assertThrows(org.jasyncio.ProcessLookupError.class, () -> c.transport().kill());
        assertThrows(org.jasyncio.ProcessLookupError.class, () -> c.transport().terminate());
        c.transport().close(); // close never throws it
    }

    /** Ended (a zombie on the native path, already collected by the JDK on the others) but not yet seen by the loop. */
    private static boolean endedUnseen(long pid) throws IOException {
        Path stat = Path.of("/proc/" + pid + "/stat");
        try {
            String s = Files.readString(stat);
            return s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.nio.file.NoSuchFileException gone) {
            return true;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void signalsToAChildThatEndedUnseenAreQuietAsPopensAre(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sleep", "0.2");
        long pid = c.transport().getPid();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!endedUnseen(pid) && System.nanoTime() < deadline) {
            Thread.sleep(10); // the loop does not run: nobody has told the transport yet
        }
        assertTrue(endedUnseen(pid));
        assertEquals(null, c.transport().getReturncode());
        c.transport().sendSignal("SIGUSR1");
        c.transport().terminate();
        c.transport().kill();
        c.transport().close();
        finish(loop, c);
        assertEquals(0, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void missingProgramFailsTheFutureAndLeaksNothing(String pipes) throws Exception {
        loop = newLoop(pipes);
        var first = loop.subprocessExec(() -> new Recorder(loop), List.of("/nonexistent/jasyncio-no-such-program"));
        assertThrows(IOException.class, () -> run(loop, first, 10));
        int fds = ProcessTesting.openFds();
        int threads = Thread.activeCount();
        for (int i = 0; i < 5; i++) {
            var f = loop.subprocessExec(() -> new Recorder(loop), List.of("jasyncio-no-such-program"));
            IOException e = assertThrows(IOException.class, () -> run(loop, f, 10));
            assertTrue(e.getMessage().contains("jasyncio-no-such-program"), e.getMessage());
        }
        spin(loop, 0.05);
        assertEquals(fds, ProcessTesting.openFds());
        assertTrue(Thread.activeCount() <= threads + 1, "threads " + threads + " -> " + Thread.activeCount());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void missingCwdFailsTheFuture(String pipes, @TempDir Path dir) throws Exception {
        loop = newLoop(pipes);
        var f = loop.subprocessExec(() -> new Recorder(loop), List.of("true"),
                SubprocessOptions.defaults().cwd(dir.resolve("missing")));
        assertThrows(IOException.class, () -> run(loop, f, 10));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void childExitingWhileWeWriteIsABrokenPipe(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sleep", "0.3");
        WriteTransport stdin = (WriteTransport) c.transport().getPipeTransport(0);
        stdin.write(new byte[1 << 20]);
        Recorder r = finish(loop, c);
        assertInstanceOf(IOException.class, r.pipeErrors[0]);
        assertEquals(0, c.transport().getReturncode());
        stdin.write(new byte[10]); // dropped silently
        Future<String> still = loop.createFuture();
        loop.callSoon(() -> still.setResult("alive"));
        assertEquals("alive", run(loop, still, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void closeKillsARunningChildAndReapsIt(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sleep", "30");
        long pid = c.transport().getPid();
        c.transport().close();
        assertTrue(c.transport().isClosing());
        Recorder r = finish(loop, c);
        assertEquals(-9, c.transport().getReturncode());
        assertTrue(r.events.contains("exited"));
        assertTrue(ProcessTesting.waitGone(pid, 10), "child " + pid + " left a zombie");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void closeLosesEveryPipeBeforeTheExitAndTheConnection(String pipes) throws Exception {
        // asyncio's close(): each pipe transport is closed at once (pipe_connection_lost(fd, None) in fd order),
        // then the kill; process_exited and connection_lost(None) follow the exit
        loop = newLoop(pipes);
        var c = exec("sleep", "30");
        spin(loop, 0.05);
        c.transport().close();
        assertEquals(List.of("made"), c.protocol().events, "nothing is called from inside close()");
        Recorder r = finish(loop, c);
        assertEquals(List.of("made", "pipeLost0", "pipeLost1", "pipeLost2", "exited", "lost"), r.events);
        assertNull(r.pipeErrors[0]);
        assertNull(r.pipeErrors[1]);
        assertNull(r.pipeErrors[2]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void anUnreadStdinIsLostBeforeTheExitIsReported(String pipes) throws Exception {
        // asyncio usually sees the child's end of stdin close in the same poll as the exit, and handles the exit later
        loop = newLoop(pipes);
        var c = exec("true");
        Recorder r = finish(loop, c);
        List<String> ev = r.events;
        assertTrue(ev.indexOf("pipeLost0") >= 0 && ev.indexOf("pipeLost0") < ev.indexOf("exited"), ev.toString());
        assertNull(r.pipeErrors[0]);
        assertEquals("lost", ev.getLast());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void closeAfterExitKeepsTheStatus(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("exit 4");
        run(loop, c.protocol().exited, 10);
        c.transport().close();
        c.transport().close();
        Recorder r = finish(loop, c);
        assertEquals(4, c.transport().getReturncode());
        assertEquals(1, r.events.stream().filter("lost"::equals).count());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void cancellingTheFutureKillsTheChild(String pipes) throws Exception {
        loop = newLoop(pipes);
        Recorder[] holder = new Recorder[1];
        var f = loop.subprocessExec(() -> holder[0] = new Recorder(loop), List.of("sleep", "30"));
        f.cancel();
        run(loop, holder[0].lost, 10);
        assertTrue(holder[0].events.contains("exited"));
        assertThrows(Exception.class, () -> f.result());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void closingTheLoopKillsRunningChildren(String pipes) throws Exception {
        loop = newLoop(pipes);
        finish(loop, exec("true"));
        spin(loop, 0.05);
        int fds = ProcessTesting.openFds();
        var c = exec("sleep", "30");
        long pid = c.transport().getPid();
        loop.close();
        assertTrue(ProcessTesting.waitGone(pid, 10), "child " + pid + " outlived its loop");
        // The loop's own selector went too, so compare against a count that included it: nothing of the child is left.
        assertTrue(ProcessTesting.openFds() <= fds, "descriptors left: " + fds + " -> " + ProcessTesting.openFds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void noDescriptorLeaksAcrossRuns(String pipes) throws Exception {
        loop = newLoop(pipes);
        finish(loop, exec("true"));
        spin(loop, 0.05); // the JDK closes a channel registered with a selector at the next poll
        int before = ProcessTesting.openFds();
        for (int i = 0; i < 10; i++) {
            var c = exec("sh", "-c", "echo x; echo y >&2");
            finish(loop, c);
        }
        spin(loop, 0.05);
        assertEquals(before, ProcessTesting.openFds());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void closingOurStdoutEndGivesTheChildSigpipe(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sh", "-c", "while read l; do echo \"$l\"; done");
        WriteTransport stdin = (WriteTransport) c.transport().getPipeTransport(0);
        Recorder r = c.protocol();
        stdin.write("first\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 500 && r.text(1).isEmpty(); i++) {
            spin(loop, 0.01);
        }
        assertEquals("first\n", r.text(1));
        c.transport().getPipeTransport(1).close();
        spin(loop, 0.05);
        assertTrue(r.events.contains("pipeLost1"));
        // A blocked reader thread (streams) holds the pipe open until its read returns: a few lines make sure.
        for (int i = 0; i < 3; i++) {
            stdin.write("more\n".getBytes(StandardCharsets.UTF_8));
            spin(loop, 0.05);
        }
        finish(loop, c);
        assertEquals(-13, c.transport().getReturncode());
        assertEquals("first\n", r.text(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native"})
    void nativePathTellsExitCodesAbove128FromSignals(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("exit 130");
        org.junit.jupiter.api.Assumptions.assumeTrue(
                c.transport().getExtraInfo("subprocess").getClass().getSimpleName().equals("NativeProcess"),
                "the native spawn path is not available here");
        finish(loop, c);
        assertEquals(130, c.transport().getReturncode());
        Process p = (Process) c.transport().getExtraInfo("subprocess");
        assertEquals(130, p.exitValue());
        assertFalse(p.isAlive());
        var k = shell("kill -INT $$; sleep 5");
        finish(loop, k);
        assertEquals(-2, k.transport().getReturncode());
        assertEquals(130, ((Process) k.transport().getExtraInfo("subprocess")).exitValue(), "the JDK's convention");
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void processOnExitCompletes(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("exit 5");
        Process p = (Process) c.transport().getExtraInfo("subprocess");
        finish(loop, c);
        assertEquals(5, p.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS).exitValue());
        assertEquals(5, p.waitFor());
    }

    @org.junit.jupiter.api.Test
    void argumentErrorsThrowAtOnce() {
        loop = newLoop("selectable");
        assertThrows(IllegalArgumentException.class, () -> loop.subprocessExec(() -> new Recorder(loop), List.of()));
        assertThrows(IllegalArgumentException.class, () -> loop.subprocessExec(null, List.of("true")));
        assertThrows(IllegalArgumentException.class, () -> loop.subprocessShell(() -> new Recorder(loop), null));
        assertThrows(IllegalArgumentException.class, () -> SubprocessOptions.defaults().stdout(Stdio.STDOUT));
        assertThrows(IllegalArgumentException.class, () -> SubprocessOptions.defaults().stdin(Stdio.STDOUT));
        List<String> withNull = new ArrayList<>();
        withNull.add("echo");
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> loop.subprocessExec(() -> new Recorder(loop), withNull));
    }

    @org.junit.jupiter.api.Test
    void protocolFactoryFailureFailsTheFuture() {
        loop = newLoop("selectable");
        var f = loop.<Recorder>subprocessExec(() -> {
            throw new IllegalStateException("factory broke");
        }, List.of("true"));
        var e = assertThrows(IllegalStateException.class, () -> run(loop, f, 5));
        assertEquals("factory broke", e.getMessage());
    }
}
