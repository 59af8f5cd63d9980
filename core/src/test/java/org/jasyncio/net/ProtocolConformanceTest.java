package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;

import org.jasyncio.BaseProtocol;
import org.jasyncio.Connection;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.SubprocessProtocol;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Ports of CPython's test_protocols.py (every callback of the base protocols does nothing by default) and the
 * applicable part of test_transports.py, over a real loopback connection. Recorded in
 * docs/notes/conformance-server.md.
 */
class ProtocolConformanceTest {
    private final StreamKit kit = new StreamKit();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    /** test_base_protocol: connection_made, connection_lost, pause_writing and resume_writing do nothing. */
    @Test
    void theBaseProtocolsCallbacksDoNothing() {
        BaseProtocol p = new BaseProtocol() { };
        p.connectionMade(null);
        p.connectionLost(new IOException("x"));
        p.connectionLost(null);
        p.pauseWriting();
        p.resumeWriting();
    }

    /** test_protocol: data_received does nothing; eof_received returns a false value (the transport then closes). */
    @Test
    void aProtocolsCallbacksDoNothingAndEofClosesTheTransport() {
        Protocol p = new Protocol() { };
        p.connectionMade(null);
        p.dataReceived(new byte[] {1});
        assertFalse(p.eofReceived());
        p.pauseWriting();
        p.resumeWriting();
        p.connectionLost(null);
    }

    /** test_datagram_protocol: datagram_received and error_received do nothing. */
    @Test
    void aDatagramProtocolsCallbacksDoNothing() {
        DatagramProtocol p = new DatagramProtocol() { };
        p.connectionMade(null);
        p.datagramReceived(new byte[] {1}, new InetSocketAddress("127.0.0.1", 9));
        p.errorReceived(new IOException("x"));
        p.connectionLost(null);
    }

    /** test_subprocess_protocol: pipe_data_received, pipe_connection_lost and process_exited do nothing. */
    @Test
    void aSubprocessProtocolsCallbacksDoNothing() {
        SubprocessProtocol p = new SubprocessProtocol() { };
        p.connectionMade(null);
        p.pipeDataReceived(1, new byte[] {1});
        p.pipeConnectionLost(1, null);
        p.processExited();
        p.connectionLost(null);
    }

    /**
     * test_get_extra_info and test_writelines on a real socket transport: an unknown key gives null or the default
     * given, and writelines sends its chunks back to back.
     */
    @Test
    void extraInfoDefaultsAndWritelinesOnASocketTransport() throws Exception {
        List<StreamKit.Recorder> served = new java.util.ArrayList<>();
        Server echo = kit.await(kit.loop.createServer(() -> {
            StreamKit.Recorder r = kit.new Recorder();
            served.add(r);
            return r;
        }, "127.0.0.1", 0));
        try {
            InetSocketAddress a = (InetSocketAddress) echo.sockets().get(0).getLocalAddress();
            Connection<Transport, StreamKit.Recorder> c = kit.await(
                    kit.loop.createConnection(kit.new Recorder()::self, "127.0.0.1", a.getPort()));
            Transport t = c.transport();
            assertNull(t.getExtraInfo("unknown"));
            Object dflt = new Object();
            assertSame(dflt, t.getExtraInfo("unknown", dflt));
            assertEquals(a, t.getExtraInfo("peername"));
            t.writelines(List.of("line1".getBytes(), "line2".getBytes(), "line3".getBytes()));
            assertArrayEquals("line1line2line3".getBytes(), kit.await(served.get(0).bytes(15)));
            t.close();
        } finally {
            echo.close();
        }
    }
}
