package org.jasyncio.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.jasyncio.AddrInfo;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Future;
import org.jasyncio.NameInfo;
import org.jasyncio.SocketType;
import org.jasyncio.internal.loop.SelectorEventLoop;
import org.jasyncio.internal.net.Dns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** getaddrinfo / getnameinfo (CPython's test_base_events and the socket module's documented answers). */
@Timeout(30)
class DnsTest {
    private final EventLoop loop = Asyncio.newEventLoop();

    @AfterEach
    void tearDown() {
        loop.close();
    }

    private <T> T run(Future<T> f) throws Exception {
        return NetTesting.run(loop, f, 20);
    }

    private static InetSocketAddress at(String literal, int port) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(literal), port);
    }

    @Test
    void aNumericIPv4HostIsAnsweredAtOnceWithOneEntryPerType() throws Exception {
        Future<List<AddrInfo>> f = loop.getaddrinfo("127.0.0.1", 80);
        assertTrue(f.done(), "no executor hop for a numeric host");
        InetSocketAddress sa = at("127.0.0.1", 80);
        assertEquals(List.of(
                new AddrInfo(StandardProtocolFamily.INET, SocketType.STREAM, 6, "", sa),
                new AddrInfo(StandardProtocolFamily.INET, SocketType.DGRAM, 17, "", sa)), f.result());
    }

    @Test
    void aNumericIPv6Host() throws Exception {
        List<AddrInfo> r = loop.getaddrinfo("::1", 443, null, SocketType.DGRAM, 0).result();
        assertEquals(List.of(new AddrInfo(StandardProtocolFamily.INET6, SocketType.DGRAM, 17, "", at("::1", 443))), r);
    }

    @Test
    void aNumericHostOfTheWrongFamilyFails() throws Exception {
        Future<List<AddrInfo>> f = loop.getaddrinfo("127.0.0.1", 80, StandardProtocolFamily.INET6, null, 0);
        assertTrue(f.done());
        Throwable e = f.exception();
        assertInstanceOf(UnknownHostException.class, e);
        assertTrue(e.getMessage().contains("Address family for hostname not supported"), e.getMessage());
    }

    @Test
    void noHostMeansLoopbackOrWildcardInGlibcOrder() throws Exception {
        List<AddrInfo> loopback = loop.getaddrinfo(null, 80, null, SocketType.STREAM, 0).result();
        assertEquals(List.of(at("::1", 80), at("127.0.0.1", 80)), loopback.stream().map(AddrInfo::address).toList());
        List<AddrInfo> passive = loop.getaddrinfo(null, 80, null, SocketType.STREAM, AddrInfo.AI_PASSIVE).result();
        assertEquals(List.of(at("0.0.0.0", 80), at("::", 80)), passive.stream().map(AddrInfo::address).toList());
        List<AddrInfo> v4 = loop.getaddrinfo(null, 0, StandardProtocolFamily.INET, null, AddrInfo.AI_PASSIVE).result();
        assertEquals(2, v4.size());
        assertTrue(v4.stream().allMatch(i -> i.family() == StandardProtocolFamily.INET));
    }

    @Test
    void numericHostFlagRefusesNamesWithoutALookup() throws Exception {
        Future<List<AddrInfo>> f = loop.getaddrinfo("localhost", 80, null, null, AddrInfo.AI_NUMERICHOST);
        assertTrue(f.done());
        assertInstanceOf(UnknownHostException.class, f.exception());
        assertTrue(f.exception().getMessage().contains("Name or service not known"));
        assertEquals(2, loop.getaddrinfo("10.1.2.3", 80, null, null, AddrInfo.AI_NUMERICHOST).result().size());
    }

    @Test
    void aNameIsLookedUpInTheExecutor() throws Exception {
        Future<List<AddrInfo>> f = loop.getaddrinfo("localhost", 8080, StandardProtocolFamily.INET, SocketType.STREAM, 0);
        assertFalse(f.done(), "a name lookup leaves the loop thread");
        List<AddrInfo> r = run(f);
        InetAddress expected = InetAddress.getByName("127.0.0.1");
        assertTrue(r.stream().anyMatch(i -> i.address().getAddress().equals(expected) && i.address().getPort() == 8080), r.toString());
        assertTrue(r.stream().allMatch(i -> i.type() == SocketType.STREAM && i.proto() == 6));
    }

    @Test
    void canonicalNameOnTheFirstEntryOnly() throws Exception {
        List<AddrInfo> r = run(loop.getaddrinfo("localhost", 80, StandardProtocolFamily.INET, null, AddrInfo.AI_CANONNAME));
        assertFalse(r.get(0).canonname().isEmpty());
        assertTrue(r.stream().skip(1).allMatch(i -> i.canonname().isEmpty()));
        List<AddrInfo> numeric = loop.getaddrinfo("127.0.0.1", 80, null, null, AddrInfo.AI_CANONNAME).result();
        assertEquals("127.0.0.1", numeric.get(0).canonname());
        assertEquals("", numeric.get(1).canonname());
    }

    @Test
    void anUnknownHostFailsWithUnknownHostException() throws Exception {
        Future<List<AddrInfo>> f = loop.getaddrinfo("no-such-host.invalid", 80);
        assertThrows(UnknownHostException.class, () -> run(f));
        Future<List<AddrInfo>> empty = loop.getaddrinfo("", 80);
        assertThrows(UnknownHostException.class, () -> run(empty));
    }

    @Test
    void badArgumentsAreRejectedAtOnce() {
        assertThrows(IllegalArgumentException.class, () -> loop.getaddrinfo("127.0.0.1", 70000));
        assertThrows(IllegalArgumentException.class, () -> loop.getaddrinfo("127.0.0.1", -1));
        assertThrows(IllegalArgumentException.class, () -> loop.getaddrinfo("127.0.0.1", 80, null, null, 0x8000));
        assertThrows(IllegalArgumentException.class,
                () -> loop.getaddrinfo("127.0.0.1", 80, StandardProtocolFamily.UNIX, null, 0));
        assertThrows(IllegalArgumentException.class, () -> loop.getnameinfo(null, 0));
        assertThrows(IllegalArgumentException.class, () -> loop.getnameinfo(new InetSocketAddress(80), 0x100));
    }

    @Test
    void numericNameInfoIsAnsweredAtOnce() throws Exception {
        Future<NameInfo> f = loop.getnameinfo(at("127.0.0.1", 80), NameInfo.NI_NUMERICHOST | NameInfo.NI_NUMERICSERV);
        assertTrue(f.done());
        assertEquals(new NameInfo("127.0.0.1", "80"), f.result());
    }

    @Test
    void ipv6NumericHostsAreWrittenAsInetNtopDoes() throws Exception {
        int flags = NameInfo.NI_NUMERICHOST | NameInfo.NI_NUMERICSERV;
        assertEquals("::1", loop.getnameinfo(at("::1", 1), flags).result().host());
        assertEquals("::", loop.getnameinfo(at("::", 1), flags).result().host());
        assertEquals("2001:db8::1:0:0:1", loop.getnameinfo(at("2001:db8:0:0:1:0:0:1", 1), flags).result().host());
        assertEquals("2001:db8:0:1:1:1:1:1", loop.getnameinfo(at("2001:db8:0:1:1:1:1:1", 1), flags).result().host());
        assertEquals("fe80::abcd", loop.getnameinfo(at("FE80:0:0:0:0:0:0:ABCD", 1), flags).result().host());
    }

    @Test
    void theLoopbackHasANameAndPort80IsHttp() throws Exception {
        Assumptions.assumeTrue(servicesList().contains("80/tcp"), "/etc/services names port 80");
        NameInfo n = run(loop.getnameinfo(at("127.0.0.1", 80), 0));
        assertEquals("localhost", n.host());
        assertEquals("http", n.service());
        assertEquals("80", run(loop.getnameinfo(at("127.0.0.1", 80), NameInfo.NI_NUMERICSERV)).service());
    }

    @Test
    void datagramServicesComeFromTheUdpEntries() throws Exception {
        Assumptions.assumeTrue(servicesList().contains("53/udp"), "/etc/services names port 53/udp");
        assertEquals("domain", run(loop.getnameinfo(at("127.0.0.1", 53), NameInfo.NI_DGRAM | NameInfo.NI_NUMERICHOST)).service());
        assertEquals("54321", run(loop.getnameinfo(at("127.0.0.1", 54321), NameInfo.NI_NUMERICHOST)).service(),
                "a port without a name is given as a number");
    }

    private static String servicesList() {
        try {
            return Files.readString(Path.of("/etc/services"));
        } catch (Exception e) {
            return "";
        }
    }

    @Test
    void anAddressWithoutANameIsNumericUnlessANameIsRequired() throws Exception {
        InetSocketAddress testNet = at("192.0.2.1", 9); // TEST-NET-1: reserved, never named
        assertEquals("192.0.2.1", run(loop.getnameinfo(testNet, NameInfo.NI_NUMERICSERV)).host());
        Future<NameInfo> f = loop.getnameinfo(testNet, NameInfo.NI_NAMEREQD);
        assertThrows(UnknownHostException.class, () -> run(f));
    }

    @Test
    void anUnresolvedAddressFails() throws Exception {
        Future<NameInfo> f = loop.getnameinfo(InetSocketAddress.createUnresolved("localhost", 80), 0);
        assertTrue(f.done());
        assertInstanceOf(UnknownHostException.class, f.exception());
    }

    @Test
    void debugModeRefusesOtherThreads() throws Exception {
        loop.setDebug(true);
        AtomicReference<Throwable> seen = new AtomicReference<>();
        NetTesting.run(loop, () -> {
            Thread t = Thread.ofPlatform().start(() -> {
                try {
                    loop.getaddrinfo("127.0.0.1", 80);
                } catch (Throwable e) {
                    seen.set(e);
                }
            });
            while (t.isAlive()) {
                org.jasyncio.Asyncio.await(Asyncio.sleep(0.005));
            }
            return null;
        });
        assertInstanceOf(IllegalStateException.class, seen.get());
    }

    @Test
    void theResolveHelperAndEnsureResolvedForOtherNetworkingParts() throws Exception {
        Dns dns = new Dns((SelectorEventLoop) loop);
        List<AddrInfo> r = dns.resolve("127.0.0.1", 9, null, SocketType.STREAM, 0).result();
        assertEquals(1, r.size());
        Future<List<AddrInfo>> resolved = dns.ensureResolved(at("::1", 5), null, SocketType.DGRAM);
        assertTrue(resolved.done());
        assertEquals(at("::1", 5), resolved.result().get(0).address());
        List<AddrInfo> byName = run(dns.ensureResolved(InetSocketAddress.createUnresolved("localhost", 7),
                StandardProtocolFamily.INET, SocketType.STREAM));
        assertEquals(7, byName.get(0).address().getPort());
        assertInstanceOf(UnknownHostException.class,
                dns.ensureResolved(at("127.0.0.1", 5), StandardProtocolFamily.INET6, null).exception());
    }
}
