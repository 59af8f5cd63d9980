package org.jasyncio.subprocess;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jasyncio.Asyncio;
import org.jasyncio.Coroutine;
import org.jasyncio.EventLoop;
import org.jasyncio.Stdio;
import org.jasyncio.Subprocess;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.Task;
import org.jasyncio.TimerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spawn keywords of {@code asyncio.create_subprocess_exec} beyond the streams: {@code start_new_session},
 * {@code process_group} (read back from the child's {@code /proc/<pid>/stat}), {@code limit}, and open files as
 * {@code stdin=f}/{@code stdout=f}/{@code stderr=f}, with real children.
 */
class SubprocessSpawnOptionsTest {
    private static final SubprocessOptions QUIET =
            SubprocessOptions.defaults().stdin(Stdio.DEVNULL).stdout(Stdio.DEVNULL).stderr(Stdio.DEVNULL);
    @TempDir
    Path dir;
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

    /** The process group and session ids of {@code pid}, from {@code /proc/<pid>/stat} (fields 5 and 6). */
    private static long[] groupAndSession(String pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", pid, "stat"));
        String[] after = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return new long[] {Long.parseLong(after[2]), Long.parseLong(after[3])};
    }

    /** Starts {@code sleep 30} with {@code options}, returns its group and session, and kills it. */
    private long[] groupAndSessionOfChild(SubprocessOptions options) throws Exception {
        return run(() -> {
            Subprocess p = await(Asyncio.createSubprocessExec(List.of("sleep", "30"), options));
            try {
                return groupAndSession(Long.toString(p.pid()));
            } finally {
                p.kill();
                await(p.waitAsync());
            }
        });
    }

    @Test
    void byDefaultTheChildSharesTheParentsGroupAndSession() throws Exception {
        long[] ours = groupAndSession("self");
        long[] child = groupAndSessionOfChild(QUIET);
        assertArrayEquals(ours, child);
    }

    @Test
    void startNewSessionMakesTheChildLeadANewSessionAndGroup() throws Exception {
        long[] ours = groupAndSession("self");
        long[] result = run(() -> {
            Subprocess p = await(Asyncio.createSubprocessExec(List.of("sleep", "30"), QUIET.startNewSession(true)));
            try {
                long[] gs = groupAndSession(Long.toString(p.pid()));
                return new long[] {p.pid(), gs[0], gs[1]};
            } finally {
                p.kill();
                await(p.waitAsync());
            }
        });
        assertEquals(result[0], result[1], "the child leads its own process group");
        assertEquals(result[0], result[2], "the child leads its own session");
        assertNotEquals(ours[1], result[2]);
    }

    @Test
    void processGroupZeroMakesANewGroupInTheSameSession() throws Exception {
        long[] ours = groupAndSession("self");
        long[] result = run(() -> {
            Subprocess p = await(Asyncio.createSubprocessExec(List.of("sleep", "30"), QUIET.processGroup(0)));
            try {
                long[] gs = groupAndSession(Long.toString(p.pid()));
                return new long[] {p.pid(), gs[0], gs[1]};
            } finally {
                p.kill();
                await(p.waitAsync());
            }
        });
        assertEquals(result[0], result[1], "the child leads a new process group");
        assertEquals(ours[1], result[2], "in the parent's session");
    }

    @Test
    void processGroupJoinsAnotherChildsGroupSoOneSignalReachesBoth() throws Exception {
        run(() -> {
            Subprocess leader = await(Asyncio.createSubprocessShell("sleep 30", QUIET.processGroup(0)));
            Subprocess member = await(Asyncio.createSubprocessExec(List.of("sleep", "30"),
                    QUIET.processGroup((int) leader.pid())));
            assertEquals(leader.pid(), groupAndSession(Long.toString(member.pid()))[0]);
            // kill(-pgid, SIGTERM): what process_group is for
            Process kill = new ProcessBuilder("kill", "-TERM", "--", "-" + leader.pid()).start();
            assertEquals(0, kill.waitFor());
            assertEquals(-15, await(member.waitAsync()));
            assertEquals(-15, await(leader.waitAsync()));
            return null;
        });
    }

    @Test
    void joiningAGroupOfAnotherSessionFailsTheSpawnWithTheSystemsError() throws Exception {
        // pid 1 leads a group in another session: setpgid answers EPERM, as Python's PermissionError
        IOException e = run(() -> {
            try {
                await(Asyncio.createSubprocessExec(List.of("true"), QUIET.processGroup(1)));
                return null;
            } catch (IOException expected) {
                return expected;
            }
        });
        assertTrue(e.getMessage().contains("Operation not permitted"), e.getMessage());
    }

    @Test
    void aNegativeProcessGroupIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QUIET.processGroup(-2));
        assertEquals(SubprocessOptions.NO_PROCESS_GROUP, QUIET.processGroup());
        assertEquals(false, QUIET.startNewSession());
    }

    @Test
    void theProcessBuilderPathsRefuseASessionRatherThanIgnoreIt() throws Exception {
        String before = System.getProperty("jasyncio.subprocess");
        System.setProperty("jasyncio.subprocess", "streams");
        EventLoop streamsLoop = Asyncio.newEventLoop();
        try {
            UnsupportedOperationException e = streamsLoop.runUntilComplete(() -> assertThrows(
                    UnsupportedOperationException.class,
                    () -> Asyncio.createSubprocessExec(List.of("true"), QUIET.startNewSession(true))));
            assertTrue(e.getMessage().startsWith("start_new_session needs the native spawn path"), e.getMessage());
            streamsLoop.runUntilComplete(() -> assertThrows(UnsupportedOperationException.class,
                    () -> Asyncio.createSubprocessShell("true", QUIET.processGroup(0))));
        } finally {
            streamsLoop.close();
            if (before == null) {
                System.clearProperty("jasyncio.subprocess");
            } else {
                System.setProperty("jasyncio.subprocess", before);
            }
        }
    }

    @Test
    void limitBoundsTheLinesTheChildsReadersAccept() throws Exception {
        run(() -> {
            SubprocessOptions out = QUIET.stdout(Stdio.PIPE);
            Subprocess p = await(Asyncio.createSubprocessShell("echo 0123456789abcdef; echo short", out, 10));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> await(p.stdout().readline()));
            assertEquals("Separator is found, but chunk is longer than limit", e.getMessage());
            assertEquals("short\n", new String(await(p.stdout().readline()), StandardCharsets.US_ASCII));
            assertEquals(0, await(p.waitAsync()));
            Subprocess q = await(Asyncio.createSubprocessExec(List.of("echo", "0123456789abcdef"), out, 100));
            assertEquals("0123456789abcdef\n", new String(await(q.stdout().readline()), StandardCharsets.US_ASCII));
            assertEquals(0, await(q.waitAsync()));
            return null;
        });
    }

    @Test
    void aLimitBelowOneIsRefusedBeforeAnythingStarts() throws Exception {
        run(() -> {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Asyncio.createSubprocessExec(List.of("true"), QUIET, 0));
            assertEquals("Limit cannot be <= 0", e.getMessage());
            assertInstanceOf(IllegalArgumentException.class, assertThrows(IllegalArgumentException.class,
                    () -> Asyncio.createSubprocessShell("true", QUIET, -1)));
            return null;
        });
    }

    @Test
    void stdoutToAnOpenFileWritesThereAndStderrCanFollowIt() throws Exception {
        Path log = dir.resolve("out.log");
        try (FileOutputStream f = new FileOutputStream(log.toFile())) {
            int rc = run(() -> {
                Subprocess p = await(Asyncio.createSubprocessShell("echo out; echo err >&2",
                        QUIET.stdoutTo(f.getFD()).stderr(Stdio.STDOUT)));
                return await(p.waitAsync());
            });
            assertEquals(0, rc);
        }
        assertEquals("out\nerr\n", Files.readString(log));
    }

    @Test
    void aFileOpenedToAppendIsAppendedTo() throws Exception {
        Path log = dir.resolve("append.log");
        Files.writeString(log, "before\n");
        try (FileOutputStream f = new FileOutputStream(log.toFile(), true)) {
            run(() -> await(await(Asyncio.createSubprocessExec(List.of("echo", "after"), QUIET.stdoutTo(f.getFD())))
                    .waitAsync()));
        }
        assertEquals("before\nafter\n", Files.readString(log));
    }

    @Test
    void stderrToAFileKeepsStdoutAPipe() throws Exception {
        Path err = dir.resolve("err.log");
        try (FileOutputStream f = new FileOutputStream(err.toFile())) {
            Subprocess.Output out = run(() -> await(await(Asyncio.createSubprocessShell("echo out; echo err >&2",
                    QUIET.stdout(Stdio.PIPE).stderrTo(f.getFD()))).communicate()));
            assertEquals("out\n", new String(out.stdout(), StandardCharsets.US_ASCII));
        }
        assertEquals("err\n", Files.readString(err));
    }

    @Test
    void stdinFromAFileSharesItsPositionWithTheParent() throws Exception {
        Path in = dir.resolve("in.txt");
        Files.writeString(in, "abc");
        try (FileInputStream f = new FileInputStream(in.toFile())) {
            assertEquals('a', f.read(), "the parent reads the first byte itself");
            Subprocess.Output out = run(() -> await(await(Asyncio.createSubprocessExec(List.of("cat"),
                    QUIET.stdinFrom(f.getFD()).stdout(Stdio.PIPE))).communicate()));
            assertEquals("bc", new String(out.stdout(), StandardCharsets.US_ASCII), "as Python's stdin=f: one offset");
        }
    }

    @Test
    void theParentsOwnStdoutGivenForStderrIsTheParentsNotTheChildsNewStdout() throws Exception {
        // Python's stdout=PIPE, stderr=sys.stdout: fd 1 is replaced by the pipe before fd 2 is set up, so the
        // parent's fd 1 must be parked first (as _posixsubprocess does), or stderr would land in the pipe too
        String[] links = run(() -> {
            Subprocess p = await(Asyncio.createSubprocessExec(List.of("sleep", "30"),
                    QUIET.stdout(Stdio.PIPE).stderrTo(FileDescriptor.out)));
            try {
                return new String[] {
                        Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "fd", "1")).toString(),
                        Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "fd", "2")).toString()};
            } finally {
                p.kill();
                await(p.waitAsync());
            }
        });
        String parentStdout = Files.readSymbolicLink(Path.of("/proc/self/fd/1")).toString();
        assertEquals(parentStdout, links[1], "the child's stderr is the parent's stdout");
        assertNotEquals(links[0], links[1], "not the child's stdout pipe");
    }

    @Test
    void twoChildrenJoinedByAPipeMakeAPipeline() throws Exception {
        // Python: r, w = os.pipe(); p1 = exec(..., stdout=w); p2 = exec(..., stdin=r); os.close(w); os.close(r)
        String upper = run(() -> {
            java.nio.channels.Pipe pipe = java.nio.channels.Pipe.open();
            Subprocess echo = await(Asyncio.createSubprocessShell("echo hello; echo world",
                    QUIET.stdoutTo(pipe.sink())));
            Subprocess tr = await(Asyncio.createSubprocessExec(List.of("tr", "a-z", "A-Z"),
                    QUIET.stdinFrom(pipe.source()).stdout(Stdio.PIPE)));
            pipe.sink().close();
            pipe.source().close();
            Subprocess.Output out = await(tr.communicate());
            assertEquals(0, await(echo.waitAsync()));
            assertEquals(0, await(tr.waitAsync()));
            return new String(out.stdout(), StandardCharsets.US_ASCII);
        });
        assertEquals("HELLO\nWORLD\n", upper);
    }

    @Test
    void aStdioWitherDropsTheFileAndTheRecordKeepsThemApart() throws Exception {
        SubprocessOptions withFile = QUIET.stdoutTo(FileDescriptor.out);
        assertEquals(Stdio.INHERIT, withFile.stdout());
        assertEquals(FileDescriptor.out, withFile.stdoutTo());
        SubprocessOptions piped = withFile.stdout(Stdio.PIPE);
        assertEquals(null, piped.stdoutTo());
        assertEquals(FileDescriptor.out, withFile.cwd(dir).stdoutTo(), "the other withers keep it");
        assertThrows(IllegalArgumentException.class, () -> QUIET.stdoutTo((FileDescriptor) null));
        assertThrows(IllegalArgumentException.class, () -> QUIET.stdinFrom((java.nio.channels.SelectableChannel) null));
        assertThrows(IllegalArgumentException.class, () -> new SubprocessOptions(Stdio.PIPE, Stdio.PIPE, Stdio.PIPE,
                null, null, false, SubprocessOptions.NO_PROCESS_GROUP, null, FileDescriptor.out, null));
    }

    @Test
    void aClosedFileIsRefusedBeforeAnythingStarts() throws Exception {
        FileOutputStream f = new FileOutputStream(dir.resolve("closed.log").toFile());
        FileDescriptor fd = f.getFD();
        f.close();
        run(() -> {
            assertThrows(IllegalArgumentException.class,
                    () -> Asyncio.createSubprocessExec(List.of("true"), QUIET.stdoutTo(fd)));
            return null;
        });
    }

    @Test
    void theProcessBuilderPathsRefuseAFileRatherThanIgnoreIt() throws Exception {
        String before = System.getProperty("jasyncio.subprocess");
        System.setProperty("jasyncio.subprocess", "selectable");
        EventLoop other = Asyncio.newEventLoop();
        try (FileOutputStream f = new FileOutputStream(dir.resolve("x.log").toFile())) {
            UnsupportedOperationException e = other.runUntilComplete(() -> assertThrows(
                    UnsupportedOperationException.class,
                    () -> Asyncio.createSubprocessExec(List.of("true"), QUIET.stdoutTo(f.getFD()))));
            assertTrue(e.getMessage().startsWith("a file for stdout needs the native spawn path"), e.getMessage());
        } finally {
            other.close();
            if (before == null) {
                System.clearProperty("jasyncio.subprocess");
            } else {
                System.setProperty("jasyncio.subprocess", before);
            }
        }
    }
}
