package org.jasyncio.os;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** test_unix_events' Unix socket cases that the net tests leave out. */
class UnixSocketConformanceTest {
    @TempDir
    Path dir;
    private EventLoop loop;

    @BeforeEach
    void setUp() {
        loop = Asyncio.newEventLoop();
    }

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void aBindErrorClosesTheSocket() throws Exception {
        // test_create_unix_server_bind_error: whatever fails the bind, the new socket is closed
        Path nowhere = dir.resolve("missing-directory").resolve("s.sock");
        Protocol p = new Protocol() {
        };
        for (int warm = 0; warm < 2; warm++) {
            Future<Server> f = loop.createUnixServer(() -> p, nowhere);
            assertThrows(IOException.class, () -> loop.runUntilComplete(f));
        }
        long before = openFds();
        for (int i = 0; i < 20; i++) {
            Future<Server> f = loop.createUnixServer(() -> p, nowhere);
            assertThrows(IOException.class, () -> loop.runUntilComplete(f));
        }
        assertEquals(before, openFds(), "a socket leaked per failed bind");
    }
}
