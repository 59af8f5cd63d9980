package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.ConnectOptions;
import org.jasyncio.Connection;
import org.jasyncio.ExceptionGroup;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@code create_connection(..., all_errors=True)} (3.12), as test_base_events.py's all_errors tests check it: when
 * every address fails, one {@code ExceptionGroup("create_connection failed", ...)} with each attempt's error.
 */
class AllErrorsConnectTest {
    private static final ConnectOptions ALL = ConnectOptions.defaults().allErrors(true);
    private final StreamKit kit = new StreamKit();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    /** A port nobody listens on (bound then released). */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private ExceptionGroup failure(String host, int port, ConnectOptions options) {
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self, host,
                port, options);
        return assertThrows(ExceptionGroup.class, () -> kit.await(f));
    }

    @Test
    void aSingleRefusedAddressIsStillAGroup() throws Exception {
        int port = closedPort();
        ExceptionGroup eg = failure("127.0.0.1", port, ALL);
        assertEquals("create_connection failed", eg.message());
        assertEquals(1, eg.exceptions().size());
        ConnectException e = assertInstanceOf(ConnectException.class, eg.exceptions().get(0));
        assertEquals("Connect call failed ('127.0.0.1', " + port + "): Connection refused", e.getMessage());
    }

    @Test
    void everyAddressesErrorIsInTheGroupInTheOrderTried() throws Exception {
        Assumptions.assumeTrue(StreamKit.ipv6Loopback());
        int port = closedPort();
        ExceptionGroup eg = failure(null, port, ALL);
        assertEquals(2, eg.exceptions().size());
        for (Throwable t : eg.exceptions()) {
            assertInstanceOf(ConnectException.class, t);
        }
        assertTrue(eg.exceptions().get(0).getMessage().contains("('::1', " + port + ", 0, 0)"));
        assertTrue(eg.exceptions().get(1).getMessage().contains("('127.0.0.1', " + port + ")"));
    }

    @Test
    void withHappyEyeballsTheErrorsAreGroupedToo() throws Exception {
        Assumptions.assumeTrue(StreamKit.ipv6Loopback());
        int port = closedPort();
        ExceptionGroup eg = failure(null, port, ALL.happyEyeballsDelay(0.05));
        assertEquals(2, eg.exceptions().size());
        for (Throwable t : eg.exceptions()) {
            assertInstanceOf(ConnectException.class, t);
        }
    }

    @Test
    void withoutAllErrorsOneErrorComesOutAsBefore() throws Exception {
        int port = closedPort();
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", port, ConnectOptions.defaults());
        assertThrows(ConnectException.class, () -> kit.await(f));
        assertFalse(ConnectOptions.defaults().allErrors());
    }

    @Test
    void aResolutionFailureIsNotGrouped() {
        Future<Connection<Transport, StreamKit.Recorder>> f = kit.loop.createConnection(kit.new Recorder()::self,
                "no-such-host.invalid", 80, ALL);
        Exception e = assertThrows(Exception.class, () -> kit.await(f));
        assertInstanceOf(IOException.class, e);
    }

    @Test
    void aReachableAddressConnectsAsUsual() throws Exception {
        Server server = kit.await(kit.loop.createServer(() -> kit.new Recorder(), "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server), ALL));
        assertEquals(new InetSocketAddress("127.0.0.1", StreamKit.port(server)), c.transport().getExtraInfo("peername"));
        c.transport().close();
        server.close();
    }

    @Test
    void openConnectionTakesAllErrorsThroughItsOptions() throws Exception {
        int port = closedPort();
        ExceptionGroup eg = kit.run(() -> {
            try {
                Asyncio.await(Asyncio.openConnection("127.0.0.1", port, ALL));
                return null;
            } catch (ExceptionGroup expected) {
                return expected;
            }
        });
        assertEquals(List.of(ConnectException.class), eg.exceptions().stream().map(Object::getClass).toList());
    }

    @Test
    void theOldConstructorShapeMeansNoGrouping() {
        ConnectOptions o = new ConnectOptions(null, null, null, null, ConnectOptions.NO_HAPPY_EYEBALLS, 0, null,
                Double.NaN, Double.NaN);
        assertFalse(o.allErrors());
        assertTrue(o.allErrors(true).allErrors());
        assertEquals(0.25, o.allErrors(true).happyEyeballsDelay(0.25).happyEyeballsDelay());
        assertTrue(o.allErrors(true).happyEyeballsDelay(0.25).allErrors(), "the other withers keep it");
    }
}
