package org.jasyncio.examples;

import static org.jasyncio.Asyncio.await;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.SubprocessOptions;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.SubprocessTransport;

/**
 * {@code tail [-n N] FILE} prints the last N lines of FILE, then follows it as it grows (like {@code tail -f}, and
 * from the start again when it is truncated). {@code tail -- COMMAND [ARGS...]} runs COMMAND and follows its
 * standard output and error through pipes as it writes them, exiting with its status. Ctrl-C stops either.
 *
 * <p>The file is polled from a task every quarter of a second (files are never "ready" for a poller); the command's
 * output arrives as the pipes deliver it, in a {@link SubprocessProtocol}.
 */
public final class Tail {
    private static final double POLL_SECONDS = 0.25;

    private Tail() {
    }

    /** Copies the child's stdout and stderr to ours; completes {@code exited} with its status once all is read. */
    static final class Follow implements SubprocessProtocol {
        private final Future<Integer> exited;
        private SubprocessTransport transport;

        Follow(Future<Integer> exited) {
            this.exited = exited;
        }

        @Override
        public void connectionMade(BaseTransport t) {
            transport = (SubprocessTransport) t;
        }

        @Override
        public void pipeDataReceived(int fd, byte[] data) {
            PrintStream out = fd == 2 ? System.err : System.out;
            out.write(data, 0, data.length);
            out.flush();
        }

        @Override
        public void connectionLost(Throwable exc) {
            // after the exit and the end of every pipe: nothing more can arrive
            if (!exited.done()) {
                exited.setResult(transport.getReturncode());
            }
        }
    }

    static int followCommand(List<String> command) throws Exception {
        EventLoop loop = Asyncio.getRunningLoop();
        Future<Integer> exited = loop.createFuture();
        Connection<SubprocessTransport, Follow> child = await(loop.subprocessExec(() -> new Follow(exited), command,
                SubprocessOptions.defaults().stdin(org.jasyncio.Stdio.DEVNULL)));
        try {
            return await(exited);
        } finally {
            child.transport().close(); // on Ctrl-C: the child is killed, its pipes closed
        }
    }

    static int followFile(Path file, int lines) throws Exception {
        long position;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            position = lastLinesStart(ch, lines);
        } catch (NoSuchFileException e) {
            System.err.println("tail: no such file: " + file);
            return 1;
        }
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (true) {
            long size = Files.size(file);
            if (size < position) {
                System.err.println("tail: " + file + ": file truncated");
                position = 0;
            }
            if (size > position) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    int n;
                    while ((n = ch.read(buf.clear(), position)) > 0) {
                        System.out.write(buf.array(), 0, n);
                        position += n;
                    }
                }
                System.out.flush();
            }
            await(Asyncio.sleep(POLL_SECONDS));
        }
    }

    /** Where the last {@code lines} lines of the file start (a final newline does not start an empty line). */
    static long lastLinesStart(FileChannel ch, int lines) throws IOException {
        long size = ch.size();
        if (lines == 0) {
            return size;
        }
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long end = size;
        int newlines = 0;
        while (end > 0) {
            long start = Math.max(0, end - buf.capacity());
            buf.clear().limit((int) (end - start));
            ch.read(buf, start);
            for (int i = (int) (end - start) - 1; i >= 0; i--) {
                if (buf.get(i) == '\n' && start + i != size - 1 && ++newlines == lines) {
                    return start + i + 1;
                }
            }
            end = start;
        }
        return 0;
    }

    public static void main(String[] args) throws Exception {
        int lines = 10;
        Path file = null;
        List<String> command = null;
        for (int i = 0; i < args.length && command == null && file == null; i++) {
            switch (args[i]) {
                case "-n", "--lines" -> {
                    String v = Cli.value(args, ++i, args[i - 1], USAGE);
                    try {
                        lines = Integer.parseInt(v);
                    } catch (NumberFormatException e) {
                        lines = -1;
                    }
                    if (lines < 0) {
                        Cli.fail("-n needs a number of lines, got " + v, USAGE);
                    }
                }
                case "--help", "-h" -> Cli.help(USAGE);
                case "--" -> command = List.of(Arrays.copyOfRange(args, i + 1, args.length));
                default -> {
                    if (args[i].startsWith("-")) {
                        Cli.fail("unknown option: " + args[i], USAGE);
                    }
                    if (i != args.length - 1) {
                        Cli.fail("give one FILE (or -- COMMAND ARGS...)", USAGE);
                    }
                    file = Path.of(args[i]);
                }
            }
        }
        if (file == null && (command == null || command.isEmpty())) {
            Cli.fail("give a FILE to follow, or -- COMMAND ARGS...", USAGE);
        }
        Path f = file;
        List<String> cmd = command;
        int n = lines;
        int status;
        try {
            status = Asyncio.run(() -> f != null ? followFile(f, n) : followCommand(cmd));
        } catch (InterruptedException ctrlC) {
            System.err.println("tail stopped");
            status = 0;
        }
        System.exit(status);
    }

    static final String USAGE = """
            usage: tail [-n N] FILE
                   tail -- COMMAND [ARGS...]
              Prints the last N lines of FILE (default 10) and follows it as it grows, or runs COMMAND and follows
              its output and errors through pipes (exiting with its status). Ctrl-C stops it.""";
}
