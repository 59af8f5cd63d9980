package org.jasyncio.tls;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.jasyncio.Connection;
import org.jasyncio.Future;
import org.jasyncio.Server;
import org.jasyncio.Transport;
import org.junit.jupiter.api.Test;

/**
 * Heap held by idle TLS connections: N connections through the handshake and one small exchange, then idle; the heap
 * after GC, less the heap before, over the 2N endpoints (client and server side are both in this JVM). The JDK's
 * SSLEngine and session are in the figure. N is 64 here; {@code -Djasyncio.test.tlsConnections=2000} gives the
 * figure reported in docs/PERFORMANCE.md.
 */
class TlsIdleHeapTest extends TlsFixture {
    /** The budget per endpoint: asyncio-sized connections, not 200 KiB of buffers each. */
    private static final long BUDGET = 32 * 1024;

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(20);
            Runtime rt = Runtime.getRuntime();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    @Test
    void anIdleTlsConnectionHoldsLittleHeap() throws Exception {
        int n = Integer.getInteger("jasyncio.test.tlsConnections", 64);
        Server server = tlsServer(Echo::new);
        // One connection first: classes, the session cache and the contexts are not per connection.
        Connection<Transport, Recorder> warm = connect(server, () -> new Recorder().expecting(1));
        warm.transport().write(new byte[1]);
        await(warm.protocol().done);
        long before = heapAfterGc();
        List<Connection<Transport, Recorder>> open = new ArrayList<>(n);
        for (int start = 0; start < n; start += 100) {
            List<Future<Connection<Transport, Recorder>>> batch = new ArrayList<>();
            for (int i = start; i < Math.min(n, start + 100); i++) {
                batch.add(loop.createConnection(() -> new Recorder().expecting(5), "127.0.0.1", portOf(server),
                        org.jasyncio.ConnectOptions.defaults().ssl(certs.clientContext()).serverHostname("localhost")));
            }
            for (Future<Connection<Transport, Recorder>> f : batch) {
                Connection<Transport, Recorder> c = await(f);
                c.transport().write("hello".getBytes());
                open.add(c);
            }
        }
        for (Connection<Transport, Recorder> c : open) {
            await(c.protocol().done);
        }
        idle(0.1);
        long after = heapAfterGc();
        long perEndpoint = (after - before) / (2L * n);
        System.out.printf("TLS idle heap: %d connections (%d endpoints), %d bytes in all, %d bytes per endpoint, "
                + "%d per connection (both ends)%n", n, 2 * n, after - before, perEndpoint, 2 * perEndpoint);
        assertTrue(perEndpoint <= BUDGET, "an idle TLS endpoint holds " + perEndpoint + " bytes of heap, budget " + BUDGET);
        for (Connection<Transport, Recorder> c : open) {
            c.transport().close();
        }
        warm.transport().close();
        server.close();
        idle(0.1);
    }
}
