package org.jasyncio.reliability;

import static org.jasyncio.Asyncio.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jasyncio.Asyncio;
import org.jasyncio.EventLoop;
import org.jasyncio.Protocol;
import org.jasyncio.Server;
import org.jasyncio.harness.LoopReportGuard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Null and ill-formed arguments to the networking entry points of the loop, and protocol factories that fail: each
 * bad argument is refused at once (API.md: asyncio's TypeError and ValueError are IllegalArgumentException, a null
 * where Java has no TypeError a NullPointerException) with a message naming what was wrong; a failing factory fails
 * its call or its accepted connection alone, as asyncio's, and no descriptor is left behind.
 */
@Timeout(60)
class BadArgumentsTest {
    private TreeMap<Integer, String> fdsBefore;

    @BeforeEach
    void census() {
        fdsBefore = Census.descriptors();
    }

    @AfterEach
    void nothingLeaks() throws Exception {
        assertEquals(List.of(), Census.descriptorsLeftOver(fdsBefore, 2, 10), "descriptors left open");
    }

    /** A call that must be refused at once. */
    private interface Call {
        Object run() throws Exception;
    }

    @Test
    void nullArgumentsToTheNetworkingCallsAreRefusedAtOnceWithAMessage() throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Kit kit = new Kit(); DatagramChannel dc = DatagramChannel.open(); SocketChannel sc = SocketChannel.open()) {
            dc.configureBlocking(false);
            sc.configureBlocking(false);
            EventLoop loop = kit.loop;
            Supplier<Protocol> f = () -> new Protocol() { };
            kit.run(30, () -> {
                Map<String, Call> calls = new LinkedHashMap<>();
                calls.put("createConnection(null factory)", () -> loop.createConnection(null, "127.0.0.1", 9));
                calls.put("createServer(null factory)", () -> loop.createServer(null, "127.0.0.1", 0));
                calls.put("createUnixConnection(null path)", () -> loop.createUnixConnection(f, null));
                calls.put("createUnixServer(null factory)", () -> loop.createUnixServer(null, java.nio.file.Path.of("/tmp/x")));
                calls.put("connectAcceptedSocket(null sock)", () -> loop.connectAcceptedSocket(f, null));
                calls.put("connectAcceptedSocket(null factory)", () -> loop.connectAcceptedSocket(null, sc));
                calls.put("createDatagramEndpoint(null factory)",
                        () -> loop.createDatagramEndpoint(null, new InetSocketAddress("127.0.0.1", 0), null));
                calls.put("sockConnect(null address)", () -> loop.sockConnect(sc, null));
                calls.put("sockSendto(null data)", () -> loop.sockSendto(dc, null, new InetSocketAddress("127.0.0.1", 9)));
                calls.put("sockSendto(null address)", () -> loop.sockSendto(dc, ByteBuffer.allocate(1), null));
                calls.put("sockRecvfrom(null sock)", () -> loop.sockRecvfrom(null, 10));
                calls.put("sockRecvfrom(negative)", () -> loop.sockRecvfrom(dc, -1));
                calls.put("sockRecv(negative)", () -> loop.sockRecv(dc, -1));
                calls.put("sockSendall(null bytes)", () -> loop.sockSendall(sc, (byte[]) null));
                calls.put("sockSendfile(null sock)", () -> loop.sockSendfile(null, null, 0, 0, true));
                calls.put("sendfile(null transport)", () -> loop.sendfile(null, null));
                calls.put("connectReadPipe(null pipe)", () -> loop.connectReadPipe(f, (java.nio.channels.Pipe.SourceChannel) null));
                calls.put("connectWritePipe(null pipe)", () -> loop.connectWritePipe(f, (java.nio.channels.Pipe.SinkChannel) null));
                for (var e : calls.entrySet()) {
                    Object result;
                    try {
                        result = e.getValue().run();
                    } catch (IllegalArgumentException | NullPointerException refused) {
                        if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                            wrong.add(e.getKey() + ": " + refused.getClass().getSimpleName() + " with no message");
                        }
                        continue;
                    }
                    String outcome = "not refused at once";
                    if (result instanceof org.jasyncio.Future<?> fut) {
                        try {
                            await(Asyncio.waitFor(fut, 5));
                        } catch (Exception later) {
                            outcome += " (the future failed with " + later + ")";
                        }
                    }
                    wrong.add(e.getKey() + ": " + outcome);
                }
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void signalHandlerCallsWithBadArgumentsAreRefusedNamingTheSignalAndChangeNothing() throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Kit kit = new Kit()) {
            EventLoop loop = kit.loop;
            kit.run(30, () -> {
                Map<String, Call> calls = new LinkedHashMap<>();
                calls.put("addSignalHandler(null, cb)", () -> {
                    loop.addSignalHandler(null, () -> { });
                    return null;
                });
                calls.put("addSignalHandler(SIGUSR1, null)", () -> {
                    loop.addSignalHandler("SIGUSR1", null);
                    return null;
                });
                calls.put("addSignalHandler(SIGKILL, cb)", () -> {
                    loop.addSignalHandler("SIGKILL", () -> { });
                    return null;
                });
                calls.put("addSignalHandler(SIGSTOP, cb)", () -> {
                    loop.addSignalHandler("SIGSTOP", () -> { });
                    return null;
                });
                calls.put("addSignalHandler(SIGNOPE, cb)", () -> {
                    loop.addSignalHandler("SIGNOPE", () -> { });
                    return null;
                });
                calls.put("addSignalHandler(empty, cb)", () -> {
                    loop.addSignalHandler("", () -> { });
                    return null;
                });
                calls.put("removeSignalHandler(null)", () -> loop.removeSignalHandler(null));
                calls.put("removeSignalHandler(SIGNOPE)", () -> loop.removeSignalHandler("SIGNOPE"));
                for (var e : calls.entrySet()) {
                    try {
                        e.getValue().run();
                        wrong.add(e.getKey() + ": not refused");
                    } catch (IllegalArgumentException | NullPointerException refused) {
                        if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                            wrong.add(e.getKey() + ": " + refused.getClass().getSimpleName() + " with no message");
                        }
                    } catch (Exception other) {
                        wrong.add(e.getKey() + ": " + other);
                    }
                }
                // Nothing was installed by the refused calls.
                assertEquals(false, loop.removeSignalHandler("SIGUSR1"));
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
        assertEquals(List.of(), wrong);
    }

    /** An address of another kind than the socket's: refused (at once or through the future) with a message. */
    @Test
    void sockCallsWithAnAddressOfTheWrongKindFailWithAMessage() throws Exception {
        List<String> wrong = new ArrayList<>();
        try (Kit kit = new Kit(); DatagramChannel dc = DatagramChannel.open(java.net.StandardProtocolFamily.INET);
             SocketChannel sc = SocketChannel.open(java.net.StandardProtocolFamily.INET)) {
            dc.configureBlocking(false);
            dc.bind(new InetSocketAddress("127.0.0.1", 0));
            sc.configureBlocking(false);
            EventLoop loop = kit.loop;
            java.net.SocketAddress path = java.net.UnixDomainSocketAddress.of("/tmp/jasyncio-nowhere");
            kit.run(30, () -> {
                Map<String, Call> calls = new LinkedHashMap<>();
                calls.put("sockSendto(a path, inet socket)", () -> await(loop.sockSendto(dc, ByteBuffer.wrap("x".getBytes()), path)));
                calls.put("sockConnect(a path, inet socket)", () -> await(loop.sockConnect(sc, path)));
                for (var e : calls.entrySet()) {
                    try {
                        e.getValue().run();
                        wrong.add(e.getKey() + ": not refused");
                    } catch (Exception refused) {
                        if (!(refused instanceof IllegalArgumentException) || refused.getMessage() == null
                                || !refused.getMessage().contains("jasyncio-nowhere")) {
                            wrong.add(e.getKey() + ": " + refused + " (asyncio: TypeError naming the address)");
                        }
                    }
                }
                // The socket still works.
                await(loop.sockSendto(dc, ByteBuffer.wrap("ok".getBytes()), dc.getLocalAddress()));
                assertEquals("ok", new String(await(loop.sockRecvfrom(dc, 10)).data()));
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * asyncio's {@code _accept_connection2} closes the accepted socket and reports the failure only in debug mode
     * ("Error on transport creation for incoming connection"); the server goes on either way.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void aServerProtocolFactoryThatFailsLosesOnlyThatConnection(boolean debug) throws Exception {
        RuntimeException boom = new IllegalStateException("the factory fails");
        int[] calls = {0};
        LoopReportGuard.expect(ctx -> ctx.get("exception") == boom || ctx.get("exception") instanceof IllegalArgumentException);
        try (Kit kit = new Kit()) {
            kit.loop.setDebug(debug);
            kit.run(30, () -> {
                Server server = await(kit.loop.createServer(() -> {
                    calls[0]++;
                    if (calls[0] == 1) {
                        throw boom;
                    }
                    if (calls[0] == 2) {
                        return null; // asyncio fails such a connection too (no protocol to call)
                    }
                    return new Kit.Echo();
                }, "127.0.0.1", 0));
                for (int i = 0; i < 2; i++) {
                    TransportMisuseTest.Sink s = new TransportMisuseTest.Sink();
                    s.lostFuture = kit.loop.createFuture();
                    await(kit.loop.createConnection(() -> s, "127.0.0.1", Kit.port(server)));
                    for (int w = 0; w < 500 && s.eofs == 0 && s.lost == 0; w++) {
                        await(Asyncio.sleep(0.01));
                    }
                    assertTrue(s.eofs == 1 || s.lost == 1, "the failed connection is closed");
                    s.transport.close();
                    await(Asyncio.waitFor(s.lostFuture, 10));
                }
                TransportMisuseTest.Sink ok = new TransportMisuseTest.Sink();
                await(kit.loop.createConnection(() -> ok, "127.0.0.1", Kit.port(server)));
                ok.transport.write("still serving".getBytes());
                for (int w = 0; w < 500 && ok.got.size() < 13; w++) {
                    await(Asyncio.sleep(0.01));
                }
                assertEquals("still serving", ok.got.toString());
                ok.transport.close();
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                return null;
            });
            if (!debug) {
                assertEquals(List.of(), kit.reports);
                return;
            }
            assertEquals(2, kit.reports.size(), kit.reports.toString());
            Map<String, Object> first = kit.reports.getFirst();
            assertEquals("Error on transport creation for incoming connection", first.get("message"));
            assertEquals(boom, first.get("exception"));
            Map<String, Object> second = kit.reports.get(1);
            assertEquals("Error on transport creation for incoming connection", second.get("message"));
            Throwable e = (Throwable) second.get("exception");
            assertTrue(e.getMessage() != null && e.getMessage().contains("null"), "names the null protocol: " + e);
        }
    }

    @Test
    void aClientProtocolFactoryThatFailsFailsTheCallAndClosesItsSocket() throws Exception {
        RuntimeException boom = new IllegalStateException("the factory fails");
        try (Kit kit = new Kit()) {
            kit.run(30, () -> {
                List<Kit.Echo> accepted = new ArrayList<>();
                Server server = await(kit.loop.createServer(() -> {
                    Kit.Echo e = new Kit.Echo();
                    accepted.add(e);
                    return e;
                }, "127.0.0.1", 0));
                Exception e = assertThrows(Exception.class, () -> await(kit.loop.createConnection(() -> {
                    throw boom;
                }, "127.0.0.1", Kit.port(server))));
                assertEquals(boom, e);
                Exception n = assertThrows(Exception.class, () -> await(kit.loop.createConnection(() -> null,
                        "127.0.0.1", Kit.port(server))));
                assertTrue(n instanceof IllegalArgumentException || n instanceof NullPointerException, "refused: " + n);
                Exception d = assertThrows(Exception.class, () -> await(kit.loop.createDatagramEndpoint(() -> {
                    throw boom;
                }, new InetSocketAddress("127.0.0.1", 0), null)));
                assertEquals(boom, d);
                for (int w = 0; w < 500 && accepted.stream().anyMatch(a -> a.made > 0 && a.lost == 0); w++) {
                    await(Asyncio.sleep(0.01));
                }
                for (Kit.Echo a : accepted) {
                    assertEquals(a.made, a.lost, "the server side sees the failed client's socket closed");
                }
                server.close();
                await(Asyncio.waitFor(server.waitClosed(), 10));
                return null;
            });
            assertEquals(List.of(), kit.reports);
        }
    }
}
