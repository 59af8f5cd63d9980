package org.jasyncio.internal.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.DatagramProtocol;
import org.jasyncio.Future;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.task.BaseFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The datagram transport's queue: byte accounting, pause/resume, close and abort with datagrams queued. UDP over
 * loopback never runs out of send-buffer room on Linux, so the kernel's "no room" answer is simulated by holding
 * back {@link DatagramSocketTransport#transmit}; everything else (channel, poller, loop, receiver) is real.
 */
@Timeout(30)
class DatagramWriteBufferTest {
    private final SelectorEventLoop loop = (SelectorEventLoop) Asyncio.newEventLoop();
    private DatagramChannel sender;
    private DatagramChannel receiver;
    private final List<String> events = new ArrayList<>();
    private Held transport;

    /** A transport whose sends find no room in the kernel while {@code full} is set. */
    static final class Held extends DatagramSocketTransport {
        boolean full;

        Held(SelectorEventLoop loop, DatagramChannel ch, DatagramProtocol p) throws IOException {
            super(loop, ch, p, null, new BaseFuture<>(loop), ByteBuffer.allocateDirect(DatagramNetworking.RECEIVE_BUFFER_SIZE));
        }

        @Override
        boolean transmit(ByteBuffer data, SocketAddress addr) throws IOException {
            return !full && super.transmit(data, addr);
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        InetAddress lo = InetAddress.getLoopbackAddress();
        sender = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(lo, 0));
        sender.configureBlocking(false);
        receiver = DatagramChannel.open(StandardProtocolFamily.INET).bind(new InetSocketAddress(lo, 0));
        receiver.configureBlocking(false);
        transport = new Held(loop, sender, new DatagramProtocol() {
            @Override
            public void pauseWriting() {
                events.add("pause");
            }

            @Override
            public void resumeWriting() {
                events.add("resume");
            }

            @Override
            public void connectionLost(Throwable exc) {
                events.add("lost:" + exc);
            }
        });
        spin(0.005);
    }

    @AfterEach
    void tearDown() throws IOException {
        sender.close();
        receiver.close();
        loop.close();
    }

    private void spin(double seconds) throws Exception {
        Future<Void> f = loop.createFuture();
        loop.callLater(seconds, () -> f.setResult(null));
        loop.runUntilComplete(f);
    }

    private List<Integer> receivedSizes() throws IOException {
        List<Integer> sizes = new ArrayList<>();
        ByteBuffer b = ByteBuffer.allocate(65536);
        while (receiver.receive(b.clear()) != null) {
            sizes.add(b.position());
        }
        return sizes;
    }

    @Test
    void queuedDatagramsCountTheirBytesPlusAHeaderAndPauseAboveTheHighMark() throws Exception {
        transport.setWriteBufferLimits(200, 50);
        transport.full = true;
        transport.sendto(new byte[100], receiver.getLocalAddress());
        assertEquals(100 + DatagramSocketTransport.HEADER_SIZE, transport.getWriteBufferSize());
        assertEquals(List.of(), events);
        transport.sendto(new byte[200], receiver.getLocalAddress());
        assertEquals(316, transport.getWriteBufferSize());
        assertEquals(List.of("pause"), events);
        spin(0.01);
        assertEquals(316, transport.getWriteBufferSize(), "still no room: still queued");
        transport.full = false;
        spin(0.01);
        assertEquals(0, transport.getWriteBufferSize());
        assertEquals(List.of("pause", "resume"), events);
        assertEquals(List.of(100, 200), receivedSizes(), "queued datagrams go out whole and in order");
    }

    /** asyncio's _FlowControlMixin on the public DatagramTransport: limits, their defaults, and pausing on a lower mark. */
    @Test
    void theWriteBufferLimitsAreThoseOfThePublicDatagramTransport() throws Exception {
        org.jasyncio.DatagramTransport t = transport;
        assertEquals(64 * 1024, t.getWriteBufferHighLimit());
        assertEquals(16 * 1024, t.getWriteBufferLowLimit());
        t.setWriteBufferLimits(200);
        assertEquals(200, t.getWriteBufferHighLimit());
        assertEquals(50, t.getWriteBufferLowLimit());
        IllegalArgumentException bad = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> t.setWriteBufferLimits(10, 20));
        assertEquals("high (10) must be >= low (20) must be >= 0", bad.getMessage());
        t.setWriteBufferLimits();
        assertEquals(64 * 1024, t.getWriteBufferHighLimit(), "no argument: asyncio's high=None, low=None");
        assertEquals(16 * 1024, t.getWriteBufferLowLimit());
        transport.full = true;
        t.sendto(new byte[100], receiver.getLocalAddress());
        assertEquals(List.of(), events);
        t.setWriteBufferLimits(50);
        assertEquals(List.of("pause"), events, "a high mark below what is queued pauses at once");
        transport.full = false;
        spin(0.01);
        assertEquals(List.of("pause", "resume"), events);
        assertEquals(0, t.getWriteBufferSize());
    }

    @Test
    void aQueuedDatagramIsACopy() throws Exception {
        transport.full = true;
        byte[] data = {1, 2, 3};
        transport.sendto(data, receiver.getLocalAddress());
        data[0] = 9;
        transport.full = false;
        spin(0.01);
        ByteBuffer b = ByteBuffer.allocate(10);
        receiver.receive(b);
        assertEquals(1, b.get(0));
    }

    @Test
    void closeWaitsForTheQueueThenLosesTheConnection() throws Exception {
        transport.full = true;
        transport.sendto(new byte[10], receiver.getLocalAddress());
        transport.close();
        assertTrue(transport.isClosing());
        spin(0.01);
        assertEquals(List.of(), events, "not lost while datagrams wait");
        transport.full = false;
        spin(0.01);
        assertEquals(List.of("lost:null"), events);
        assertEquals(List.of(10), receivedSizes());
        assertFalse(sender.isOpen());
    }

    @Test
    void abortDropsTheQueue() throws Exception {
        transport.full = true;
        transport.sendto(new byte[10], receiver.getLocalAddress());
        transport.abort();
        assertEquals(0, transport.getWriteBufferSize());
        transport.full = false;
        spin(0.01);
        assertEquals(List.of("lost:null"), events);
        assertEquals(List.of(), receivedSizes());
    }
}
