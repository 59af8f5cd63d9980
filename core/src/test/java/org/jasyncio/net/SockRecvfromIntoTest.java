package org.jasyncio.net;

import static org.jasyncio.Asyncio.await;
import static org.jasyncio.net.NetTesting.V4;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jasyncio.Asyncio;
import org.jasyncio.DatagramReceipt;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code loop.sock_recvfrom_into} (3.11) as test_sock_lowlevel's datagram tests check it, on real UDP sockets. */
@Timeout(30)
class SockRecvfromIntoTest {
    private final EventLoop loop = Asyncio.newEventLoop();
    private final List<DatagramChannel> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws IOException {
        for (DatagramChannel c : toClose) {
            c.close();
        }
        loop.close();
    }

    private DatagramChannel udp() throws IOException {
        DatagramChannel c = NetTesting.udp(V4);
        toClose.add(c);
        return c;
    }

    private static byte[] ones(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 1);
        return b;
    }

    @Test
    void aDatagramFillsTheBufferAndNamesItsSender() throws Exception {
        DatagramChannel a = udp();
        DatagramChannel b = udp();
        ByteBuffer buf = ByteBuffer.allocate(4096);
        DatagramReceipt r = NetTesting.run(loop, () -> {
            Future<DatagramReceipt> pending = loop.sockRecvfromInto(b, buf);
            await(loop.sockSendto(a, ByteBuffer.wrap(ones(4096)), b.getLocalAddress()));
            return await(pending);
        });
        assertEquals(4096, r.nbytes());
        assertEquals(a.getLocalAddress(), r.address());
        assertEquals(4096, buf.position(), "the position advances past what was received");
        assertArrayEquals(ones(4096), buf.array());
    }

    @Test
    void nbytesKeepsThatMuchOfALongerBuffer() throws Exception {
        DatagramChannel a = udp();
        DatagramChannel b = udp();
        ByteBuffer buf = ByteBuffer.allocate(8192);
        a.send(ByteBuffer.wrap(ones(4096)), b.getLocalAddress());
        DatagramReceipt r = NetTesting.run(loop, loop.sockRecvfromInto(b, buf, 4096), 5);
        assertEquals(4096, r.nbytes());
        assertEquals(a.getLocalAddress(), r.address());
        assertArrayEquals(ones(4096), Arrays.copyOf(buf.array(), 4096));
        assertEquals(0, buf.array()[4096]);
    }

    @Test
    void aLongerDatagramIsTruncatedAtNbytesAndItsRestIsLost() throws Exception {
        DatagramChannel a = udp();
        DatagramChannel b = udp();
        a.send(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6}), b.getLocalAddress());
        a.send(ByteBuffer.wrap(new byte[] {7}), b.getLocalAddress());
        ByteBuffer buf = ByteBuffer.allocate(10);
        buf.position(2);
        DatagramReceipt r = NetTesting.run(loop, loop.sockRecvfromInto(b, buf, 3), 5);
        assertEquals(3, r.nbytes());
        assertEquals(5, buf.position(), "written at the buffer's position");
        assertArrayEquals(new byte[] {0, 0, 1, 2, 3, 0, 0, 0, 0, 0}, buf.array());
        DatagramReceipt next = NetTesting.run(loop, loop.sockRecvfromInto(b, buf), 5);
        assertEquals(1, next.nbytes(), "the next datagram, not the rest of the first");
        assertEquals(7, buf.get(5));
    }

    @Test
    void anEmptyDatagramIsReceivedAsZeroBytes() throws Exception {
        DatagramChannel a = udp();
        DatagramChannel b = udp();
        a.send(ByteBuffer.allocate(0), b.getLocalAddress());
        DatagramReceipt r = NetTesting.run(loop, loop.sockRecvfromInto(b, ByteBuffer.allocate(10)), 5);
        assertEquals(0, r.nbytes());
        assertEquals(a.getLocalAddress(), r.address());
    }

    @Test
    void aPendingReceiveCanBeCancelledAndTheChannelReused() throws Exception {
        DatagramChannel a = udp();
        DatagramChannel b = udp();
        ByteBuffer buf = ByteBuffer.allocate(10);
        Future<DatagramReceipt> pending = loop.sockRecvfromInto(b, buf);
        assertFalse(pending.done());
        pending.cancel();
        NetTesting.spin(loop, 0.01);
        a.send(ByteBuffer.wrap(new byte[] {9}), b.getLocalAddress());
        assertEquals(1, NetTesting.run(loop, loop.sockRecvfromInto(b, buf), 5).nbytes());
        assertEquals(1, buf.position());
    }

    @Test
    void argumentErrorsThrowAtOnce() throws Exception {
        DatagramChannel b = udp();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loop.sockRecvfromInto(b, ByteBuffer.allocate(4), 5));
        assertEquals("nbytes is greater than the length of the buffer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> loop.sockRecvfromInto(b, ByteBuffer.allocate(4), -1));
        assertEquals("negative buffersize in recvfrom_into", e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> loop.sockRecvfromInto(b, ByteBuffer.allocate(4).asReadOnlyBuffer()));
        DatagramChannel blocking = DatagramChannel.open();
        toClose.add(blocking);
        e = assertThrows(IllegalArgumentException.class, () -> loop.sockRecvfromInto(blocking, ByteBuffer.allocate(4)));
        assertEquals("the socket must be non-blocking", e.getMessage());
    }
}
