package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jasyncio.BaseTransport;
import org.jasyncio.Connection;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Write-buffer limits and pause/resume writing (asyncio's test_transports flow-control cases, on real sockets). */
class FlowControlTest {
    private final StreamKit kit = new StreamKit();
    private final List<StreamKit.Recorder> served = new ArrayList<>();

    @AfterEach
    void closeLoop() {
        kit.close();
    }

    private Connection<Transport, StreamKit.Recorder> connect() throws Exception {
        Server server = kit.await(kit.loop.createServer(() -> {
            StreamKit.Recorder r = kit.new Recorder();
            served.add(r);
            return r;
        }, "127.0.0.1", 0));
        Connection<Transport, StreamKit.Recorder> c = kit.await(kit.loop.createConnection(kit.new Recorder()::self,
                "127.0.0.1", StreamKit.port(server)));
        kit.pause(0.02);
        return c;
    }

    @Test
    void defaultsAreAsyncios() throws Exception {
        Transport t = connect().transport();
        assertEquals(64 * 1024, t.getWriteBufferHighLimit());
        assertEquals(16 * 1024, t.getWriteBufferLowLimit());
        t.setWriteBufferLimits(1000);
        assertEquals(1000, t.getWriteBufferHighLimit());
        assertEquals(250, t.getWriteBufferLowLimit());
        t.setWriteBufferLimits(1000, 10);
        assertEquals(10, t.getWriteBufferLowLimit());
    }

    @Test
    void noLimitsGivenIsAsynciosHighNoneLowNone() throws Exception {
        Transport t = connect().transport();
        t.setWriteBufferLimits(1000, 10);
        t.setWriteBufferLimits();
        assertEquals(64 * 1024, t.getWriteBufferHighLimit());
        assertEquals(16 * 1024, t.getWriteBufferLowLimit());
    }

    @Test
    void badLimitsAreRefused() throws Exception {
        Transport t = connect().transport();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, 20));
        assertTrue(e.getMessage().contains("high (10) must be >= low (20) must be >= 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(10, -1));
        assertEquals(64 * 1024, t.getWriteBufferHighLimit());
    }

    @Test
    void aNegativeHighAloneIsRefusedWithAsynciosFlooredLow() throws Exception {
        Transport t = connect().transport();
        // asyncio computes low = high // 4, which floors: -1 // 4 is -1, not 0
        assertEquals("high (-1) must be >= low (-1) must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(-1)).getMessage());
        assertEquals("high (-5) must be >= low (-2) must be >= 0",
                assertThrows(IllegalArgumentException.class, () -> t.setWriteBufferLimits(-5)).getMessage());
        assertEquals(64 * 1024, t.getWriteBufferHighLimit());
        assertEquals(16 * 1024, t.getWriteBufferLowLimit());
    }

    @Test
    void pausesOnceAboveHighAndResumesOnceAtLow() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect();
        StreamKit.Recorder peer = served.get(0);
        peer.transport.pauseReading();
        Transport t = c.transport();
        byte[] chunk = new byte[64 * 1024];
        int sent = 0;
        while (!c.protocol().events.contains("pause")) {
            t.write(chunk);
            sent += chunk.length;
            assertTrue(sent < 256 * 1024 * 1024, "never paused");
        }
        assertTrue(t.getWriteBufferSize() > t.getWriteBufferHighLimit());
        for (int i = 0; i < 20; i++) {
            t.write(chunk);
            sent += chunk.length;
        }
        assertEquals(Collections.frequency(c.protocol().events, "pause"), 1, "once per crossing");
        peer.transport.resumeReading();
        kit.await(peer.bytes(sent));
        assertEquals(0, t.getWriteBufferSize());
        assertEquals(List.of("made", "pause", "resume"), c.protocol().events);
    }

    @Test
    void loweringTheLimitBelowTheBufferPausesAtOnce() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect();
        served.get(0).transport.pauseReading();
        Transport t = c.transport();
        t.setWriteBufferLimits(Integer.MAX_VALUE);
        while (t.getWriteBufferSize() == 0) {
            t.write(new byte[256 * 1024]);
        }
        assertEquals(List.of("made"), c.protocol().events);
        t.setWriteBufferLimits(0);
        assertEquals(List.of("made", "pause"), c.protocol().events);
    }

    @Test
    void anExceptionInPauseWritingGoesToTheHandler() throws Exception {
        RuntimeException boom = new RuntimeException("no pause for me");
        Server server = kit.await(kit.loop.createServer(() -> {
            StreamKit.Recorder r = kit.new Recorder();
            served.add(r);
            return r;
        }, "127.0.0.1", 0));
        Protocol p = new Protocol() {
            @Override
            public void pauseWriting() {
                throw boom;
            }
        };
        Connection<Transport, Protocol> c = kit.await(kit.loop.createConnection(() -> p, "127.0.0.1", StreamKit.port(server)));
        c.transport().setWriteBufferLimits(0);
        c.transport().write(new byte[32 * 1024 * 1024]);
        assertEquals(1, kit.errors.size());
        assertEquals("protocol.pause_writing() failed", kit.errors.get(0).get("message"));
        assertEquals(boom, kit.errors.get(0).get("exception"));
        assertEquals(false, c.transport().isClosing(), "a failing pause_writing does not kill the connection");
    }

    @Test
    void aPeerThatNeverReadsKeepsMemoryBounded() throws Exception {
        Connection<Transport, StreamKit.Recorder> c = connect();
        served.get(0).transport.pauseReading();
        Transport t = c.transport();
        byte[] chunk = new byte[16 * 1024];
        int writes = 0;
        boolean[] paused = {false};
        // A well-behaved writer stops when told to pause; the buffer then stays near the high-water mark.
        c.protocol().events.clear();
        while (!c.protocol().events.contains("pause") && writes < 100_000) {
            t.write(chunk);
            writes++;
        }
        paused[0] = c.protocol().events.contains("pause");
        assertTrue(paused[0]);
        kit.pause(0.02);
        assertTrue(t.getWriteBufferSize() <= t.getWriteBufferHighLimit() + chunk.length,
                "buffer " + t.getWriteBufferSize() + " stays bounded");
        assertTrue(!c.protocol().events.contains("resume"));
        t.abort();
        assertEquals(0, t.getWriteBufferSize());
    }

    @Test
    void aProtocolWithoutTheCallbacksIsFine() throws Exception {
        Server server = kit.await(kit.loop.createServer(() -> new Protocol() {
        }, "127.0.0.1", 0));
        BaseTransport[] made = new BaseTransport[1];
        Connection<Transport, Protocol> c = kit.await(kit.loop.createConnection(() -> new Protocol() {
            @Override
            public void connectionMade(BaseTransport t) {
                made[0] = t;
            }
        }, "127.0.0.1", StreamKit.port(server)));
        c.transport().setWriteBufferLimits(0);
        c.transport().write(new byte[8 * 1024 * 1024]);
        assertEquals(c.transport(), made[0]);
        c.transport().close();
    }
}
