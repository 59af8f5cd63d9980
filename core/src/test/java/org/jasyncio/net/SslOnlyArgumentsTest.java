package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Future;
import org.jasyncio.ServerOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * asyncio checks the arguments that only make sense with ssl first: given without ssl they raise ValueError at once,
 * before any lookup, socket or file (here IllegalArgumentException, thrown by the call itself).
 */
class SslOnlyArgumentsTest {
    @TempDir
    Path dir;
    private final StreamKit kit = new StreamKit();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    private static void refused(String message, Executable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertEquals(message, e.getMessage());
    }

    private final Supplier<StreamKit.Echo> echo = StreamKit.Echo::new;

    @Test
    void createConnectionRefusesEachSslOnlyArgumentWithoutSsl() {
        refused("server_hostname is only meaningful with ssl", () -> kit.loop.createConnection(echo, "127.0.0.1", 1,
                ConnectOptions.defaults().serverHostname("h")));
        refused("ssl_handshake_timeout is only meaningful with ssl", () -> kit.loop.createConnection(echo, "127.0.0.1", 1,
                ConnectOptions.defaults().sslHandshakeTimeout(5)));
        refused("ssl_shutdown_timeout is only meaningful with ssl", () -> kit.loop.createConnection(echo, "127.0.0.1", 1,
                ConnectOptions.defaults().sslShutdownTimeout(5)));
    }

    @Test
    void theDefaultValueGivenExplicitlyIsStillAnArgument() {
        refused("ssl_handshake_timeout is only meaningful with ssl", () -> kit.loop.createConnection(echo, "127.0.0.1", 1,
                ConnectOptions.defaults().sslHandshakeTimeout(ConnectOptions.DEFAULT_SSL_HANDSHAKE_TIMEOUT)));
    }

    @Test
    void theCheckComesBeforeAnyLookup() {
        // an unresolvable host would fail later, in the future; the argument error comes first, from the call
        refused("ssl_handshake_timeout is only meaningful with ssl", () -> kit.loop.createConnection(echo,
                "no-such-host.invalid", 1, ConnectOptions.defaults().sslHandshakeTimeout(5)));
    }

    @Test
    void createServerRefusesTheTimeoutsWithoutSslBeforeBinding() throws Exception {
        refused("ssl_handshake_timeout is only meaningful with ssl", () -> kit.loop.createServer(echo, "127.0.0.1", 0,
                ServerOptions.defaults().sslHandshakeTimeout(5)));
        refused("ssl_shutdown_timeout is only meaningful with ssl", () -> kit.loop.createServer(echo, "127.0.0.1", 0,
                ServerOptions.defaults().sslShutdownTimeout(5)));
    }

    @Test
    void theUnixVariantsRefuseThemToo() throws Exception {
        Path path = dir.resolve("s.sock");
        refused("ssl_handshake_timeout is only meaningful with ssl", () -> kit.loop.createUnixServer(echo, path,
                ServerOptions.defaults().sslHandshakeTimeout(5)));
        assertTrue(!Files.exists(path), "nothing was bound");
        refused("ssl_shutdown_timeout is only meaningful with ssl", () -> kit.loop.createUnixServer(echo, path,
                ServerOptions.defaults().sslShutdownTimeout(5)));
        refused("server_hostname is only meaningful with ssl", () -> kit.loop.createUnixConnection(echo, path,
                ConnectOptions.defaults().serverHostname("h")));
        refused("ssl_handshake_timeout is only meaningful with ssl", () -> kit.loop.createUnixConnection(echo, path,
                ConnectOptions.defaults().sslHandshakeTimeout(5)));
        refused("ssl_shutdown_timeout is only meaningful with ssl", () -> kit.loop.createUnixConnection(echo, path,
                ConnectOptions.defaults().sslShutdownTimeout(5)));
    }

    @Test
    void connectAcceptedSocketRefusesThemWithoutSsl() throws Exception {
        try (ServerSocketChannel listener = NetTesting.listen(NetTesting.V4);
                SocketChannel client = SocketChannel.open(listener.getLocalAddress())) {
            SocketChannel accepted = null;
            while (accepted == null) {
                accepted = listener.accept();
            }
            try (SocketChannel sock = accepted) {
                sock.configureBlocking(false);
                refused("ssl_handshake_timeout is only meaningful with ssl", () -> kit.loop.connectAcceptedSocket(echo,
                        sock, ServerOptions.defaults().sslHandshakeTimeout(5)));
                refused("ssl_shutdown_timeout is only meaningful with ssl", () -> kit.loop.connectAcceptedSocket(echo,
                        sock, ServerOptions.defaults().sslShutdownTimeout(5)));
                assertTrue(sock.isOpen(), "the caller's socket is left alone");
            }
        }
    }

    @Test
    void withoutAnySslOnlyArgumentAPlainConnectionStillWorks() throws Exception {
        Future<org.jasyncio.Server> server = kit.loop.createServer(echo, "127.0.0.1", 0, ServerOptions.defaults());
        org.jasyncio.Server s = kit.await(server);
        kit.await(kit.loop.createConnection(echo, "127.0.0.1", StreamKit.port(s), ConnectOptions.defaults()));
        s.close();
    }
}
