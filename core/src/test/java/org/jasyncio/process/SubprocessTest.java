package org.jasyncio.process;

import static org.jasyncio.process.ProcessTesting.newLoop;
import static org.jasyncio.process.ProcessTesting.run;
import static org.jasyncio.process.ProcessTesting.spin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.ReadTransport;
import org.jasyncio.Stdio;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessTransport;
import org.jasyncio.WriteTransport;
import org.jasyncio.harness.ExpectLoopReports;
import org.jasyncio.process.ProcessTesting.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** subprocess_exec and subprocess_shell with real children, on both kinds of pipes (test_subprocess, test_events). */
class SubprocessTest {
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
    void execDeliversStdout(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("echo", "hello", "world");
        Recorder r = finish(loop, c);
        assertEquals("hello world\n", r.text(1));
        assertEquals("", r.text(2));
        assertEquals(0, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void callbacksComeInAsyncioOrder(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sh", "-c", "echo out; echo err >&2");
        Recorder r = finish(loop, c);
        List<String> ev = new ArrayList<>(r.events);
        assertEquals("made", ev.getFirst());
        assertEquals("lost", ev.getLast());
        for (String e : List.of("exited", "pipeLost0", "pipeLost1", "pipeLost2", "lost", "made")) {
            assertEquals(1, ev.stream().filter(e::equals).count(), e + " once in " + ev);
        }
        assertTrue(ev.indexOf("data1") < ev.indexOf("pipeLost1"), ev.toString());
        assertTrue(ev.indexOf("data2") < ev.indexOf("pipeLost2"), ev.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void connectionMadeRunsBeforeTheFutureCompletes(String pipes) throws Exception {
        loop = newLoop(pipes);
        List<String> order = new ArrayList<>();
        Recorder[] holder = new Recorder[1];
        Future<Connection<SubprocessTransport, Recorder>> f = loop.subprocessExec(() -> holder[0] = new Recorder(loop) {
            @Override
            public void connectionMade(org.jasyncio.BaseTransport t) {
                super.connectionMade(t);
                order.add("connectionMade");
            }
        }, List.of("true"));
        f.addDoneCallback(x -> order.add("future done"));
        var c = run(loop, f, 10);
        spin(loop, 0);
        assertEquals(List.of("connectionMade", "future done"), order.subList(0, 2));
        assertSame(holder[0], c.protocol());
        assertSame(c.transport(), holder[0].transport);
        finish(loop, c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void shellRunsThroughBinSh(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("echo $((6 * 7)) && echo done");
        assertEquals("42\ndone\n", finish(loop, c).text(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void stderrIsItsOwnPipe(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("echo out; echo err 1>&2");
        Recorder r = finish(loop, c);
        assertEquals("out\n", r.text(1));
        assertEquals("err\n", r.text(2));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void stderrToStdout(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec(SubprocessOptions.defaults().stderr(Stdio.STDOUT), "sh", "-c", "echo out; echo err >&2");
        assertNull(c.transport().getPipeTransport(2));
        Recorder r = finish(loop, c);
        assertEquals("out\nerr\n", r.text(1));
        assertFalse(r.events.contains("pipeLost2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void devnullStdoutHasNoPipe(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec(SubprocessOptions.defaults().stdout(Stdio.DEVNULL), "echo", "lost");
        assertNull(c.transport().getPipeTransport(1));
        Recorder r = finish(loop, c);
        assertEquals("", r.text(1));
        assertFalse(r.events.contains("pipeLost1"));
        assertEquals(0, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void devnullStdinReadsEof(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec(SubprocessOptions.defaults().stdin(Stdio.DEVNULL), "cat");
        assertNull(c.transport().getPipeTransport(0));
        Recorder r = finish(loop, c);
        assertEquals("", r.text(1));
        assertEquals(0, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void inheritGivesNoPipes(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec(new SubprocessOptions(Stdio.INHERIT, Stdio.INHERIT, Stdio.INHERIT, null, null), "true");
        for (int fd = 0; fd < 3; fd++) {
            assertNull(c.transport().getPipeTransport(fd));
        }
        Recorder r = finish(loop, c);
        assertEquals(List.of("made", "exited", "lost"), r.events);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void cwdIsHonoured(String pipes, @TempDir Path dir) throws Exception {
        loop = newLoop(pipes);
        var c = exec(SubprocessOptions.defaults().cwd(dir), "pwd");
        assertEquals(dir.toRealPath() + "\n", finish(loop, c).text(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void envReplacesTheEnvironment(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec(SubprocessOptions.defaults().env(Map.of("JASYNCIO_TEST", "42")), "/bin/sh", "-c",
                "echo \"$JASYNCIO_TEST ${HOME:-nohome}\"");
        assertEquals("42 nohome\n", finish(loop, c).text(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void stdinReachesTheChild(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("cat");
        WriteTransport stdin = (WriteTransport) c.transport().getPipeTransport(0);
        assertTrue(stdin.canWriteEof());
        stdin.write("hello ".getBytes(StandardCharsets.UTF_8));
        stdin.writelines(List.of("cat".getBytes(StandardCharsets.UTF_8), "\n".getBytes(StandardCharsets.UTF_8)));
        stdin.writeEof();
        Recorder r = finish(loop, c);
        assertEquals("hello cat\n", r.text(1));
        assertNull(r.pipeErrors[0]);
        assertEquals(0, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void stdinLargerThanThePipeBufferPausesWriting(String pipes) throws Exception {
        loop = newLoop(pipes);
        List<String> flow = new ArrayList<>();
        var c = run(loop, loop.<Recorder>subprocessExec(() -> new Recorder(loop) {
            @Override
            public void pauseWriting() {
                flow.add("pause");
            }

            @Override
            public void resumeWriting() {
                flow.add("resume");
            }
        }, List.of("cat")), 10);
        WriteTransport stdin = (WriteTransport) c.transport().getPipeTransport(0);
        byte[] data = new byte[4 << 20];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 31 + (i >> 11));
        }
        stdin.write(data);
        assertTrue(stdin.getWriteBufferSize() > 0, "a 4 MiB write cannot fit a pipe");
        assertEquals(List.of("pause"), flow);
        stdin.writeEof();
        Recorder r = finish(loop, c);
        assertEquals(List.of("pause", "resume"), flow);
        assertEquals(0, stdin.getWriteBufferSize());
        assertTrue(java.util.Arrays.equals(data, r.out[1].toByteArray()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void pausedStdoutDeliversNothingUntilResumed(String pipes) throws Exception {
        loop = newLoop(pipes);
        boolean[] readingAtFirst = new boolean[1];
        var c = run(loop, loop.<Recorder>subprocessExec(() -> new Recorder(loop) {
            @Override
            public void connectionMade(org.jasyncio.BaseTransport t) {
                super.connectionMade(t);
                ReadTransport out = (ReadTransport) ((SubprocessTransport) t).getPipeTransport(1);
                readingAtFirst[0] = out.isReading();
                out.pauseReading();
            }
        }, List.of("echo", "held back")), 10);
        ReadTransport stdout = (ReadTransport) c.transport().getPipeTransport(1);
        assertTrue(readingAtFirst[0]);
        assertFalse(stdout.isReading());
        run(loop, c.protocol().exited, 10);
        spin(loop, 0.2);
        assertEquals("", c.protocol().text(1));
        assertFalse(c.protocol().lost.done(), "connectionLost must wait for the paused pipe");
        stdout.resumeReading();
        assertTrue(stdout.isReading());
        Recorder r = finish(loop, c);
        assertEquals("held back\n", r.text(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void childClosingStdoutEarlyLosesThatPipeFirst(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("echo first; exec 1>&-; sleep 0.3; echo done >&2");
        Recorder r = finish(loop, c);
        assertEquals("first\n", r.text(1));
        assertEquals("done\n", r.text(2));
        assertTrue(r.events.indexOf("pipeLost1") < r.events.indexOf("exited"), r.events.toString());
        assertNull(r.pipeErrors[1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void extraInfoGivesTheProcessAndPipes(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("cat");
        SubprocessTransport t = c.transport();
        Process p = assertInstanceOf(Process.class, t.getExtraInfo("subprocess"));
        assertEquals(p.pid(), t.getPid());
        assertTrue(t.getPid() > 0);
        assertNull(t.getExtraInfo("peername"));
        assertEquals("dflt", t.getExtraInfo("peername", "dflt"));
        assertInstanceOf(WriteTransport.class, t.getPipeTransport(0));
        assertInstanceOf(ReadTransport.class, t.getPipeTransport(1));
        assertInstanceOf(ReadTransport.class, t.getPipeTransport(2));
        assertNull(t.getPipeTransport(3));
        assertNull(t.getPipeTransport(-1));
        for (int fd = 0; fd < 3; fd++) {
            assertNotNull(t.getPipeTransport(fd).getExtraInfo("pipe"));
        }
        assertEquals(pipes.equals("native"), p.getClass().getSimpleName().equals("NativeProcess"), p.getClass().getName());
        if (!pipes.equals("streams")) {
            assertInstanceOf(java.nio.channels.Pipe.SinkChannel.class, t.getPipeTransport(0).getExtraInfo("pipe"));
            assertInstanceOf(java.nio.channels.Pipe.SourceChannel.class, t.getPipeTransport(1).getExtraInfo("pipe"));
        }
        t.close();
        finish(loop, c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void stdinAbortGivesTheChildEof(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("cat");
        WriteTransport stdin = (WriteTransport) c.transport().getPipeTransport(0);
        stdin.write("x".getBytes(StandardCharsets.UTF_8));
        spin(loop, 0.1);
        stdin.abort();
        assertTrue(stdin.isClosing());
        Recorder r = finish(loop, c);
        assertEquals(0, c.transport().getReturncode());
        assertTrue(r.events.indexOf("pipeLost0") >= 0);
        stdin.write("late".getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void stdoutAndStderrTogetherLarge(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = shell("head -c 3000000 /dev/zero; head -c 2000000 /dev/zero >&2");
        Recorder r = finish(loop, c);
        assertEquals(3000000, r.out[1].size());
        assertEquals(2000000, r.out[2].size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void manyChildrenAtOnce(String pipes) throws Exception {
        loop = newLoop(pipes);
        List<Future<Connection<SubprocessTransport, Recorder>>> fs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            fs.add(loop.subprocessExec(() -> new Recorder(loop), List.of("echo", "child" + i)));
        }
        for (int i = 0; i < 12; i++) {
            var c = run(loop, fs.get(i), 10);
            assertEquals("child" + i + "\n", finish(loop, c).text(1));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    @ExpectLoopReports("provokes the report it checks")
    void protocolErrorsGoToTheExceptionHandler(String pipes) throws Exception {
        loop = newLoop(pipes);
        List<Map<String, Object>> reported = new ArrayList<>();
        loop.setExceptionHandler((l, ctx) -> reported.add(ctx));
        var c = run(loop, loop.<Recorder>subprocessExec(() -> new Recorder(loop) {
            @Override
            public void pipeDataReceived(int fd, byte[] data) {
                super.pipeDataReceived(fd, data);
                throw new IllegalStateException("boom");
            }
        }, List.of("echo", "x")), 10);
        Recorder r = finish(loop, c);
        assertEquals("x\n", r.text(1));
        assertFalse(reported.isEmpty());
        assertInstanceOf(IllegalStateException.class, reported.getFirst().get("exception"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void stdinWriteBufferLimits(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("cat");
        WriteTransport stdin = (WriteTransport) c.transport().getPipeTransport(0);
        assertEquals(64 * 1024, stdin.getWriteBufferHighLimit());
        assertEquals(16 * 1024, stdin.getWriteBufferLowLimit());
        stdin.setWriteBufferLimits(1000);
        assertEquals(250, stdin.getWriteBufferLowLimit());
        stdin.setWriteBufferLimits(100, 10);
        assertEquals(100, stdin.getWriteBufferHighLimit());
        assertThrows(IllegalArgumentException.class, () -> stdin.setWriteBufferLimits(10, 100));
        assertThrows(IllegalArgumentException.class, () -> stdin.write((byte[]) null));
        c.transport().close();
        finish(loop, c);
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void setProtocolSwapsTheReceiver(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("sh", "-c", "read x; echo $x");
        Recorder other = new Recorder(loop);
        c.transport().setProtocol(other);
        assertSame(other, c.transport().getProtocol());
        assertThrows(IllegalArgumentException.class, () -> c.transport().setProtocol(new org.jasyncio.Protocol() { }));
        ((WriteTransport) c.transport().getPipeTransport(0)).write("swap\n".getBytes(StandardCharsets.UTF_8));
        run(loop, other.lost, 20);
        assertEquals("swap\n", other.text(1));
        assertEquals("", c.protocol().text(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void interactiveLineByLine(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("cat");
        WriteTransport stdin = (WriteTransport) c.transport().getPipeTransport(0);
        Recorder r = c.protocol();
        for (String line : List.of("one\n", "two\n", "three\n")) {
            String expected = r.text(1) + line;
            stdin.write(line.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 500 && !r.text(1).equals(expected); i++) {
                spin(loop, 0.01);
            }
            assertEquals(expected, r.text(1));
        }
        assertNull(c.transport().getReturncode());
        stdin.close();
        finish(loop, c);
        assertEquals(0, c.transport().getReturncode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void childInheritsOnlyItsStandardStreams(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec("ls", "/proc/self/fd");
        // ls itself opens one descriptor (3) to list the directory.
        assertEquals("0\n1\n2\n3\n", finish(loop, c).text(1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"native", "selectable", "streams"})
    void devnullStderrDiscards(String pipes) throws Exception {
        loop = newLoop(pipes);
        var c = exec(SubprocessOptions.defaults().stderr(Stdio.DEVNULL), "sh", "-c", "echo visible; echo hidden >&2");
        assertNull(c.transport().getPipeTransport(2));
        Recorder r = finish(loop, c);
        assertEquals("visible\n", r.text(1));
        assertEquals("", r.text(2));
    }
}
